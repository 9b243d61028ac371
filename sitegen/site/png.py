"""A palette PNG writer for images made of bands, most of them the same from one image to
the next (share images: the masthead and blank space are shared, only the headline's rows
differ). Bands of scanlines in; PNG bytes out.

A band is compressed once into a raw deflate segment that ends on a full flush, so
segments can be laid end to end in one zlib stream (RFC 1950/1951), and its Adler-32 is
kept so the stream's checksum is combined rather than computed over the image again.
Drawing and encoding a 1200×630 share image this way costs about a third of what
Pillow's encoder does (which filters and compresses every row of every image); under
SITEGEN_NO_SHORTCUTS=1 the images are encoded by Pillow instead (shareimage.py), and
tests/test_share_image.py checks that both give the same pixels.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

_BASE = 65521  # Adler-32's modulus
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ZLIB_HEADER = b"\x78\x01"  # deflate, 32 KB window, fastest
_LAST_BLOCK = b"\x03\x00"  # an empty final block with fixed codes: ends the deflate stream


@dataclass(frozen=True)
class Band:
    """Scanlines (each a filter byte 0 and the row's packed pixels), compressed."""

    deflated: bytes
    adler: int
    length: int  # bytes of scanlines before compression


def band(scanlines: bytes, level: int = 1, strategy: int = zlib.Z_RLE) -> Band:
    """`scanlines` compressed as a segment that can be followed by any other band."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15, 8, strategy)
    return Band(compressor.compress(scanlines) + compressor.flush(zlib.Z_FULL_FLUSH), zlib.adler32(scanlines), len(scanlines))


def encode(width: int, height: int, bits: int, palette: list[tuple[int, int, int]], bands: list[Band]) -> bytes:
    """A PNG of the palette colours (indexed, `bits` per pixel) whose rows are `bands`, top
    to bottom; they must hold `height` scanlines of `width` pixels."""
    row = 1 + (width * bits + 7) // 8
    if sum(b.length for b in bands) != row * height:
        raise ValueError("the bands do not make up the image")
    adler = 1  # of no data
    for part in bands:
        adler = _adler_combine(adler, part.adler, part.length)
    stream = _ZLIB_HEADER + b"".join(part.deflated for part in bands) + _LAST_BLOCK + struct.pack(">I", adler)
    header = struct.pack(">IIBBBBB", width, height, bits, 3, 0, 0, 0)  # colour type 3: indexed
    colours = b"".join(bytes(rgb) for rgb in palette)
    return _SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"PLTE", colours) + _chunk(b"IDAT", stream) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _adler_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two pieces of data laid end to end, from theirs (zlib's adler32_combine)."""
    rem = second_length % _BASE
    sum1 = first & 0xFFFF
    sum2 = (rem * sum1) % _BASE
    sum1 += (second & 0xFFFF) + _BASE - 1
    sum2 += ((first >> 16) & 0xFFFF) + ((second >> 16) & 0xFFFF) + _BASE - rem
    sum1 %= _BASE
    sum2 %= _BASE
    return (sum2 << 16) | sum1
