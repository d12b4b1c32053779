"""What an uploaded file must be (issue 23): its name cleaned, its size bounded, and its content
parsed as the type its extension names, not judged by its first bytes.

* PDF: parsed by pypdf in strict mode (header, cross-reference table or stream, trailer, at
  least one page), so an HTML page that starts with ``%PDF-`` is refused.
* Images: decoded in full by Pillow as the named format, after a bound on their pixels.
* Office files (docx, xlsx, pptx, odt, odp): a zip whose parts unpack to at most
  :data:`MAX_UNPACKED` bytes (a 1 MB archive that unpacks to 1 GiB is refused before anything
  is unpacked) and that holds the format's required parts, which must unpack and parse.
* Text: UTF-8 without NUL bytes.

Pure: bytes in, a sentence out; the libraries are imported only when a file of their kind is
checked (never on a participant's path).
"""

from __future__ import annotations

import io
import warnings
import zipfile
from xml.etree import ElementTree

from facilitation.domain.checks import clean_file_name
from facilitation.domain.errors import InvalidValue
from facilitation.domain.programmes import MATERIAL_TYPES, MAX_MATERIAL_BYTES

MAX_UNPACKED = 100 * 1024 * 1024  # an office file's parts together, unpacked
MAX_PARTS = 5000
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; a decompression bomb claims far more
MAX_XML_PART = 20 * 1024 * 1024  # the parts parsed to prove the file is what it says
IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}
# The parts each office format needs: OOXML's content types and main part; ODF's manifest and content.
REQUIRED_PARTS = {
    "docx": ("[Content_Types].xml", "word/document.xml"),
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
    "pptx": ("[Content_Types].xml", "ppt/presentation.xml"),
    "odt": ("mimetype", "META-INF/manifest.xml", "content.xml"),
    "odp": ("mimetype", "META-INF/manifest.xml", "content.xml"),
}


def _not_a(name: str, ext: str) -> InvalidValue:
    return InvalidValue("file type", "the content of {name} is not a {upper} file.", name=name, upper=ext.upper())


def _pdf(data: bytes) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return len(PdfReader(io.BytesIO(data), strict=True).pages) > 0
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return False


def _image(data: bytes, ext: str) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data), formats=[IMAGE_FORMATS[ext]]) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                return False
            image.verify()  # the structure: chunks, their checksums, the end marker (PNG)
        with Image.open(io.BytesIO(data), formats=[IMAGE_FORMATS[ext]]) as image:
            image.load()  # every pixel decodes: a truncated or forged image fails here
            return True
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False


def _office(name: str, data: bytes, ext: str) -> bool:
    """The archive's declared sizes are bounded before any part is unpacked (zipfile never unpacks
    beyond a part's declared size, and checks its CRC); then the required parts must parse."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise InvalidValue("file", "{name} unpacks to more than {limit} MB, more than any document needs; "
                           "it cannot be attached.", name=name, limit=MAX_UNPACKED // (1024 * 1024))
    names = {i.filename: i for i in infos}
    required = REQUIRED_PARTS[ext]
    if any(part not in names or names[part].file_size > MAX_XML_PART for part in required):
        return False
    try:
        if ext in ("odt", "odp"):
            if infos[0].filename != "mimetype" or archive.read("mimetype").strip() != MATERIAL_TYPES[ext].encode():
                return False
            required = required[1:]
        for part in required:
            ElementTree.fromstring(archive.read(part))
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError, RuntimeError, NotImplementedError):
        return False
    return True


def _text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_upload(filename: object, data: object) -> tuple[str, str]:
    """``(clean file name, MIME type)`` of an upload, or :class:`InvalidValue` with one sentence.

    The extension must be one of ``MATERIAL_TYPES``, the file at most ``MAX_MATERIAL_BYTES`` and
    its content must parse as that type.
    """
    name = clean_file_name(filename)
    if not isinstance(data, (bytes, bytearray, memoryview)) or not len(data):
        raise InvalidValue("file", "is empty.")
    data = bytes(data)
    if len(data) > MAX_MATERIAL_BYTES:
        raise InvalidValue("file", "is larger than {value} MB.", value=MAX_MATERIAL_BYTES // (1024 * 1024))
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in MATERIAL_TYPES:
        allowed = ", ".join(sorted({e for e in MATERIAL_TYPES if e != "jpeg"}))
        raise InvalidValue("file type", "{name} cannot be attached; allowed are {allowed}.", name=name, allowed=allowed)
    if ext == "pdf":
        ok = _pdf(data)
    elif ext in IMAGE_FORMATS:
        ok = _image(data, ext)
    elif ext in REQUIRED_PARTS:
        ok = _office(name, data, ext)
    else:
        ok = _text(data)
    if not ok:
        raise _not_a(name, ext)
    return name, MATERIAL_TYPES[ext]
