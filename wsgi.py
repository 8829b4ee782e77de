"""WSGI entry point: `gunicorn wsgi:app`."""

from gorilla import create_app_or_exit

# 3 is gunicorn's "worker failed to boot": the master stops instead of respawning workers.
app = create_app_or_exit(exit_code=3)
