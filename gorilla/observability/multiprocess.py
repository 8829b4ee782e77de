"""gunicorn hook for ``prometheus_client``'s multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``)."""

import os
from pathlib import Path


def wipe_metrics_dir() -> None:
    """Remove the metric files of an earlier run (their counters would be added in)."""
    value = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not value:
        return
    folder = Path(value)
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.glob("*.db"):
        path.unlink()
