"""Raw page bytes -> text, whatever encoding the production system used.

In: bytes of a raw page file. Out: (text with '\\n' line ends, encoding name), or a
DecodeError saying why the file is not a raw page. UTF-8 is tried first (short UTF-8
text often decodes as GB18030 garbage without error), then GB18030 (never GB2312:
names such as 镕, 堃, 喆 are outside it); UTF-16/32 are recognised by their BOM or by
the zero bytes of ASCII characters.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from sitegen.text import HAN_RE, han_count

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, line feed, carriage return and form feed (a page
# break from pdftotext, read as a line break), and the non-characters U+FFFE and U+FFFF.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff]")
# Full-width letters and digits (ＡＢ１２) become ASCII; full-width punctuation stays.
_WIDE_ALNUM = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF5B) if chr(cp - 0xFEE0).isalnum()}
MIN_COMMON_SHARE = 0.7
MIN_PLAIN_SHARE = 0.95
# What a page of Chinese news is made of: Han, ASCII, CJK and general punctuation, full-width forms.
_PLAIN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0020-\u007e\\s\u2000-\u206f\u3000-\u303f\uff00-\uffef\u00b7]")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


class DecodeError(ValueError):
    pass


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    half = len(data) // 2
    if odd_zeros > half * 0.2 and even_zeros < half * 0.05:
        return "utf-16-le"
    if even_zeros > half * 0.2 and odd_zeros < half * 0.05:
        return "utf-16-be"
    return None


def _decode(data: bytes, names: list[str]) -> tuple[str | None, str]:
    for name in names:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    return None, names[-1]


def _han_share(text: str) -> float:
    visible = [ch for ch in text if not ch.isspace()]
    return han_count(text) / len(visible) if visible else 0.0


def _plain_share(text: str) -> float:
    sample = text[:20000]
    return len(_PLAIN_RE.findall(sample)) / len(sample) if sample else 0.0


def _common_share(text: str) -> float:
    """Share of Han characters among the 3,755 most common ones (GB2312 level 1).

    Real Chinese text scores above 0.9; bytes decoded with the wrong codec score near 0.2.
    """
    sample = HAN_RE.findall(text[:20000])
    if not sample:
        return 0.0
    common = 0
    for ch in sample:
        try:
            common += 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
        except UnicodeEncodeError:
            pass
    return common / len(sample)


def decode_page(data: bytes) -> tuple[str, str]:
    """Returns (text, encoding). Raises DecodeError for empty, binary or undecodable input."""
    if not data.strip():
        raise DecodeError("empty file: no text to ingest")
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    encoding = encoding or _utf16_without_bom(data)
    text, name = _decode(data, [encoding] if encoding else ["utf-8"])
    if text is None and not encoding:
        # Not UTF-8: GB18030, or UTF-16 without a BOM whose Chinese has no zero bytes.
        # Whichever reads as the most Chinese wins (GBK bytes read as UTF-16 give noise).
        decoded = [d for d in (_decode(data, [n]) for n in ("gb18030", "utf-16-le", "utf-16-be")) if d[0]]
        decoded = [d for d in decoded if _common_share(d[0]) >= MIN_COMMON_SHARE and _plain_share(d[0]) >= MIN_PLAIN_SHARE]
        if decoded:
            text, name = max(decoded, key=lambda d: _han_share(d[0]) * _common_share(d[0]))
    if text is None:
        tried = encoding or "UTF-8, GB18030 or UTF-16"
        raise DecodeError(f"cannot decode as {tried}: not a text page in a known encoding")
    controls = len(_CONTROL_RE.findall(text))
    if controls > max(8, len(text) // 200):
        raise DecodeError(f"binary data: {controls} control characters in {len(text)} (decoded as {name})")
    text = _CONTROL_RE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").translate(_INVISIBLE).translate(_WIDE_ALNUM)
    text = text.replace("\u3000", " ").replace("\u00a0", " ")
    text = unicodedata.normalize("NFC", text)
    if not han_count(text):
        raise DecodeError(f"no Chinese text found (decoded as {name}): not a raw newspaper page")
    return text, name
