"""An article's share image (`og:image`): the paper's name, the 引题 and the headline set
in a CJK font, the date and 版 below; 1200×630, a 4-colour PNG of about 10 KB (ink on
paper, two levels between them to smooth the strokes). A `Card` (the words) and a font
file in; PNG bytes out.

The masthead and the blank rows are the same in every image and are compressed once per
process (png.py); what differs is pasted from glyphs rasterised and mapped to the
palette once per character, size and ink, into rows that are PNG scanlines as packed.
Headlines break where the printed parts meet (the space of `北仑港 再创新高`), else
between characters, never inside a Latin word or number, never before a closing or after
an opening mark; a headline too long for three lines at the smallest size ends with `…`.

The font: `share_font` in `[tool.sitegen]`, else the first CJK font fontconfig knows
(`fc-match :lang=zh-cn`; Debian's fonts-wqy-microhei or fonts-noto-cjk); without one a
build warns once and articles go without a share image.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitegen import shortcuts
from sitegen.site import png

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
TEXT_WIDTH = WIDTH - 2 * MARGIN
BITS = 2
ROW_BYTES = WIDTH * BITS // 8
_PACKED = f"L;{BITS}"
# Strips are drawn one byte's worth of pixels wider, on the left and left blank: packed,
# each row then starts with a zero byte, PNG's filter type "none", and is a scanline as is.
_LEAD = 8 // BITS

PAPER, INK = (251, 250, 246), (28, 27, 25)
INK_LEVELS = 2**BITS  # the palette: paper to ink
MUTED_LEVEL = 150  # muted text drawn at this share of full ink (0-255)

# Bands, top to bottom (rows): a rule, masthead, text, footer.
RULE_ROWS = 12
MASTHEAD = (RULE_ROWS, 132)  # the paper's name, 44 px
TEXT = (132, 520)
FOOTER = (520, HEIGHT)  # a hairline, then date and 版 in 32 px muted
KICKER_SIZE, FOOTER_SIZE, MASTHEAD_SIZE = 34, 32, 44
HEADLINE_SIZES = ((72, 2), (60, 3), (52, 3))  # (px, most lines) tried in turn

NO_LINE_START = set("，。、；：？！…—）》」』”’】〕·%,.;:?!)]")
NO_LINE_END = set("（《「『“‘【〔([")
_UNBROKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%+\-/]*|.", re.S)  # a Latin word or number stays whole


@dataclass(frozen=True)
class Card:
    """What a share image says."""

    site_name: str
    headline: str
    kicker: str = ""
    footer: str = ""  # 2018年7月5日 星期四 · 第01版 要闻


# -- the font -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Font:
    path: Path
    identity: str  # what an image's key holds of it: the file's path and size


def share_font(configured: str) -> Font | None:
    """The font to set share images in: the file `configured` when given, else
    fontconfig's best CJK font; None when there is none."""
    path = _find_font(configured)
    return Font(path, f"{path}:{os.path.getsize(path)}") if path is not None else None


@lru_cache(maxsize=4)
def _find_font(configured: str) -> Path | None:
    if configured:
        path = Path(configured).expanduser()
        return path if path.is_file() else None
    if shutil.which("fc-match") is None:
        return None
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{lang}", ":lang=zh-cn"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    file, _, langs = found.partition("\n")
    # fc-match always answers; only a font that covers Chinese will do.
    return Path(file) if file and "zh-cn" in langs.split("|") and Path(file).is_file() else None


# -- drawing ---------------------------------------------------------------------------------


def render(card: Card, font: Path) -> bytes:
    """The PNG of `card` set in `font`."""
    faces = _Faces.get(font)
    headline_size, headline = _fit_headline(faces, card.headline)
    text = Strip(TEXT[1] - TEXT[0])
    y = 24
    if card.kicker:
        kicker = _wrap(faces, card.kicker, KICKER_SIZE, 1)
        text.draw(faces, kicker[0], KICKER_SIZE, y, MUTED_LEVEL)
        y += int(KICKER_SIZE * 1.6)
    line_height = int(headline_size * 1.3)
    for line in headline:
        text.draw(faces, line, headline_size, y, 255)
        y += line_height
    bands = [*_constant_top(faces, card.site_name), *text.bands(), *_footer(faces, card.footer)]
    if shortcuts.enabled():
        return png.encode(WIDTH, HEIGHT, BITS, PALETTE, bands)
    return _reference_png(bands)


PALETTE = [tuple(round(p + (c - p) * i / (INK_LEVELS - 1)) for p, c in zip(PAPER, INK)) for i in range(INK_LEVELS)]


_LUT = [round(v * (INK_LEVELS - 1) / 255) for v in range(256)]  # coverage -> palette level
_NOT_PAPER = [0] + [255] * 255  # palette level -> paste mask


class Strip:
    """Rows of the image being drawn, one palette level (0 paper to 3 ink) per pixel: a
    strip packed 2 bits a pixel is PNG scanlines as they are."""

    def __init__(self, rows: int):
        from PIL import Image  # here: only builds that make share images load Pillow

        self.rows = rows
        self.image = Image.new("L", (_LEAD + WIDTH, rows), 0)
        self.inked: list[tuple[int, int]] = []  # row ranges drawn on

    def draw(self, faces: _Faces, text: str, size: int, top: int, level: int) -> None:
        """`text` set from the margin with its baseline box at `top`, in ink `level` (0-255)."""
        x = _LEAD + MARGIN
        glyphs = faces.inked(size, level)
        paste = self.image.im.paste  # Pillow's core, which clips: Image.paste's checks cost more than the pasting
        for char in text:
            levels, mask, (width, height), (dx, dy), advance = glyphs.get(char) or faces.ink(char, size, level)
            if levels is not None:
                left, upper = round(x) + dx, top + dy
                paste(levels, (left, upper, left + width, upper + height), mask)
            x += advance
        self.inked.append((max(0, top), min(self.rows, top + int(size * 1.3))))

    def rule(self, box: tuple[int, int, int, int], level: int) -> None:
        self.image.paste(_LUT[level], box)

    def scanlines(self, start: int = 0, end: int | None = None) -> bytes:
        """Rows `start` to `end` as PNG scanlines."""
        rows = self.image if start == 0 and end is None else self.image.crop((0, start, self.image.width, end))
        return rows.tobytes("raw", _PACKED)

    def bands(self) -> list[png.Band]:
        """The drawn rows compressed; the blank rows between them from the shared blank bands."""
        row = ROW_BYTES + 1
        out, at = [], 0
        for start, end in _merged(self.inked):
            if start > at:
                out.append(_blank(start - at))
            out.append(png.band(self.scanlines(start, end)))
            at = end
        if at < self.rows:
            out.append(_blank(self.rows - at))
        assert sum(b.length for b in out) == self.rows * row
        return out


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(a, b) for a, b in out]


@lru_cache(maxsize=64)
def _blank(rows: int) -> png.Band:
    return png.band(b"\x00" * ((ROW_BYTES + 1) * rows), level=9)


@lru_cache(maxsize=8)
def _constant_top(faces: _Faces, site_name: str) -> tuple[png.Band, ...]:
    """The rule and the masthead: the same on every image of a site."""
    rule = png.band(b"".join(b"\x00" + b"\xff" * ROW_BYTES for _ in range(RULE_ROWS)), level=9)
    masthead = Strip(MASTHEAD[1] - MASTHEAD[0])
    if site_name:
        masthead.draw(faces, _wrap(faces, site_name, MASTHEAD_SIZE, 1)[0], MASTHEAD_SIZE, 44, 255)
    return (rule, png.band(masthead.scanlines(), level=9))


@lru_cache(maxsize=512)
def _footer(faces: _Faces, footer: str) -> tuple[png.Band, ...]:
    """The hairline and the date line: the same on every image of one 版."""
    strip = Strip(FOOTER[1] - FOOTER[0])
    strip.rule((_LEAD + MARGIN, 0, _LEAD + WIDTH - MARGIN, 2), 90)  # the lightest level
    if footer:
        strip.draw(faces, _wrap(faces, footer, FOOTER_SIZE, 1)[0], FOOTER_SIZE, 34, MUTED_LEVEL)
    return (png.band(strip.scanlines(), level=6),)


def _reference_png(bands: list[png.Band]) -> bytes:
    """The same pixels through Pillow's own encoder (SITEGEN_NO_SHORTCUTS=1)."""
    import zlib

    from PIL import Image

    rows = b"".join(zlib.decompress(b.deflated + b"\x03\x00", -15) for b in bands)
    packed = b"".join(rows[i + 1 : i + 1 + ROW_BYTES] for i in range(0, len(rows), ROW_BYTES + 1))
    image = Image.frombytes("P", (WIDTH, HEIGHT), packed, "raw", f"P;{BITS}")
    image.putpalette([c for rgb in PALETTE for c in rgb])
    out = io.BytesIO()
    image.save(out, "PNG", bits=BITS)
    return out.getvalue()


# -- glyphs and lines ---------------------------------------------------------------------------


class _Faces:
    """A font file at the sizes share images use, with each glyph rasterised once."""

    _loaded: dict[Path, _Faces] = {}

    @classmethod
    def get(cls, font: Path) -> _Faces:
        found = cls._loaded.get(font)
        if found is None:
            found = cls._loaded[font] = cls(font)
        return found

    def __init__(self, font: Path):
        self.font = font
        self._sizes: dict = {}
        self._glyphs: dict[int, dict] = {}  # size -> char -> (mask, offset, advance)
        self._inked: dict[tuple[int, int], dict] = {}  # (size, level) -> char -> what `ink` gives

    def _face(self, size: int):
        face = self._sizes.get(size)
        if face is None:
            from PIL import ImageFont

            face = self._sizes[size] = ImageFont.truetype(str(self.font), size, layout_engine=ImageFont.Layout.BASIC)
        return face

    def glyphs(self, size: int) -> dict:
        """The glyphs of `size` rasterised so far: char -> (coverage, a Pillow core image,
        or None for a blank; (dx, dy) from the pen; advance)."""
        found = self._glyphs.get(size)
        if found is None:
            found = self._glyphs[size] = {}
        return found

    def glyph(self, char: str, size: int):
        found = self.glyphs(size).get(char)
        if found is None:
            face = self._face(size)
            mask, offset = face.getmask2(char, mode="L")  # a core image: kept as is (an Image of it cost 7x the mapping)
            found = self._glyphs[size][char] = (mask if mask.size[0] and mask.size[1] else None, offset, face.getlength(char))
        return found

    def inked(self, size: int, level: int) -> dict:
        """The glyphs of `size` in ink `level` made so far: char -> what `ink` gives."""
        found = self._inked.get((size, level))
        if found is None:
            found = self._inked[size, level] = {}
        return found

    def ink(self, char: str, size: int, level: int):
        """`char` at `size` in ink `level` (0-255): its pixels as palette levels and the mask
        of those that are not paper (Pillow's core images; None, None for a blank), their
        size, offset and advance. Made once, so that drawing is pasting: no blending or
        mapping per image."""
        found = self.inked(size, level).get(char)
        if found is None:
            coverage, offset, advance = self.glyph(char, size)
            if coverage is None:
                found = (None, None, (0, 0), offset, advance)
            else:
                levels = coverage.point([_LUT[(v * level + 127) // 255] for v in range(256)], None)
                found = (levels, levels.point(_NOT_PAPER, None), levels.size, offset, advance)
            self._inked[size, level][char] = found
        return found

    def width(self, text: str, size: int) -> float:
        glyphs = self.glyphs(size)
        return sum((glyphs.get(c) or self.glyph(c, size))[2] for c in text)


def _fit_headline(faces: _Faces, headline: str) -> tuple[int, list[str]]:
    """The largest size at which the headline fits its lines, and its lines: a size that
    keeps each printed part on a line of its own first."""
    parts = headline.split()
    if len(parts) > 1:
        for size, most in HEADLINE_SIZES:
            if len(parts) <= most and all(faces.width(p, size) <= TEXT_WIDTH for p in parts):
                return size, parts
    for size, most in HEADLINE_SIZES:
        lines = _wrap(faces, headline, size, most + 1)
        if len(lines) <= most:
            return size, lines
    size, most = HEADLINE_SIZES[-1]
    return size, _wrap(faces, headline, size, most)


def _wrap(faces: _Faces, text: str, size: int, most: int) -> list[str]:
    """`text` in at most `most` lines of TEXT_WIDTH; the last ends with `…` when cut."""
    text = " ".join(text.split())
    parts = text.split(" ")
    if 1 < len(parts) <= most and all(faces.width(p, size) <= TEXT_WIDTH for p in parts):
        return parts  # the printed parts, one a line
    lines: list[str] = []
    line, used = "", 0.0
    for unit in _UNBROKEN.findall(text):
        wide = faces.width(unit, size)
        if not line or unit[0] in NO_LINE_START or used + wide <= TEXT_WIDTH:
            line, used = line + unit, used + wide  # a closing mark hangs into the margin rather than start a line
            continue
        if len(lines) + 1 == most:
            lines.append(line)
            return _cut(faces, lines, size)
        carried = line[-1] if line[-1] in NO_LINE_END and len(line) > 1 else ""  # an opening mark goes with its word
        lines.append(line[: len(line) - len(carried)].rstrip())
        line = (carried + unit).lstrip()
        used = faces.width(line, size)
    if line:
        lines.append(line)
    return lines


def _cut(faces: _Faces, lines: list[str], size: int) -> list[str]:
    last = lines[-1]
    while last and faces.width(last + "…", size) > TEXT_WIDTH:
        last = last[:-1]
    return lines[:-1] + [last.rstrip() + "…"]


def card_key(card: Card, font: Font, code: str) -> str:
    """What a share image is a function of: the card, the font and sitegen's code."""
    return hashlib.sha1(f"share\n{code}\n{font.identity}\n{card!r}".encode()).hexdigest()
