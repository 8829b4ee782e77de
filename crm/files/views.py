"""Dateien of customers (a tab), projects and tasks (a section on their pages)."""

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from gorilla.attachments import AttachmentRefused, attachment_response
from gorilla.attachments.forms import FileForm, upload_of

from .service import OWNERS, add_file, remove_file


def customer_tab(customer_id: int):
    """The Dateien tab of a customer: its files and the upload form."""
    customer = OWNERS["customers"].owner_of(customer_id)
    return render_template("files/customer_tab.html", customer=customer, owner_id=customer.id)


def upload(kind: str, owner_id: int):
    """Add a file (POST ``file``) and go back to the owner's page."""
    owner = OWNERS[kind]
    owner.owner_of(owner_id)
    form = FileForm()
    upload_file = upload_of(form)
    if upload_file is None:
        for error in form.file.errors:
            flash(error, "error")
        return redirect(owner.page_url(owner_id), 303)
    try:
        add_file(owner, owner_id, upload_file, staff=g.staff)
    except AttachmentRefused as error:
        flash(str(error), "error")
    else:
        flash(_("File uploaded."), "success")
    return redirect(owner.page_url(owner_id), 303)


def download(kind: str, owner_id: int, link_id: int):
    """The file, under its original name."""
    owner = OWNERS[kind]
    owner.owner_of(owner_id)
    return attachment_response(owner.link_of(owner_id, link_id).stored_file)


def delete(kind: str, owner_id: int, link_id: int):
    """Remove the file."""
    owner = OWNERS[kind]
    owner.owner_of(owner_id)
    remove_file(owner.link_of(owner_id, link_id))
    flash(_("File deleted."), "success")
    return redirect(owner.page_url(owner_id), 303)


def file_rows(kind: str, owner_id: int) -> list[dict]:
    """Template helper: the owner's files with their download and delete addresses."""
    rows = []
    for link in OWNERS[kind].links([owner_id]):
        ids = {"kind": kind, "owner_id": owner_id, "link_id": link.id}
        rows.append(
            {
                "link": link,
                "href": url_for("admin.files.download", **ids),
                "delete": url_for("admin.files.delete", **ids),
            }
        )
    return rows


def upload_form() -> FileForm:
    """Template helper: an empty upload form."""
    return FileForm(formdata=None)
