"""Email: shipped templates, per-tenant copies, merge fields, outbox.

Public API: ``send(slug, to=..., **fields)``, ``is_active(slug)`` and
``send_set_password_link(contact)``.
"""

from .service import is_active, send, send_set_password_link

__all__ = ["is_active", "send", "send_set_password_link"]


def init_app(app) -> None:
    """Register the mail layout templates and the provisioning seeder."""
    from pathlib import Path

    from gorilla.wiring import add_template_dir
    from tenants.provisioning import register_seeder

    from .service import seed_templates

    add_template_dir(app, Path(__file__).resolve().parent / "templates")
    register_seeder(app, seed_templates)
