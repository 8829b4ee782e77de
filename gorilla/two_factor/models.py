"""What two-factor sign-in stores: columns on each user table (``TwoFactorColumns``) and the
half-signed-in state between password and code (``TwoFactorChallenge``, a tenant table)."""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tenants.model_base import TenantModel


class TwoFactorColumns:
    """Mixed into ``Staff`` and ``Contact``: the TOTP secret (set while enrolling, kept while
    on), when it was switched on, the last time-step a code was accepted for (a code works once
    within its window) and the SHA-256 digests of the unused recovery codes (JSON list)."""

    totp_secret: Mapped[str | None] = mapped_column(String(32))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    recovery_codes: Mapped[str | None] = mapped_column(Text)

    @property
    def two_factor_enabled(self) -> bool:
        """Whether signing in asks for a code after the password."""
        return self.totp_enabled_at is not None


class TwoFactorChallenge(TenantModel):
    """A user who proved the first factor (password or emailed link) and still owes a code:
    the cookie holds a random key, the row its SHA-256; it lives ``CHALLENGE_MAX_AGE`` seconds
    and only while the user's session token is unchanged."""

    __tablename__ = "two_factor_challenges"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    realm: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[int] = mapped_column(Integer)
    user_token: Mapped[str] = mapped_column(String(64))
    created: Mapped[int] = mapped_column(BigInteger)  # Unix seconds
    next_url: Mapped[str] = mapped_column(String(500), default="")
