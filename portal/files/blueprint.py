"""URL map of a project's Dateien in the customer area."""

from flask import Blueprint

from . import views

bp = Blueprint("files", __name__, template_folder="templates")
FILES = "/projekte/<int:project_id>/dateien"

bp.add_url_rule(FILES, "project", views.project_files)
bp.add_url_rule(FILES, "upload", views.upload, methods=["POST"])
bp.add_url_rule(f"{FILES}/<int:link_id>", "download", views.download)
TASK_FILE = "/aufgaben/<int:task_id>/dateien/<int:link_id>"
bp.add_url_rule(TASK_FILE, "task_download", views.task_download)
