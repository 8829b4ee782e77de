"""Staff members of an agency (tenant table)."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from gorilla.auth import Realm, names_from_email
from gorilla.i18n import DEFAULT_LANGUAGE
from gorilla.passwords import check_password, hash_password, new_session_token
from gorilla.tokens import spend_link
from gorilla.two_factor.models import TwoFactorColumns
from tenants.model_base import TenantModel
from tenants.models import utcnow


class Staff(UserMixin, TwoFactorColumns, TenantModel):
    """A member of the agency's team who signs in at /admin."""

    __tablename__ = "staff"
    realm = Realm.STAFF

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # May sign in as a contact ("Als Kontakt anmelden"); admins always may.
    can_impersonate: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = mapped_column(String(5), default=DEFAULT_LANGUAGE)
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    link_nonce: Mapped[str | None] = mapped_column(String(32))  # see gorilla.tokens (single use)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Members an admin adds count as verified; only the sign-up admin confirms (``NULL`` until
    # then, see ``crm.staff.verification``).
    email_verified_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )

    def get_id(self) -> str:
        """Flask-Login id: the rotating session token, never the primary key."""
        return self.session_token

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def may_impersonate(self) -> bool:
        """Whether the member may sign in as a contact: admins, and staff given the right."""
        return self.is_admin or self.can_impersonate

    @property
    def full_name(self) -> str:
        """First and last name; when both are empty, the name read from the email address
        (never the bare address)."""
        name = f"{self.first_name} {self.last_name}".strip()
        return name or " ".join(names_from_email(self.email)).strip() or self.email

    def set_password(self, password: str) -> None:
        """Store a new password hash, end every other session and outstanding link."""
        self.password_hash = hash_password(password)
        self.session_token = new_session_token()
        spend_link(self)

    def check_password(self, password: str) -> bool:
        """Whether ``password`` matches (constant effort when no password is set)."""
        return check_password(self.password_hash, password)
