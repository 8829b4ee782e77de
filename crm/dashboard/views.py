"""Staff dashboard."""

from flask import g, render_template
from sqlalchemy import func, select

from crm.customers.service import customer_counts
from crm.staff.models import Staff
from gorilla.extensions import db


def dashboard():
    """Start page with the agency's key figures."""
    staff_count = db.session.scalar(select(func.count()).select_from(Staff).where(Staff.active))
    customer_count, contact_count = customer_counts()
    return render_template(
        "dashboard/index.html",
        tenant=g.tenant,
        staff_count=staff_count,
        customer_count=customer_count,
        contact_count=contact_count,
    )
