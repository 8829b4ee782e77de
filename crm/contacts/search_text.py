"""The all-contacts search text (``contacts.search_text``), kept in step with every ORM write.

A contact's text is its name, email and phone number and its customer's company, folded
(``gorilla.trigram.fold``). Before each flush, new contacts and contacts whose searched fields
or customer changed get theirs; a customer whose company changed rewrites its contacts' texts.
Bulk inserts through Core (the CSV import) pass ``search_text_of`` themselves. A rename locks
the customer's row before it reads the contacts, as creating a contact does.
"""

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from crm.customers.models import Customer
from gorilla.unit_of_work import attributes_changed

from .models import SEARCHABLE, Contact, search_text_of

CONTACT_FIELDS = (*SEARCHABLE, "customer_id", "customer")


def _company(session: Session, contact: Contact) -> str:
    moved = attributes_changed(contact, ("customer_id",))
    customer = contact.customer
    if customer is None or (moved and customer.id != contact.customer_id):
        customer = session.get(Customer, contact.customer_id)
    return customer.company if customer is not None else ""


def _contacts_of_renamed(session: Session, customer: Customer) -> list[Contact]:
    """The customer's contacts, read after locking its row: a contact added meanwhile (its
    creator holds the lock, ``crm.contacts.service.lock_customer``) is committed and read."""
    if customer.id is None:
        return list(customer.contacts)
    session.execute(select(Customer.id).where(Customer.id == customer.id).with_for_update())
    return list(session.scalars(select(Contact).where(Contact.customer_id == customer.id)))


@event.listens_for(Session, "before_flush")
def _keep_in_step(session: Session, _context, _instances) -> None:
    """Set the search text of the contacts this flush writes (same transaction)."""
    with session.no_autoflush:
        for instance in list(session.new | session.dirty):
            if isinstance(instance, Contact) and (
                instance in session.new or attributes_changed(instance, CONTACT_FIELDS)
            ):
                instance.search_text = search_text_of(instance, _company(session, instance))
            elif isinstance(instance, Customer) and attributes_changed(instance, ("company",)):
                for contact in _contacts_of_renamed(session, instance):
                    contact.search_text = search_text_of(contact, instance.company)
