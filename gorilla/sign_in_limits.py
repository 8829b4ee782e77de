"""Sign-in limits counted in the tenant's own database (like django-axes).

Every failed sign-in is a row of the tenant, so the limits hold across gunicorn workers and
machines without Redis. Two limits, each a number of failures in a sliding window:

- per account (realm and typed email, ``SIGN_IN_LIMIT``, 10 in 15 minutes) against guessing one
  password; a successful sign-in deletes the account's failures (django-axes'
  ``AXES_RESET_ON_SUCCESS = True``);
- per client address (``SIGN_IN_ADDRESS_LIMIT``, 100 in 15 minutes) against password spraying,
  high enough that an agency behind one address is not locked out by a few typos.

A failure is written and committed at once (``commit_now``: it counts even when the answer is
429) before it is counted, so of concurrent wrong passwords at most the limit get an answer
other than 429; clearing them on success is part of the request's transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

import limits
from flask import current_app
from flask_limiter.util import get_remote_address
from sqlalchemy import DateTime, Index, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.exceptions import TooManyRequests

from gorilla.audit import AuditAction, record
from gorilla.auth import normalize_email
from gorilla.extensions import db
from gorilla.unit_of_work import commit_now
from tenants.model_base import TenantModel
from tenants.models import utcnow

User = TypeVar("User")
ACCOUNT_LIMIT, ADDRESS_LIMIT = "SIGN_IN_LIMIT", "SIGN_IN_ADDRESS_LIMIT"  # settings


class SignInFailure(TenantModel):
    """One failed sign-in: which realm and account was tried, from which address, when."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (
        Index("ix_sign_in_failures_account", "realm", "account", "created_at"),
        Index("ix_sign_in_failures_address", "address", "created_at"),
        Index("ix_sign_in_failures_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    realm: Mapped[str] = mapped_column(String(20))
    account: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def _window(setting: str) -> tuple[int, datetime]:
    """The number of failures a limit allows and the start of its window."""
    limit = limits.parse(current_app.config[setting])
    return limit.amount, utcnow() - timedelta(seconds=limit.get_expiry())


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt: the realm, the account typed into the form, the client address."""

    realm: str
    account: str
    address: str

    def failures(self) -> tuple[int, int]:
        """Failures of the account and of the address within their windows (one query)."""
        _, account_since = _window(ACCOUNT_LIMIT)
        _, address_since = _window(ADDRESS_LIMIT)
        count = select(func.count()).select_from(SignInFailure)
        by_account = count.where(
            SignInFailure.realm == self.realm,
            SignInFailure.account == self.account,
            SignInFailure.created_at > account_since,
        )
        by_address = count.where(
            SignInFailure.address == self.address, SignInFailure.created_at > address_since
        )
        row = db.session.execute(
            select(by_account.scalar_subquery(), by_address.scalar_subquery())
        ).one()
        return row[0], row[1]

    def refuse_beyond_limits(self, failures: tuple[int, int]) -> None:
        """429 when the account or the address has more failures than its limit allows; the
        answer says when to try again (the limit's window)."""
        for setting, count in zip((ACCOUNT_LIMIT, ADDRESS_LIMIT), failures, strict=True):
            limit = limits.parse(current_app.config[setting])
            if count > limit.amount:
                raise TooManyRequests(retry_after=limit.get_expiry())

    def record_failure(self) -> None:
        """Store the failure and its audit entry (in a write transaction of its own) and drop
        expired failures."""
        db.session.rollback()  # end the read: SQLite then waits for the lock instead of failing
        oldest = min(_window(ACCOUNT_LIMIT)[1], _window(ADDRESS_LIMIT)[1])
        db.session.execute(delete(SignInFailure).where(SignInFailure.created_at <= oldest))
        db.session.add(SignInFailure(realm=self.realm, account=self.account, address=self.address))
        entry = record(AuditAction.SIGN_IN_FAILED, actor_name=self.account)
        entry.actor_realm = self.realm
        commit_now()

    def forget_account(self) -> None:
        """A successful sign-in clears the account's failures (in the request's transaction)."""
        db.session.execute(
            delete(SignInFailure).where(
                SignInFailure.realm == self.realm, SignInFailure.account == self.account
            )
        )


def limited(
    realm: str, authenticate: Callable[[str, str], User | None]
) -> Callable[[str, str], User | None]:
    """``authenticate`` behind the sign-in limits of ``realm``: beyond them it answers 429.

    Checked before the password (a locked account answers 429 even to the right one), and again
    after a failure was recorded, counting it, so concurrent guesses cannot slip past.
    """

    def attempt_sign_in(email: str, password: str) -> User | None:
        found: list[User] = []

        def check() -> bool:
            found.append(authenticate(email, password))
            return found[0] is not None

        # A password alone does not clear the failures of an account that still owes a
        # second factor: else each right password would restart the count of wrong codes.
        guarded(realm, email, check, forget=lambda: not getattr(found[0], "two_factor_enabled", 0))
        return found[0]

    return attempt_sign_in


def guarded(
    realm: str, account: str, check: Callable[[], bool], forget: Callable[[], bool] | None = None
) -> bool:
    """Run ``check`` (a password or a code of ``account``) behind the sign-in limits of
    ``realm``: beyond them it answers 429, a failure counts toward them, and a success clears
    the account's failures unless ``forget()`` says not to.

    Checked before (a locked account answers 429 even to the right answer), and again after a
    failure was recorded, counting it, so concurrent guesses cannot slip past.
    """
    attempt = Attempt(realm, normalize_email(account)[:254], get_remote_address()[:64])
    by_account, by_address = attempt.failures()
    attempt.refuse_beyond_limits((by_account + 1, by_address + 1))
    if not check():
        attempt.record_failure()
        attempt.refuse_beyond_limits(attempt.failures())
        return False
    if by_account and (forget is None or forget()):
        attempt.forget_account()
    return True


def forget_failures(user) -> None:
    """Clear the failed sign-ins of ``user``'s account (in the caller's transaction): a password
    set through an emailed link proves the account, so the new password works at once."""
    Attempt(user.realm, normalize_email(user.email)[:254], "").forget_account()
