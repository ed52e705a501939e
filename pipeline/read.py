"""Find article files, decode them strictly, and turn each into an `Article`; log what is skipped and why."""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import hashlib
import io
import json
import logging
import zlib
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.dateline import find_dateline, parse_date
from pipeline.errors import InputError, missing
from pipeline.model import Article
from pipeline.schemas.catalog import DUPLICATE_ARTICLE, FIELD_IGNORED, FILE_SKIPPED, RECORD_SKIPPED

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".jsonl", ".jsonl.gz")
_BINARY_SNIFF = 8192
# Longer texts are dumps, not news articles: a documented bound keeps one from holding up a run for
# minutes (extraction takes about 20 seconds per million characters) or taking all memory.
MAX_ARTICLE_CHARS = 2_000_000

# UTF-32's little-endian mark starts with UTF-16's: look for it first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


@dataclass(frozen=True, slots=True)
class Skipped:
    """Input left out of a run, and why: a whole file, one JSON Lines record, or one field of a record."""

    rule: str  # one of the contract's INPUT_RULES
    path: str
    line: int | None
    reason: str

    @property
    def where(self) -> str:
        """`path:line`, or the path alone for a whole file."""
        return self.path if self.line is None else f"{self.path}:{self.line}"

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


Skip = Callable[[Skipped], None]


def find_files(raws: Path | Sequence[Path]) -> list[tuple[Path, bool]]:
    """Article files under each path (a folder, searched recursively, or one file), in a stable order.

    Each file comes with whether it was named itself (a file given is read or fails the run; a file
    found in a folder is skipped, and reported, when it cannot be read). A file reached twice is read once.
    """
    found: dict[Path, tuple[Path, bool]] = {}  # by resolved path: (the path as reached, named itself)
    for raw in [raws] if isinstance(raws, Path) else raws:
        if not raw.exists():
            raise missing(raw)
        if raw.is_file():
            path, _ = found.get(raw.resolve(), (raw, True))
            found[raw.resolve()] = (path, True)
            continue
        if not raw.is_dir():
            raise InputError(raw, "not a file or folder")
        files = sorted(p for p in raw.rglob("*") if p.is_file() and p.name.endswith(ARTICLE_SUFFIXES))
        if not files:
            raise InputError(raw, f"no article files ({', '.join(ARTICLE_SUFFIXES)}) in folder")
        for path in files:
            found.setdefault(path.resolve(), (path, False))
    return list(found.values())


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


def _unicode_bom(head: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when `head` starts with that encoding's byte order mark."""
    return next((name for bom, name in _BOMS if head.startswith(bom)), None)


def _check_text(path: Path, head: bytes) -> None:
    """Refuse a file that is empty or binary, judged by its first bytes (all of them, if few)."""
    if not head.strip():
        raise InputError(path, "empty file")
    if b"\x00" in head[:_BINARY_SNIFF]:
        even, odd = head[:_BINARY_SNIFF:2], head[1:_BINARY_SNIFF:2]
        # Latin text in UTF-16 has a NUL in every other byte and none between: say so, not "binary".
        for nuls, letters in ((odd, even), (even, odd)):
            if nuls.count(0) > 0.9 * len(nuls) and letters.count(0) < 0.1 * len(letters):
                raise InputError(path, "UTF-16 text without a byte order mark: convert it to UTF-8")
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


def _cannot_read(path: Path, exc: BaseException) -> InputError:
    return InputError(path, f"cannot read: {getattr(exc, 'strerror', None) or exc}")


def _lines(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """The numbered lines of a JSON Lines file with their offsets in it, read one at a time.

    Memory holds one line, not the file: a feed of a million articles streams through.
    """
    offset = 0
    try:
        with _open(path) as fh:
            # A whitespace-only start may hide content further on: look past it for the empty check.
            head = fh.read(_BINARY_SNIFF)
            while head and not head.strip() and (more := fh.read(_BINARY_SNIFF)):
                head += more
            if (encoding := _unicode_bom(head)) is not None:
                raise InputError(
                    path, f"{encoding} text (byte order mark found): JSON Lines must be UTF-8; convert it"
                )
            _check_text(path, head)
            fh.seek(0)
            for number, data in enumerate(fh, start=1):
                yield number, offset, data
                offset += len(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise _cannot_read(path, exc) from None


def _kind(value: object) -> str:
    """What a JSON value is, as a message names it."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else "text"


def _record(path: Path, number: int, offset: int, data: bytes, skip: Skip) -> Article | None:
    """The article in one JSON Lines record, or None (reported to `skip`) when it holds none."""

    def skipped(reason: str) -> None:
        skip(Skipped(RECORD_SKIPPED, path.as_posix(), number, reason))

    def ignored(field: str, reason: str) -> None:
        skip(Skipped(FIELD_IGNORED, path.as_posix(), number, f"{field} {reason}; read without it"))

    if not data.strip():
        skipped("blank line")
        return None
    try:
        line = _decode(path, data, offset)
    except InputError as exc:
        skipped(exc.problem)
        return None
    try:
        record = json.loads(line)
    except ValueError as exc:
        skipped(f"not JSON: {exc}")
        return None
    if not isinstance(record, dict):
        skipped(f"{_kind(record)}, not a JSON object")
        return None
    body = record.get("text")
    if "text" not in record:
        skipped("no text field")
        return None
    if not isinstance(body, str):
        skipped(f"text is {_kind(body)}, not a string")
        return None
    if not body.strip():
        skipped("text is empty")
        return None
    if len(body) > MAX_ARTICLE_CHARS:
        skipped(f"text is {len(body):,} characters, more than the {MAX_ARTICLE_CHARS:,} read")
        return None
    published = record.get("published")
    date = None
    if isinstance(published, str) and published:
        date = parse_date(published)
        if date is None:
            ignored("published", f"{published} is not a date")
    elif published not in (None, ""):
        ignored("published", f"is {_kind(published)}, not a date")
    fields: dict[str, str | None] = {}
    for field in ("title", "source"):
        value = record.get(field)
        if value is not None and not isinstance(value, str):
            ignored(field, f"is {_kind(value)}, not text")
            value = None
        fields[field] = value or None
    source_id = record.get("id")
    if isinstance(source_id, dict | list | bool):
        ignored("id", f"is {_kind(source_id)}, not text or a number")
        source_id = None
    return make_article(
        path,
        body,
        source_id=None if source_id is None else str(source_id),
        line=number,
        published=date,
        title=fields["title"],
        source=fields["source"],
    )


def _jsonl_articles(path: Path, skip: Skip) -> Iterator[Article]:
    found = False
    for number, offset, data in _lines(path):
        article = _record(path, number, offset, data, skip)
        if article is not None:
            found = True
            yield article
    if not found:
        raise InputError(path, "no readable article lines")


def read_file(path: Path, skip: Skip | None = None) -> Iterator[Article]:
    """The articles in one file: a .txt holds one, a .jsonl (or .jsonl.gz) one per line.

    A JSON Lines record that holds no article goes to `skip` (by default, a logged warning).
    """
    skip = skip or (lambda found: log.warning("%s", found))
    if path.name.endswith((".jsonl", ".jsonl.gz")):
        yield from _jsonl_articles(path, skip)
        return
    try:
        with _open(path) as fh:
            data = fh.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise _cannot_read(path, exc) from None
    encoding = _unicode_bom(data)
    if encoding is not None:
        # Windows editors save "Unicode" text as UTF-16 with a mark: it says how to read the file.
        try:
            text = data.decode(encoding.lower().replace("-", ""))
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not valid {encoding} (at byte offset {exc.start})") from None
        if not text.strip():
            raise InputError(path, "empty file")
    else:
        _check_text(path, data)
        text = _decode(path, data)
    if len(text) > MAX_ARTICLE_CHARS:
        # Skipped, not refused: one overlong file must not stop the others given with it.
        reason = f"text is {len(text):,} characters, more than the {MAX_ARTICLE_CHARS:,} read"
        skip(Skipped(FILE_SKIPPED, path.as_posix(), None, reason))
        return
    yield make_article(path, text)


class Reader:
    """The articles under one or more input paths, read once, with a log of what was left out and why."""

    def __init__(self, raws: Path | Sequence[Path]) -> None:
        self.raws = [raws] if isinstance(raws, Path) else list(raws)
        self.files = find_files(self.raws)  # a missing path fails here, before anything is loaded
        self.skipped: list[Skipped] = []
        self.articles_read = 0

    def _skip(self, found: Skipped) -> None:
        log.warning("%s", found)
        self.skipped.append(found)

    def articles(self) -> Generator[Article, None, None]:
        """Every article, in input order; the same text read twice is kept once.

        A file named itself that cannot be read raises `InputError`; one found in a folder is skipped.
        """
        seen: dict[str, str] = {}
        for path, given in self.files:
            try:
                for article in read_file(path, self._skip):
                    first = seen.get(article.article_id)
                    if first is not None:
                        self._skip(
                            Skipped(
                                DUPLICATE_ARTICLE,
                                article.source_path,
                                article.source_line,
                                f"same text as {first}",
                            )
                        )
                        continue
                    seen[article.article_id] = _where(article)
                    self.articles_read += 1
                    yield article
            except InputError as exc:
                if given:
                    raise
                self._skip(Skipped(FILE_SKIPPED, path.as_posix(), None, exc.problem))
        if not self.articles_read:
            where = ", ".join(str(raw) for raw in self.raws)
            first = f"; first: {self.skipped[0]}" if self.skipped else ""
            raise InputError(where, f"no readable article ({len(self.skipped)} skipped{first})")


def _where(article: Article) -> str:
    line = article.source_line
    return article.source_path if line is None else f"{article.source_path}:{line}"


def read_articles(raws: Path | Sequence[Path]) -> Generator[Article, None, None]:
    """Every article under `raws`; what cannot be read from a folder is skipped with a logged warning."""
    yield from Reader(raws).articles()


@dataclass(frozen=True, slots=True)
class Survey:
    """What the input holds, learnt in one pass over its bytes before any article is parsed."""

    articles: int  # at most: lines of JSON Lines, one per text file
    digest: str  # SHA-256 of every file's path and bytes, in reading order


def survey(files: Sequence[tuple[Path, bool]]) -> Survey:
    """Count the articles in `files` (for progress and sharing out work) and digest their bytes (the run id).

    Cheap next to reading the articles: nothing is decoded or parsed.
    """
    total, digest = 0, hashlib.sha256()
    for path, _ in files:
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


def count_articles(raws: Path | Sequence[Path]) -> int:
    """How many articles `raws` holds at most."""
    return survey(find_files(raws)).articles
