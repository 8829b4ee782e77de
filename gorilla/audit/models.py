"""Audit entries (tenant table): written once, never changed; only the retention purge deletes."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from gorilla.choices import LabelledEnum
from tenants.model_base import TenantModel
from tenants.models import utcnow


class AuditAction(LabelledEnum):
    """What happened."""

    SIGN_IN = "sign_in", _l("Sign-in")
    SIGN_IN_FAILED = "sign_in_failed", _l("Failed sign-in")
    IMPERSONATION_STARTED = "impersonation_started", _l("Signed in as contact")
    IMPERSONATION_ENDED = "impersonation_ended", _l("Signed out as contact")
    PERMISSIONS_CHANGED = "permissions_changed", _l("Permissions changed")
    STAFF_CREATED = "staff_created", _l("Staff member added")
    STAFF_ACTIVATED = "staff_activated", _l("Staff member activated")
    STAFF_DEACTIVATED = "staff_deactivated", _l("Staff member deactivated")
    CONTACT_DELETED = "contact_deleted", _l("Contact deleted")
    CUSTOMER_DELETED = "customer_deleted", _l("Customer deleted")
    TEMPLATE_CHANGED = "template_changed", _l("Email template changed")
    TEMPLATE_RESET = "template_reset", _l("Email template reset")
    EXPORTED = "exported", _l("Export")
    IMPORTED = "imported", _l("Import")
    RETENTION_CHANGED = "retention_changed", _l("Log retention changed")
    ERASURE_REQUESTED = "erasure_requested", _l("Erasure requested")
    CONTACT_ANONYMISED = "contact_anonymised", _l("Contact anonymised")
    CONSENT_GIVEN = "consent_given", _l("Consent given")
    CONSENT_WITHDRAWN = "consent_withdrawn", _l("Consent withdrawn")
    PRIVACY_POLICY_CHANGED = "privacy_policy_changed", _l("Privacy policy changed")
    CUSTOMER_GROUP_CREATED = "customer_group_created", _l("Customer group created")
    CUSTOMER_GROUP_CHANGED = "customer_group_changed", _l("Customer group changed")
    CUSTOMER_GROUP_DELETED = "customer_group_deleted", _l("Customer group deleted")
    CUSTOMER_GROUPS_CHANGED = "customer_groups_changed", _l("Customer groups changed")
    CUSTOMER_REGISTERED = "customer_registered", _l("Customer registered")
    REGISTRATION_CONFIRMED = "registration_confirmed", _l("Registration confirmed")
    REGISTRATION_APPROVED = "registration_approved", _l("Registration approved")
    REGISTRATION_REJECTED = "registration_rejected", _l("Registration rejected")
    TICKET_OPENED = "ticket_opened", _l("Ticket opened")
    TICKET_CHANGED = "ticket_changed", _l("Ticket changed")
    TICKET_MERGED = "ticket_merged", _l("Ticket merged")
    TICKET_CLOSED = "ticket_closed", _l("Ticket closed")
    TICKET_DELETED = "ticket_deleted", _l("Ticket deleted")
    TWO_FACTOR_ENABLED = "two_factor_enabled", _l("Two-factor sign-in switched on")
    TWO_FACTOR_DISABLED = "two_factor_disabled", _l("Two-factor sign-in switched off")
    TWO_FACTOR_RESET = "two_factor_reset", _l("Two-factor sign-in reset by an admin")
    RECOVERY_CODE_USED = "recovery_code_used", _l("Recovery code used")
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _l("New recovery codes")
    SECURITY_SETTINGS_CHANGED = "security_settings_changed", _l("Security settings changed")
    MAGIC_LINK_SIGN_IN = "magic_link_sign_in", _l("Sign-in link used")
    API_KEY_CREATED = "api_key_created", _l("API key created")
    API_KEY_REVOKED = "api_key_revoked", _l("API key revoked")
    CONTRACT_CREATED = "contract_created", _l("Contract created")
    CONTRACT_SENT = "contract_sent", _l("Contract sent")
    CONTRACT_SIGNED = "contract_signed", _l("Contract signed")
    CONTRACT_TERMINATED = "contract_terminated", _l("Contract terminated")
    CONTRACT_RENEWED = "contract_renewed", _l("Contract renewed")
    CONTRACT_DELETED = "contract_deleted", _l("Contract deleted")
    ESTIMATE_ACCEPTED = "estimate_accepted", _l("Estimate accepted")
    ESTIMATE_DECLINED = "estimate_declined", _l("Estimate declined")
    ESTIMATE_CONVERTED = "estimate_converted", _l("Estimate converted to an invoice")
    ESTIMATE_DELETED = "estimate_deleted", _l("Estimate deleted")
    CREDIT_NOTE_APPLIED = "credit_note_applied", _l("Credit note applied")
    PROPOSAL_CREATED = "proposal_created", _l("Proposal created")
    PROPOSAL_CHANGED = "proposal_changed", _l("Proposal changed")
    PROPOSAL_SENT = "proposal_sent", _l("Proposal sent")
    PROPOSAL_VIEWED = "proposal_viewed", _l("Proposal opened by the customer")
    PROPOSAL_ACCEPTED = "proposal_accepted", _l("Proposal accepted")
    PROPOSAL_DECLINED = "proposal_declined", _l("Proposal declined")
    PROPOSAL_DELETED = "proposal_deleted", _l("Proposal deleted")
    PROPOSAL_CONVERTED = "proposal_converted", _l("Proposal converted")


class AuditEntry(TenantModel):
    """One event: when (UTC), who (realm, id and name as they were), what, on which record
    (type, id and label as they were), for which customer (the activity tab), from which
    address, with details (JSON). No foreign keys: entries outlive what they name."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_created_at", "created_at"),
        Index("ix_audit_entries_customer_id", "customer_id", "created_at"),
        Index("ix_audit_entries_action", "action", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_realm: Mapped[str] = mapped_column(String(10), default="")
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40), default="")
    subject_id: Mapped[int | None] = mapped_column(Integer)
    subject_label: Mapped[str] = mapped_column(String(254), default="")
    customer_id: Mapped[int | None] = mapped_column(Integer)
    ip_address: Mapped[str] = mapped_column(String(45), default="")
    details: Mapped[str] = mapped_column(Text, default="{}")

    @property
    def action_label(self) -> str:
        """The translated name of the action."""
        return AuditAction.label_of(self.action)


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _append_only(mapper, connection, entry: AuditEntry) -> None:
    """The ORM never changes or deletes an entry (the retention purge is a bulk statement)."""
    raise PermissionError("audit entries are append-only")
