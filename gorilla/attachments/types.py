"""What an uploaded file is, told from its bytes (the name's extension is only a hint that
must agree)."""

import io
import zipfile

from PIL import Image, UnidentifiedImageError

IMAGE_TYPES = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "WEBP": ("image/webp", "webp"),
}
PDF = ("application/pdf", "pdf")
# Office documents are ZIP containers; their first directory (OOXML) or their ``mimetype``
# entry (OpenDocument) says which kind they are.
OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}
OPENDOCUMENT = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
TEXT = {"txt": ("text/plain", "txt"), "csv": ("text/csv", "csv")}


def detect_type(data: bytes, filename: str) -> tuple[str, str] | None:
    """``(content type, extension)`` of an allowed file, or ``None`` for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data)
    image = _image_type(data)
    if image:
        return image
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in TEXT and _is_text(data):
        return TEXT[extension]
    return None


def _image_type(data: bytes) -> tuple[str, str] | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return IMAGE_TYPES.get(kind)


def _office_type(data: bytes) -> tuple[str, str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return (mimetype, OPENDOCUMENT[mimetype]) if mimetype in OPENDOCUMENT else None
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for folder, kind in OOXML.items():
        if any(name.startswith(folder) for name in names):
            return kind
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return True
