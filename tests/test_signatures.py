"""Drawn signatures (gorilla/signatures.py): only a real, non-blank PNG of a sensible size is
taken, and it is re-encoded before it is stored."""

import base64
import io

import pytest
from PIL import Image, ImageDraw

from gorilla.signatures import DATA_URL_PREFIX, SignatureInvalid, signature_png


def data_url(image: Image.Image, fmt: str = "PNG", prefix: str = DATA_URL_PREFIX) -> str:
    out = io.BytesIO()
    image.save(out, format=fmt)
    return prefix + base64.b64encode(out.getvalue()).decode()


def drawn(size=(400, 150)) -> Image.Image:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(20, 100), (120, 30), (300, 110)], fill=(20, 20, 60, 255), width=3)
    return image


def test_a_drawn_signature_comes_back_as_a_clean_png(app):
    with app.app_context():
        png = signature_png(data_url(drawn()))
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (400, 150)
        assert image.getchannel("A").getbbox() is not None


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "not a data url",
        DATA_URL_PREFIX + "!!!not base64!!!",
        DATA_URL_PREFIX + base64.b64encode(b"GIF89a not really").decode(),
        data_url(Image.new("RGBA", (400, 150), (0, 0, 0, 0))),  # blank, transparent
        data_url(Image.new("RGB", (400, 150), "white")),  # blank, white
        data_url(drawn((10, 10))),  # too small
        data_url(drawn((4000, 150))),  # too wide
        data_url(drawn().convert("RGB"), fmt="JPEG", prefix="data:image/jpeg;base64,"),
        data_url(drawn().convert("RGB"), fmt="JPEG"),  # a JPEG passed off as PNG
        DATA_URL_PREFIX + "A" * 500_000,  # too long to decode
    ],
    ids=[
        "none", "empty", "text", "bad-base64", "gif-bytes", "transparent", "white",
        "tiny", "huge", "jpeg-url", "jpeg-as-png", "too-long",
    ],
)  # fmt: skip
def test_anything_else_is_refused_with_a_reason(app, value):
    with app.test_request_context(headers={"Accept-Language": "de"}):
        with pytest.raises(SignatureInvalid) as refused:
            signature_png(value)
        assert str(refused.value) in {
            "Bitte unterschreiben Sie im Feld.",
            "Die Unterschrift ist kein gültiges Bild.",
            "Die Unterschrift ist zu groß.",
        }
