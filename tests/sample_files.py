"""Small real files of each type materials accept (made here, so no binary fixtures are kept):
each parses as its type, as the upload check (facilitation.domain.uploads) requires."""

from __future__ import annotations

import io
import zipfile


def pdf(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image(fmt: str, size: tuple[int, int] = (8, 8)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 90)).save(out, fmt)
    return out.getvalue()


def zipped(parts: dict[str, bytes], *, mimetype: bytes | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        if mimetype is not None:
            z.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


TYPES = b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
W = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
ODF_MANIFEST = b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'
ODF_CONTENT = b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'

PDF = pdf()
PNG = image("PNG")
JPEG = image("JPEG")
GIF = image("GIF")
WEBP = image("WEBP")
DOCX = zipped({"[Content_Types].xml": TYPES, "word/document.xml": W})
ODP = zipped({"META-INF/manifest.xml": ODF_MANIFEST, "content.xml": ODF_CONTENT},
             mimetype=b"application/vnd.oasis.opendocument.presentation")
