"""Value lists of self-registration (the approval state itself is ``Customer.approval``)."""

from flask_babel import lazy_gettext as _l

from gorilla.choices import LabelledEnum


class ApprovalMode(LabelledEnum):
    """What happens to a customer that registered and confirmed its email address."""

    PENDING = "pending", _l("New customers wait for approval by staff")
    IMMEDIATE = "immediate", _l("New customers are active immediately")
