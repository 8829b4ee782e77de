"""WSGI entry point: ``gunicorn djbench.wsgi:application`` (run from ``bench/``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "djbench.settings")
application = get_wsgi_application()
