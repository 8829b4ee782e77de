"""``gorilla demo``: a demo tenant to click through, with printed URLs and logins."""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from gorilla.demo_data import CONTACT_PASSWORD, CUSTOMERS, seed_demo_customers
from gorilla.demo_work import seed_demo_work
from gorilla.extensions import db
from gorilla.passwords import hash_password
from gorilla.unit_of_work import commit_now
from mail_templates.cli import mail_destination
from tenants.models import Tenant
from tenants.provisioning import ProvisionRequest, create_tenant
from tenants.urls import tenant_url_for

DEMO_SLUG = "demo"
DEMO_ADMIN = "admin@demo.example"
DEMO_PASSWORD = "gorilla-demo-2026"


@click.command("demo")
@with_appcontext
def demo_command():
    """Create (or reuse) the tenant ``demo`` and print where to sign in."""
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == DEMO_SLUG))
    if tenant is None:
        info = create_tenant(
            ProvisionRequest(
                slug=DEMO_SLUG,
                name="Demo Agentur GmbH",
                admin_email=DEMO_ADMIN,
                admin_password_hash=hash_password(DEMO_PASSWORD),
            )
        )
    else:
        info = tenant.info()
    seed_demo_customers(info)
    seed_demo_work()
    commit_now()
    click.echo(f"Staff:    {tenant_url_for('admin.dashboard.index', DEMO_SLUG)}")
    click.echo(f"          {DEMO_ADMIN} / {DEMO_PASSWORD}")
    click.echo(f"Customer area: {tenant_url_for('portal.home.index', DEMO_SLUG)}")
    click.echo(f"          {CUSTOMERS[0][1][0][3]} / {CONTACT_PASSWORD}")
    click.echo(f"Emails:   {mail_destination()}")
