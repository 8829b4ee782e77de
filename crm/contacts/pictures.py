"""Profile pictures: verified from the content with Pillow, re-encoded, metadata stripped."""

import warnings
from dataclasses import dataclass
from io import BytesIO

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from gorilla.uploads import UploadTooLarge, read_upload

MAX_PICTURE_PIXELS = 40_000_000  # checked from the header, before any decoding
AVATAR_SIZE = (512, 512)
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MIMETYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


class PictureError(ValueError):
    """The upload is not an acceptable picture; ``str(error)`` is the user-facing reason."""


@dataclass(frozen=True)
class Picture:
    """A cleaned picture ready to store."""

    data: bytes
    extension: str


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(BytesIO(data), formats=list(FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PictureError(_l("The image has too many pixels.")) from None
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise PictureError(_l("Please upload a JPEG, PNG or WebP image.")) from None
    width, height = image.size
    if width * height > MAX_PICTURE_PIXELS or not width or not height:
        raise PictureError(_l("The image has too many pixels."))
    return image


def clean_picture(
    stream, filename: str | None = None, size: tuple[int, int] = AVATAR_SIZE
) -> Picture:
    """Read at most the upload limit from ``stream`` and return the picture re-encoded to fit
    ``size`` (a profile picture by default; the company logo passes its own)."""
    if filename and ("/" in filename or "\\" in filename or ".." in filename):
        raise PictureError(_l("The file name is not allowed."))
    try:
        data = read_upload(stream)
    except UploadTooLarge as error:
        raise PictureError(str(error)) from None
    image = _open(data)
    extension = FORMATS[image.format]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.draft("RGB", size)
            image = ImageOps.exif_transpose(image)
            image.thumbnail(size)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning):
        raise PictureError(_l("The image is damaged and cannot be read.")) from None
    has_alpha = extension != "jpg" and ("A" in image.getbands() or "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    # A fresh image carries no EXIF, ICC or text chunks from the upload.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    output = BytesIO()
    clean.save(output, format=image_format(extension), quality=85)
    return Picture(output.getvalue(), extension)


def image_format(extension: str) -> str:
    """Pillow's format name for a stored ``extension``."""
    return {value: key for key, value in FORMATS.items()}[extension]
