"""URL map of Dateien: the customer tab and the upload, download and delete of a file on a
customer, project or task (``kind`` names the owner)."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

from crm.customers.hooks import register_customer_tab, register_delete_cleanup

from . import views
from .service import KINDS, remove_files_of_customer

bp = Blueprint("files", __name__, template_folder="templates")
OWNER = f"/<any({', '.join(KINDS)}):kind>/<int:owner_id>/files"

bp.add_url_rule("/customers/<int:customer_id>/files", "customer_tab", views.customer_tab)
bp.add_url_rule(OWNER, "upload", views.upload, methods=["POST"])
bp.add_url_rule(f"{OWNER}/<int:link_id>", "download", views.download)
bp.add_url_rule(f"{OWNER}/<int:link_id>/delete", "delete", views.delete, methods=["POST"])


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Dateien tab, the clean-up when a customer goes, the helpers for the sections."""
    register_customer_tab(state.app, _l("Files"), "admin.files.customer_tab")
    register_delete_cleanup(state.app, remove_files_of_customer)
    state.app.jinja_env.globals["file_rows"] = views.file_rows
    state.app.jinja_env.globals["file_upload_form"] = views.upload_form
