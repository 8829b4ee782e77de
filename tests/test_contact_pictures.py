"""Profile pictures: verified from the content, re-encoded, bounded in size and memory."""

import struct
import tracemalloc
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from tests.crm_factories import add_contact, add_customer, contact_rows, image_bytes
from tests.test_contacts_new import post_contact


def uploads(app) -> list[Path]:
    return [path for path in Path(app.instance_path, "uploads").rglob("*") if path.is_file()]


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    body = zlib.compress(b"\0" * 1024 * 1024, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture
def customer_id(app, tenant):
    return add_customer(app, tenant, "Kunde AG")


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"\0" * (2 * 1024 * 1024 + 10), "big.png", "Die Datei ist zu groß (höchstens 2 MB)."),
        (b"%PDF-1.4 not a picture", "doc.png", "Bitte laden Sie ein JPEG-, PNG- oder WebP-Bild"),
        (SVG, "logo.svg", "Bitte laden Sie ein JPEG-, PNG- oder WebP-Bild"),
        (SVG, "logo.png", "Bitte laden Sie ein JPEG-, PNG- oder WebP-Bild"),
        (image_bytes(fmt="GIF"), "anim.gif", "Bitte laden Sie ein JPEG-, PNG- oder WebP-Bild"),
        (image_bytes(), "../../../etc/evil.png", "Dieser Dateiname ist nicht erlaubt."),
        (png_claiming(60_000, 60_000), "bomb.png", "Das Bild hat zu viele Pixel."),
        (png_claiming(9_000, 9_000), "bomb.png", "Das Bild hat zu viele Pixel."),
    ],
)
def test_bad_upload_gives_a_clear_error_and_saves_nothing(
    app, tenant, staff_client, customer_id, content, filename, message
):
    tracemalloc.start()
    response = post_contact(staff_client, customer_id, profile_image=(BytesIO(content), filename))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert contact_rows(app, tenant) == []
    assert uploads(app) == []
    assert peak < 40 * 1024 * 1024


def test_picture_is_re_encoded_without_metadata_and_shrunk(app, tenant, staff_client, customer_id):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    big = BytesIO()
    Image.new("RGB", (1600, 1200), (200, 10, 10)).save(big, format="JPEG", exif=exif.tobytes())
    post_contact(staff_client, customer_id, profile_image=(BytesIO(big.getvalue()), "me.jpg"))
    [stored] = uploads(app)
    assert stored.parent.name == tenant.id and stored.name != "me.jpg"
    with Image.open(stored) as image:
        assert max(image.size) <= 512 and image.format == "JPEG"
        assert not image.getexif()
    assert b"SecretCam" not in stored.read_bytes()


def test_staff_replace_and_remove_a_picture(app, tenant, staff_client, customer_id):
    contact_id = add_contact(app, tenant, customer_id, "kim@kunde.test")
    path = f"/admin/contacts/{contact_id}/edit"
    fields = {"firstname": "Kim", "lastname": "Muster", "email": "kim@kunde.test"}
    staff_client.submit(path, {**fields, "profile_image": (BytesIO(image_bytes()), "a.png")})
    [first] = uploads(app)
    staff_client.submit(path, {**fields, "profile_image": (BytesIO(image_bytes()), "b.webp")})
    [second] = uploads(app)
    assert second != first
    assert "Bild entfernen" in staff_client.get(path).get_data(as_text=True)
    staff_client.submit(path, {**fields, "remove_profile_image": "y"})
    assert uploads(app) == []
    assert contact_rows(app, tenant)[0].profile_image is None


def test_deleting_a_contact_removes_its_picture(app, tenant, staff_client, customer_id):
    post_contact(staff_client, customer_id, profile_image=(BytesIO(image_bytes()), "a.png"))
    [contact] = contact_rows(app, tenant)
    assert len(uploads(app)) == 1
    response = staff_client.submit(
        f"/admin/contacts/{contact.id}/delete",
        {},
        form_path=f"/admin/customers/{customer_id}/contacts",
    )
    assert response.status_code == 303
    assert contact_rows(app, tenant) == [] and uploads(app) == []
