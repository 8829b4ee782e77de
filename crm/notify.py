"""Who hears about projects and tasks: the customer's contacts and the task's assignees."""

from flask import g
from sqlalchemy import select

import mail_templates
from crm.contacts.models import Contact
from gorilla.extensions import db
from tenants.urls import tenant_url_for


def link(endpoint: str, **values) -> str:
    """Absolute link to ``endpoint`` on the current tenant (built from configuration)."""
    return tenant_url_for(endpoint, g.tenant.slug, **values)


def portal_contacts(customer_id: int, permission: str) -> list[Contact]:
    """Active contacts of the customer who may open the customer-area section ``permission``."""
    contacts = db.session.scalars(
        select(Contact)
        .where(Contact.customer_id == customer_id, Contact.active)
        .order_by(Contact.is_primary.desc(), Contact.id)
    ).all()
    return [contact for contact in contacts if contact.has_permission(permission)]


def notify_contacts(slug: str, customer_id: int, permission: str, **fields) -> int:
    """Queue ``slug`` to every contact of the customer with ``permission``; ``send`` skips
    those who switched the template's notification off. Returns the number queued."""
    queued = [
        mail_templates.send(slug, to=contact, **fields)
        for contact in portal_contacts(customer_id, permission)
    ]
    return sum(1 for message in queued if message is not None)
