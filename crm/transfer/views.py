"""Customer import (upload, preview, confirm, template) and the exports; admins only."""

from flask import (
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _

from crm.access import admin_required

from .export import DATASETS, export_csv, export_xlsx, log_export
from .forms import MAX_IMPORT_BYTES, ImportConfirmForm, ImportUploadForm
from .reading import COLUMNS, ImportFileError, read_csv, sample_csv
from .service import ImportGone, ImportRefused, keep_upload, pending_import, plan_of, run_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _read(form: ImportUploadForm):
    data = form.file.data.stream.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(_("The file is too large (at most %(size)s).", size="10 MB"))
    return read_csv(data)


@admin_required
def import_customers():
    """The upload form; a readable file is kept and its preview shown (303)."""
    form = ImportUploadForm()
    if form.validate_on_submit():
        try:
            csv_file = _read(form)
        except ImportFileError as error:
            form.file.errors.append(str(error))
        else:
            token = keep_upload(csv_file, form.file.data.filename or "", g.staff.id)
            return redirect(url_for("admin.transfer.import_preview", token=token), 303)
    return render_template("transfer/import.html", form=form, columns=COLUMNS)


def _pending_or_404(token: str):
    return pending_import(token, g.staff.id) or abort(404)


def _preview(pending, form: ImportConfirmForm):
    return render_template(
        "transfer/preview.html", pending=pending, plan=plan_of(pending), form=form
    )


@admin_required
def import_preview(token: str):
    """Every row checked, nothing written: errors per row, duplicates, what would be created."""
    return _preview(_pending_or_404(token), ImportConfirmForm())


@admin_required
def import_confirm(token: str):
    """Write the whole file (POST) or refuse it; then on to the customers."""
    pending = _pending_or_404(token)
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        return _preview(pending, form)
    try:
        result = run_import(pending, send_welcome=form.send_welcome.data)
    except ImportRefused as error:
        flash(str(error), "error")
        return _preview(pending, form)
    except ImportGone:
        abort(404)
    flash(
        _("Imported %(customers)d customers and %(contacts)d contacts; %(skipped)d duplicates "
          "skipped.", customers=result.customers, contacts=result.contacts, skipped=result.skipped),
        "success",
    )  # fmt: skip
    return redirect(url_for("admin.customers.list"), 303)


@admin_required
def import_template():
    """A sample file with the expected columns (UTF-8 with BOM, semicolons)."""
    return Response(
        sample_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=kunden-import-vorlage.csv"},
    )


def _download(what: str, extension: str, body, mimetype: str) -> Response:
    log_export(what, extension)
    return Response(
        stream_with_context(body(DATASETS[what])),
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename={what}.{extension}"},
    )


@admin_required
def export_as_csv(what: str):
    """Customers, contacts or invoices as CSV (UTF-8 with BOM, semicolons), streamed."""
    return _download(what, "csv", export_csv, "text/csv")


@admin_required
def export_as_xlsx(what: str):
    """Customers, contacts or invoices as an Excel workbook, streamed."""
    return _download(what, "xlsx", export_xlsx, XLSX)
