"""Set up the benchmark tenant, or print a signed-in session cookie for it.

``python -m djbench.seed setup HOST`` creates the tenant of HOST with 25 users (the first a
superuser); ``python -m djbench.seed cookie HOST`` prints the ``Cookie`` header value of the
superuser's session in the configured session engine (a database row or a signed cookie), with a
CSRF cookie as a browser would hold it.
"""

import os
import sys

import django

ROWS = 25


def setup(host: str) -> None:
    """The tenant (schema created and migrated by django-tenants) and its users."""
    from django.contrib.auth.models import User
    from django_tenants.utils import tenant_context

    from djbench.agencies.models import Agency, Domain

    Agency(schema_name="public", name="Platform").save()
    agency = Agency(schema_name="t0001", name="Tenant t0001")
    agency.save()
    Domain(domain=host, tenant=agency, is_primary=True).save()
    with tenant_context(agency):
        User.objects.create_superuser("admin", "admin@t0001.test", "bench-password-123")
        User.objects.bulk_create(
            User(
                username=f"staff{n:02d}",
                email=f"staff{n:02d}@t0001.test",
                first_name=f"First{n:02d}",
                last_name=f"Last{n:02d}",
            )
            for n in range(2, ROWS + 1)
        )


def cookie(host: str) -> str:
    """A session of the tenant's superuser, as ``Cookie`` header value."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.middleware.csrf import _get_new_csrf_string
    from django.utils.module_loading import import_string
    from django_tenants.utils import tenant_context

    from djbench.agencies.models import Domain

    store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    with tenant_context(Domain.objects.get(domain=host).tenant):
        user = User.objects.get(username="admin")
        session = store_class()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        return f"sessionid={session.session_key}; csrftoken={_get_new_csrf_string()}"


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "djbench.settings")
    django.setup()
    command, host = sys.argv[1:3]
    if command == "setup":
        setup(host)
    else:
        print(cookie(host))
