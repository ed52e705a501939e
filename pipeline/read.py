"""Find article files, decode them strictly, and turn each into an `Article`."""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import hashlib
import io
import json
import logging
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.dateline import find_dateline, parse_date
from pipeline.errors import InputError
from pipeline.model import Article

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".jsonl", ".jsonl.gz")
_BINARY_SNIFF = 8192


def find_files(raw: Path) -> list[Path]:
    """Article files under `raw` (a folder, searched recursively, or one file), in a stable order."""
    if not raw.exists():
        raise InputError(raw, "no such file or folder")
    if raw.is_file():
        return [raw]
    if not raw.is_dir():
        raise InputError(raw, "not a file or folder")
    files = sorted(p for p in raw.rglob("*") if p.is_file() and p.name.endswith(ARTICLE_SUFFIXES))
    if not files:
        raise InputError(raw, f"no article files ({', '.join(ARTICLE_SUFFIXES)}) in folder")
    return files


def _decode(path: Path, data: bytes, offset: int = 0) -> str:
    """`data` as UTF-8 text (a leading BOM dropped); `offset` is where it starts in its file."""
    if data.startswith(codecs.BOM_UTF8) and offset == 0:
        data, offset = data[len(codecs.BOM_UTF8) :], len(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {offset + exc.start})"
        ) from None


def _check_text(path: Path, head: bytes) -> None:
    """Refuse a file that is empty or binary, judged by its first bytes (all of them, if few)."""
    if not head.strip():
        raise InputError(path, "empty file")
    if b"\x00" in head[:_BINARY_SNIFF]:
        raise InputError(path, "binary file (contains NUL bytes), not text")


def make_article(
    path: Path,
    text: str,
    *,
    source_id: str | None = None,
    line: int | None = None,
    published: dt.date | None = None,
    title: str | None = None,
    source: str | None = None,
) -> Article:
    """An `Article` from its text; the id is the start of the text's SHA-256, so reruns give the same id."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    dateline = find_dateline(text)
    return Article(
        article_id=sha[:16],
        source_path=path.as_posix(),
        source_line=line,
        source_id=source_id,
        text=text,
        sha256=sha,
        source_name=source or (dateline.source if dateline else None),
        dateline_place=dateline.place if dateline else None,
        # A date given with the article wins over one read from its dateline.
        published=published or (dateline.published if dateline else None),
        title=title,
        dateline_end=dateline.end if dateline else 0,
    )


def _open(path: Path) -> io.BufferedIOBase:
    try:
        return gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """The numbered lines of a JSON Lines file, read and decoded one at a time.

    Memory holds one line, not the file: a feed of a million articles streams through.
    """
    offset = 0
    try:
        with _open(path) as fh:
            # A whitespace-only start may hide content further on: look past it for the empty check.
            head = fh.read(_BINARY_SNIFF)
            while head and not head.strip() and (more := fh.read(_BINARY_SNIFF)):
                head += more
            _check_text(path, head)
            fh.seek(0)
            for number, data in enumerate(fh, start=1):
                yield number, _decode(path, data, offset)
                offset += len(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(path, f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None


def _jsonl_articles(path: Path) -> Iterator[Article]:
    found = False
    for number, line in _lines(path):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
            body = record.get("text")
            if not isinstance(body, str) or not body.strip():
                raise ValueError("no 'text'")
            published = record.get("published")
            date = parse_date(published) if isinstance(published, str) and published else None
            if published and date is None:
                raise ValueError(f"'published' is not a date: {published!r}")
        except ValueError as exc:
            # One bad line must not sink a feed of thousands: report it and go on.
            log.warning("%s:%d: skipped malformed line: %s", path, number, exc)
            continue
        found = True
        yield make_article(
            path,
            body,
            source_id=str(record["id"]) if record.get("id") is not None else None,
            line=number,
            published=date,
            title=record.get("title") or None,
            source=record.get("source") or None,
        )
    if not found:
        raise InputError(path, "no readable article lines")


def read_file(path: Path) -> Iterator[Article]:
    """The articles in one file: a .txt holds one, a .jsonl (or .jsonl.gz) one per line."""
    if path.name.endswith((".jsonl", ".jsonl.gz")):
        yield from _jsonl_articles(path)
        return
    try:
        with _open(path) as fh:
            data = fh.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(path, f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    _check_text(path, data)
    yield make_article(path, _decode(path, data))


def read_articles(raw: Path) -> Generator[Article, None, None]:
    """Every article under `raw`; the same text read twice is kept once."""
    seen: set[str] = set()
    for path in find_files(raw):
        for article in read_file(path):
            if article.article_id in seen:
                log.warning("%s: duplicate of an article already read; skipped", article.source_path)
                continue
            seen.add(article.article_id)
            yield article


@dataclass(frozen=True, slots=True)
class Survey:
    """What the input holds, learnt in one pass over its bytes before any article is parsed."""

    articles: int  # at most: lines of JSON Lines, one per text file
    digest: str  # SHA-256 of every file's path and bytes, in reading order


def survey(raw: Path) -> Survey:
    """Count the articles under `raw` (for progress and sharing out work) and digest its bytes (the run id).

    Cheap next to reading the articles: nothing is decoded or parsed.
    """
    total, digest = 0, hashlib.sha256()
    for path in find_files(raw):
        digest.update(path.as_posix().encode())
        lines = 0
        try:
            with gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb") as fh:
                for line in fh:
                    digest.update(line)
                    lines += bool(line.strip())
        except (OSError, EOFError, zlib.error):
            lines = 1  # unreadable: reading it will report the problem
        total += lines if path.name.endswith((".jsonl", ".jsonl.gz")) else 1
    return Survey(total, digest.hexdigest())


def count_articles(raw: Path) -> int:
    """How many articles `raw` holds at most."""
    return survey(raw).articles
