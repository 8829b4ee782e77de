"""A django-tenants site serving Gorilla's staff page, for ``bench/versus_django.py``.

The reference Gorilla is measured against: Django with django-tenants (a PostgreSQL schema per
tenant, the tenant found from the Host header), Django's authentication and sessions, a CSRF
token in the sign-out form, German through Django's i18n using Gorilla's own catalog, and the
25-row staff table with the navigation of Gorilla's ``/admin/staff``. Configured by
``DJBENCH_DATABASE`` (a local PostgreSQL database), ``DJBENCH_SESSIONS`` (``db``: Django's default
database sessions, or ``signed_cookies``) and ``DJBENCH_LOCALE_PATH`` (holds ``de/LC_MESSAGES/
django.mo``).
"""
