"""Switch two-factor sign-in on and off, check codes (TOTP or recovery), admins' reset, and
the tenant settings that require it.

Every check that spends something (a TOTP time-step, a recovery code) is one conditional
UPDATE of the user's row, so of two simultaneous uses of one code exactly one wins.
"""

import json

from sqlalchemy import or_, update
from sqlalchemy.orm.attributes import set_committed_value

from gorilla.audit import AuditAction, record
from gorilla.extensions import db
from tenants.models import utcnow
from tenants.settings import get_setting, set_setting

from . import totp

REQUIRED_KEY = "two_factor_required_{realm}"  # settings: two_factor_required_staff / _contact


def required(realm: str) -> bool:
    """Whether the tenant requires two-factor sign-in of every user of ``realm``."""
    return bool(get_setting(REQUIRED_KEY.format(realm=realm), False))


def set_required(realm: str, value: bool) -> bool:
    """Save the requirement for ``realm``; whether it changed."""
    changed = required(realm) != bool(value)
    set_setting(REQUIRED_KEY.format(realm=realm), bool(value))
    return changed


def _customer_of(user) -> int | None:
    return getattr(user, "customer_id", None)


def pending_secret(user) -> str:
    """The secret being enrolled (made on first sight, kept until switched on or off)."""
    if not user.totp_secret:
        user.totp_secret = totp.new_secret()
    return user.totp_secret


def _new_recovery_codes(user) -> list[str]:
    codes = totp.new_recovery_codes()
    user.recovery_codes = json.dumps([totp.recovery_digest(code) for code in codes])
    return codes


def enable(user, code: str) -> list[str] | None:
    """Switch on with a code of the pending secret; the ten recovery codes (shown once), or
    ``None`` for a wrong code."""
    step = totp.matching_step(user.totp_secret or "", code, None) if user.totp_secret else None
    if step is None:
        return None
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    codes = _new_recovery_codes(user)
    record(AuditAction.TWO_FACTOR_ENABLED, subject=user, customer_id=_customer_of(user))
    return codes


def _spend_step(user, step: int) -> bool:
    model = type(user)
    spent = db.session.execute(
        update(model)
        .where(
            model.id == user.id,
            or_(model.totp_last_step.is_(None), model.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def remaining_recovery_codes(user) -> int:
    """How many recovery codes are left unused."""
    return len(json.loads(user.recovery_codes or "[]"))


def _spend_recovery_code(user, code: str) -> bool:
    digests = json.loads(user.recovery_codes or "[]")
    digest = totp.recovery_digest(code)
    if digest not in digests:
        return False
    model, left = type(user), json.dumps([other for other in digests if other != digest])
    spent = db.session.execute(
        update(model)
        .where(model.id == user.id, model.recovery_codes == user.recovery_codes)
        .values(recovery_codes=left)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        return False
    set_committed_value(user, "recovery_codes", left)
    record(
        AuditAction.RECOVERY_CODE_USED,
        actor=user,
        subject=user,
        customer_id=_customer_of(user),
        details={"left": len(digests) - 1},
    )
    return True


def check_code(user, code: str | None) -> bool:
    """Whether ``code`` (a TOTP code or an unused recovery code) proves the second factor;
    a matching code is spent."""
    if not user.two_factor_enabled or not user.totp_secret:
        return False
    step = totp.matching_step(user.totp_secret, code or "", user.totp_last_step)
    if step is not None:
        return _spend_step(user, step)
    return _spend_recovery_code(user, code or "")


def clear(user) -> None:
    """Forget the user's secret, time-step and recovery codes (in the caller's transaction)."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_codes = None


def disable(user) -> None:
    """Switch off (the caller checked password and code)."""
    clear(user)
    record(AuditAction.TWO_FACTOR_DISABLED, subject=user, customer_id=_customer_of(user))


def renew_recovery_codes(user) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    codes = _new_recovery_codes(user)
    record(AuditAction.RECOVERY_CODES_RENEWED, subject=user, customer_id=_customer_of(user))
    return codes


def recovery_codes_match(user, codes: list[str]) -> bool:
    """Whether ``codes`` are exactly the user's unused recovery codes (for the download)."""
    digests = sorted(totp.recovery_digest(code) for code in codes)
    return bool(codes) and digests == sorted(json.loads(user.recovery_codes or "[]"))


def reset(user) -> None:
    """An admin switches a member's or contact's two-factor sign-in off (logged): the user
    signs in with the password alone, or enrols again where the tenant requires it."""
    was_on = user.two_factor_enabled
    clear(user)
    record(
        AuditAction.TWO_FACTOR_RESET,
        subject=user,
        customer_id=_customer_of(user),
        details={"was_enabled": was_on},
    )
