"""The demo tenant's support: two departments, a predefined reply and tickets in several
states, one of them answered by the customer by email."""

from flask import Flask
from sqlalchemy import func, select

from crm.customers.demo import first_customer
from crm.staff.demo import first_staff
from gorilla.demo import register_demo_seeder
from gorilla.extensions import db

from .models import Department, PredefinedReply, Ticket, TicketPriority, TicketStatus
from .service import add_reply, change_ticket, close_ticket, open_ticket


def seed_demo_tickets() -> bool:
    """Add departments and sample tickets unless there are tickets."""
    if db.session.scalar(select(func.count()).select_from(Ticket)):
        return False
    staff = first_staff()
    _, contact = first_customer()
    technik = Department(name="Technik", email="")
    buchhaltung = Department(name="Buchhaltung", email="")
    db.session.add_all([technik, buchhaltung])
    db.session.add(
        PredefinedReply(
            title="Danke, wir kümmern uns",
            body="Vielen Dank für Ihre Nachricht – wir kümmern uns darum und melden uns heute.",
        )
    )
    db.session.flush()

    def new(subject: str, message: str, department: Department, priority: str) -> Ticket:
        return open_ticket(contact, subject=subject, message=message,
                           department_id=department.id, priority=priority)  # fmt: skip

    urgent = new("Kontaktformular sendet nicht", "Seit gestern kommt keine Anfrage mehr an.",
                 technik, TicketPriority.HIGH)  # fmt: skip
    change_ticket(urgent, status=TicketStatus.IN_PROGRESS, assignee_id=staff.id)
    mailed = new("Neues Logo auf der Website", "Bitte das neue Logo einbauen.",
                 technik, TicketPriority.MEDIUM)  # fmt: skip
    add_reply(mailed, "Ist eingebaut – bitte einmal prüfen.", staff=staff)
    add_reply(mailed, "Sieht gut aus, danke! Nur auf dem Handy ist es noch klein.",
              contact=contact, via_email=True)  # fmt: skip
    add_reply(mailed, "Kunde per Telefon informiert.", staff=staff, internal=True)
    waiting = new("Rechnung doppelt erhalten", "Die Rechnung kam zweimal.",
                  buchhaltung, TicketPriority.LOW)  # fmt: skip
    add_reply(waiting, "Wir prüfen das mit der Buchhaltung.", staff=staff,
              status=TicketStatus.ON_HOLD)  # fmt: skip
    change_ticket(waiting, assignee_id=staff.id)
    done = new("Zugang zum Kundenbereich", "Wie setze ich mein Passwort zurück?",
               technik, TicketPriority.MEDIUM)  # fmt: skip
    add_reply(done, "Über „Passwort vergessen“ auf der Anmeldeseite.", staff=staff)
    close_ticket(done)
    return True


def init_app(app: Flask) -> None:
    """Seed the tickets after the invoices."""
    register_demo_seeder(app, seed_demo_tickets, order=45)
