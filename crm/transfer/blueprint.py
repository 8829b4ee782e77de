"""URL map of import and export: /admin/import/customers (upload, preview, confirm, template)
and /admin/export/<what>.csv|.xlsx for customers, contacts and invoices."""

from flask import Blueprint

from tenants.sqlite import writes_on_get

from . import views

bp = Blueprint("transfer", __name__, template_folder="templates")

IMPORT = "/import/customers"
WHAT = "<any(customers, contacts, invoices):what>"

bp.add_url_rule(IMPORT, "import_customers", views.import_customers, methods=["GET", "POST"])
bp.add_url_rule(f"{IMPORT}/template.csv", "import_template", views.import_template)
bp.add_url_rule(f"{IMPORT}/<token>", "import_preview", views.import_preview)
bp.add_url_rule(
    f"{IMPORT}/<token>/confirm", "import_confirm", views.import_confirm, methods=["POST"]
)
bp.add_url_rule(f"/export/{WHAT}.csv", "export_csv", writes_on_get(views.export_as_csv))
bp.add_url_rule(f"/export/{WHAT}.xlsx", "export_xlsx", writes_on_get(views.export_as_xlsx))
