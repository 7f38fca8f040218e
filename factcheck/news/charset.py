"""Which character encoding a fetched page or feed is in, and its text.

The order is the HTML standard's: a byte-order mark, then the charset of the HTTP
Content-Type header, then the document's own declaration (``<meta charset>``,
``<meta http-equiv="Content-Type">``, or an XML declaration), then UTF-8 when the bytes are
valid UTF-8, then a guess. Two deviations, for robustness: a body that is valid UTF-8 and not
plain ASCII is read as UTF-8 whatever is declared (no legacy-encoded text of any length is
valid UTF-8, while a server default of ISO-8859-1 over a UTF-8 page is common: a browser shows
it as mojibake); and a declaration the bytes cannot be decoded with (a server default of UTF-8
over a Shift_JIS page) is passed over for the next.

Labels are read as browsers read them (the WHATWG Encoding standard): ``Shift_JIS`` is
Windows-31J (cp932, which has the NEC and IBM characters Japanese pages use: ①, ～, 髙),
``ISO-8859-1`` and ``US-ASCII`` are Windows-1252, ``GB2312`` is GB18030. Decoding never
grows the input past the fetcher's byte cap: it happens after the body is read and capped.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

__all__ = ["charset_param", "codecs_for", "declared_charset", "decode_markup", "decode_guessed"]

log = logging.getLogger(__name__)

# Label (lower case) -> Python codecs to try in order; the first that decodes strictly wins.
_LABELS: dict[str, tuple[str, ...]] = {}
for _labels, _codecs in (
    (("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "ms932", "cp932", "windows-31j",
      "csshiftjis", "csWindows31J"), ("cp932",)),
    (("euc-jp", "euc_jp", "eucjp", "x-euc-jp", "cseucpkdfmtjapanese"), ("euc_jp",
                                                                         "euc_jis_2004")),
    (("iso-2022-jp", "iso2022jp", "csiso2022jp"), ("iso2022_jp_ext", "iso2022_jp_2")),
    (("iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp1252",
      "windows-1252", "x-cp1252", "cp819", "ibm819", "iso_8859-1"), ("cp1252", "latin-1")),
    (("gb2312", "gbk", "x-gbk", "gb18030", "chinese", "csgb2312"), ("gb18030",)),
    (("big5", "big5-hkscs", "cn-big5", "x-x-big5"), ("big5hkscs",)),
    (("euc-kr", "ks_c_5601-1987", "windows-949", "cseuckr"), ("cp949",)),
    (("utf-8", "utf8", "unicode-1-1-utf-8"), ("utf-8",)),
):
    for _label in _labels:
        _LABELS[_label.lower()] = _codecs

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# An XML document in UTF-16 without a mark still starts with "<?" (XML 1.0, appendix F).
_UTF16_XML = ((b"<\x00?\x00", "utf-16-le"), (b"\x00<\x00?", "utf-16-be"))

# The declarations a page makes about itself, in its first 4 KiB. Every encoding handled here
# keeps ASCII bytes as they are (ISO-2022-JP too), so the bytes can be searched as ASCII.
_META_CHARSET = re.compile(
    rb"""<meta\s[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]{1,40})""", re.I)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml\s[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._\-]{1,40})""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def charset_param(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header value."""
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'").strip() or None
    return None


def codecs_for(label: str | None) -> tuple[str, ...]:
    """The Python codecs for an encoding label, as browsers read the label; () if unknown."""
    if not label:
        return ()
    label = label.strip().lower()
    if label in _LABELS:
        return _LABELS[label]
    if label.startswith(("utf-16", "utf-32", "utf16", "utf32")):
        # A document that says it is UTF-16 in ASCII bytes is not UTF-16 (HTML standard).
        return ("utf-8",)
    try:
        return (codecs.lookup(label).name,)
    except LookupError:
        return ()


def declared_charset(body: bytes) -> str | None:
    """The encoding a document declares in its first 4 KiB: ``<meta charset>`` or
    ``<meta http-equiv>`` for HTML, else the XML declaration's ``encoding``."""
    head = body[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return m.group(1).decode("ascii") if m else None


def _strict(data: bytes, names: tuple[str, ...]) -> str | None:
    for name in names:
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return None


def decode_markup(body: bytes, header_charset: str | None = None, *,
                  name: str = "document") -> str:
    """The text of an HTML page or XML feed: BOM > HTTP charset > the document's declaration >
    UTF-8 > a guess. The XML declaration is removed from the text (it names an encoding the
    text is no longer in, and lxml refuses a str that carries one)."""
    text = None
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            text = body.decode(encoding, errors="replace")
            break
    if text is None:
        for head, encoding in _UTF16_XML:
            if body.startswith(head):
                text = body.decode(encoding, errors="replace")
                break
    if text is None and not body.isascii():
        text = _strict(body, ("utf-8",))
    if text is None:
        for source, label in (("HTTP header", header_charset),
                              ("document", declared_charset(body))):
            names = codecs_for(label)
            if names:
                text = _strict(body, names)
                if text is None:
                    log.info("%s: not decodable as its %s charset %r; trying the next clue",
                             name, source, label)
                else:
                    break
            elif label:
                log.info("%s: unknown %s charset %r", name, source, label)
    if text is None:
        text = _strict(body, ("utf-8",))
    if text is None:
        text = decode_guessed(body)
    return _XML_DECLARATION.sub("", text.lstrip("\ufeff"), count=1)


def decode_guessed(data: bytes, declared: str | None = None) -> str:
    """Bytes that are not UTF-8: the declared charset, else a guess."""
    text = _strict(data, codecs_for(declared))
    if text is not None:
        return text
    # A detector cannot tell Latin-1 from Latin-2 on a short text (it read "crème" as "crčme"),
    # so its guess is taken only for another script (Cyrillic, Greek, CJK...); Western text is
    # read as Windows-1252, as browsers do.
    from charset_normalizer import from_bytes

    guess = from_bytes(data[:65536]).best()
    if guess is not None and guess.encoding:
        # The detector names Shift_JIS where the page may use Windows-31J's extra characters.
        decoded = _strict(data, codecs_for(guess.encoding) or (guess.encoding,)) or ""
        letters = [c for c in decoded[:20000] if c.isalpha() and not c.isascii()]
        if sum("LATIN" not in unicodedata.name(c, "") for c in letters) > len(letters) / 2:
            return decoded
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")
