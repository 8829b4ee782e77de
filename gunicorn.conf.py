"""Read by `gunicorn wsgi:app` started in this folder: unsafe production settings stop the
master before it binds a port, with the one line a worker would print (wsgi.py checks too)."""

from config import selected as _selected_settings
from gorilla import exit_on_unsafe_settings as _exit_on_unsafe_settings

with _exit_on_unsafe_settings():
    _selected_settings().check()


def on_starting(server):
    """With ``PROMETHEUS_MULTIPROC_DIR`` (metrics of all workers), start from an empty folder."""
    from gorilla.observability.multiprocess import wipe_metrics_dir

    wipe_metrics_dir()
