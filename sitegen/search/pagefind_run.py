"""The Pagefind edge: records in, one Pagefind bundle written to a folder out.

Runs Pagefind's own service (the `pagefind_extended` binary) through its Python API and
feeds it custom records whose content is already in search tokens (grams.py), so
Pagefind's segmenter never sees a Chinese character.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from sitegen.search.grams import index_text
from sitegen.search.records import Record

# The records are tagged as Chinese so that the browser picks this index on a zh-CN
# page; their content is ASCII letters, which Pagefind's Chinese segmenter leaves whole.
LANGUAGE = "zh"
BATCH = 256  # records in flight to the service at once


def write_bundle(records: list[Record], folder: Path) -> None:
    """Indexes `records` into a new Pagefind bundle at `folder`."""
    asyncio.run(_write(records, folder))


async def _write(records: list[Record], folder: Path) -> None:
    async with PagefindIndex(IndexConfig(output_path=str(folder))) as index:
        for start in range(0, len(records), BATCH):
            await asyncio.gather(*(_add(index, record) for record in records[start : start + BATCH]))


async def _add(index: PagefindIndex, record: Record) -> None:
    await index.add_custom_record(
        url=record.url,
        content=index_text(record.text),
        language=LANGUAGE,
        meta=record.meta,
        filters=record.filters,
        sort=record.sort,
    )
