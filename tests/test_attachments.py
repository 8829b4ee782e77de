"""Attachment files (gorilla/attachments): types from the content, limits, quota, the file
follows the transaction, downloads say what they are, and stay in their tenant."""

import io
import zipfile
from contextlib import contextmanager

import pytest
from flask import g
from openpyxl import Workbook
from PIL import Image
from werkzeug.datastructures import FileStorage

from gorilla.attachments import (
    AttachmentRefused,
    StoredFile,
    attachment_response,
    delete_attachment,
    detect_type,
    store_attachment,
)
from gorilla.attachments.service import FOLDER
from gorilla.attachments.types import OOXML
from gorilla.extensions import db
from gorilla.storage import tenant_folder
from tenants.settings import set_setting


def image_bytes(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(out, format=fmt)
    return out.getvalue()


def zipped(entries: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Umsatz"
    workbook.save(out)
    return out.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODT = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (image_bytes("PNG"), "a.png", "image/png"),
        (image_bytes("JPEG"), "photo.jpeg", "image/jpeg"),
        (image_bytes("WEBP"), "x", "image/webp"),
        (b"%PDF-1.7\n%...", "vertrag.pdf", "application/pdf"),
        (DOCX, "brief.docx", OOXML["word/"][0]),
        (xlsx_bytes(), "zahlen.xlsx", OOXML["xl/"][0]),
        (ODT, "brief.odt", "application/vnd.oasis.opendocument.text"),
        ("Grüße\n".encode(), "notiz.txt", "text/plain"),
        ("Name;Ort\nMüller;Köln\n".encode("cp1252"), "liste.csv", "text/csv"),
    ],
)  # fmt: skip
def test_allowed_types_are_told_from_their_content(data, filename, expected):
    assert detect_type(data, filename)[0] == expected


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"MZ\x90\x00 a program", "rechnung.pdf"),
        (image_bytes("GIF"), "a.gif"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>', "logo.svg"),
        (zipped({"evil.sh": "rm -rf /"}), "brief.docx"),
        (zipped({"mimetype": "application/x-evil"}), "brief.odt"),
        (b"text with a \x00 byte", "notiz.txt"),
        (b"<html><script>alert(1)</script></html>", "seite.html"),
        (b"PK\x03\x04 broken zip", "kaputt.xlsx"),
    ],
)
def test_other_files_are_refused_whatever_their_name(data, filename):
    assert detect_type(data, filename) is None


@contextmanager
def tenant_request(app, tenant):
    with app.test_request_context(headers={"Accept-Language": "de"}):
        g.tenant = tenant
        yield


def upload(data: bytes, filename: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename)


def test_a_stored_file_keeps_its_name_for_download_and_a_random_one_on_disk(app, tenant):
    with tenant_request(app, tenant):
        stored = store_attachment(upload(b"%PDF-1.4 body", "../../Angebot\x07 März.pdf"))
        db.session.commit()
        assert stored.original_name == "Angebot März.pdf"
        assert len(stored.name) == 32 and (tenant_folder() / FOLDER / stored.name).is_file()
        response = attachment_response(stored)
        response.direct_passthrough = False
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert "Angebot%20M%C3%A4rz.pdf" in response.headers["Content-Disposition"]
        assert response.get_data() == b"%PDF-1.4 body"
        response.close()


def test_images_are_shown_inline(app, tenant):
    with tenant_request(app, tenant):
        stored = store_attachment(upload(image_bytes("PNG"), "bild.png"))
        db.session.commit()
        response = attachment_response(stored)
        response.close()
        assert response.headers["Content-Disposition"].startswith("inline;")


def test_refusals_say_why_in_german(app, tenant):
    app.config["UPLOAD_MAX_BYTES"] = 1000
    with tenant_request(app, tenant):
        with pytest.raises(AttachmentRefused, match="zu groß"):
            store_attachment(upload(b"%PDF-" + b"x" * 2000, "big.pdf"))
        with pytest.raises(AttachmentRefused, match="Dateityp"):
            store_attachment(upload(b"MZ program", "x.exe"))
        with pytest.raises(AttachmentRefused, match="leer"):
            store_attachment(upload(b"", "leer.txt"))


def test_the_quota_counts_every_file_of_the_tenant(app, tenant, other_tenant):
    with tenant_request(app, tenant):
        set_setting("storage_quota_mb", 1)
        db.session.commit()
        store_attachment(upload(b"%PDF-" + b"x" * 700_000, "a.pdf"))
        db.session.commit()
        with pytest.raises(AttachmentRefused, match="Speicherplatz"):
            store_attachment(upload(b"%PDF-" + b"x" * 400_000, "b.pdf"))
    with tenant_request(app, other_tenant):  # another tenant's quota is its own
        store_attachment(upload(b"%PDF-" + b"x" * 700_000, "a.pdf"))
        db.session.commit()


def test_the_file_follows_the_transaction(app, tenant):
    with tenant_request(app, tenant):
        kept = store_attachment(upload(b"%PDF- kept", "kept.pdf"))
        db.session.commit()
        dropped = store_attachment(upload(b"%PDF- dropped", "dropped.pdf"))
        dropped_path = tenant_folder() / FOLDER / dropped.name
        db.session.rollback()
        assert not dropped_path.exists()
        kept_path = tenant_folder() / FOLDER / kept.name
        delete_attachment(db.session.get(StoredFile, kept.id))
        assert kept_path.exists()  # until the deletion is committed
        db.session.commit()
        assert not kept_path.exists()


def test_a_file_of_one_tenant_is_not_found_in_another(app, tenant, other_tenant):
    with tenant_request(app, tenant):
        stored = store_attachment(upload(b"%PDF- secret", "geheim.pdf"))
        db.session.commit()
        name = stored.name
    with tenant_request(app, other_tenant):
        assert db.session.query(StoredFile).filter_by(name=name).first() is None
        ghost = StoredFile(name=name, original_name="x.pdf", content_type="application/pdf", size=1)
        with pytest.raises(Exception) as missing:
            attachment_response(ghost)
        assert getattr(missing.value, "code", None) == 404
