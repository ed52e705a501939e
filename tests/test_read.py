"""Reading articles: files and folders, strict decoding, datelines, JSON Lines feeds."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
from pathlib import Path

import pytest

from pipeline.dateline import find_dateline
from pipeline.errors import InputError
from pipeline.read import read_articles
from tests.fixtures import BUNDLED_ARTICLE, RAW


@pytest.mark.parametrize(
    ("text", "place", "source", "published"),
    [
        (
            "ISLAMABAD, (UrduPoint / Pakistan Point News - 6th Apr, 2021 ) :Foreign",
            "Islamabad",
            "UrduPoint / Pakistan Point News",
            dt.date(2021, 4, 6),
        ),
        ("WASHINGTON (Reuters) - The", "Washington", "Reuters", None),
        ("NAIROBI, Kenya (AP) _\n\nSuspected", "Nairobi", "AP", None),
        ("NEW YORK, March 3, 2020 (AP) — Stocks", "New York", "AP", dt.date(2020, 3, 3)),
        ("LONDON, April 6 (Reuters) - Prices", "London", "Reuters", None),
    ],
)
def test_dateline(text: str, place: str, source: str, published: dt.date | None) -> None:
    found = find_dateline(text)
    assert found is not None
    assert (found.place, found.source, found.published) == (place, source, published)
    assert text[found.end :][:1].isalpha()


@pytest.mark.parametrize("text", ["The minister said (today) - nothing.", "Talks resumed on Monday.", ""])
def test_no_dateline(text: str) -> None:
    assert find_dateline(text) is None


def test_bundled_article_is_the_seed_read_as_is() -> None:
    (article,) = read_articles(RAW)
    assert article.text == BUNDLED_ARTICLE.read_text(encoding="utf-8")
    assert article.article_id == article.sha256[:16] == "0d0f5ed4f039e23d"
    assert (article.dateline_place, article.published) == ("Islamabad", dt.date(2021, 4, 6))
    assert article.source_name == "UrduPoint / Pakistan Point News"


def test_jsonl_lines_are_articles_and_bad_lines_are_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "a1", "published": "2020-01-02", "title": "T", "source": "S", "text": "One.", "extra": 1}\n'
        "{not json\n"
        "\n"
        '{"id": "a3", "text": "LONDON, May 5, 2019 (AP) - Three."}\n'
        '{"id": "a4", "published": "someday", "text": "Four."}\n',
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING):
        articles = list(read_articles(feed))
    assert [(a.source_id, a.source_line, a.published) for a in articles] == [
        ("a1", 1, dt.date(2020, 1, 2)),
        ("a3", 4, dt.date(2019, 5, 5)),
    ]
    assert (articles[0].title, articles[0].source_name) == ("T", "S")
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2
    assert messages[0].startswith(f"{feed}:2: skipped malformed line")
    assert messages[1] == f"{feed}:5: skipped malformed line: 'published' is not a date: 'someday'"


def test_published_in_jsonl_wins_over_dateline(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl.gz"
    with gzip.open(feed, "wt", encoding="utf-8") as fh:
        fh.write('{"published": "2019-05-06", "text": "LONDON, May 5, 2019 (AP) - Hello there."}\n')
    (article,) = read_articles(feed)
    assert article.published == dt.date(2019, 5, 6)
    assert article.dateline_place == "London"


def test_duplicate_texts_are_read_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Same words.", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        articles = list(read_articles(tmp_path))
    assert [a.source_path for a in articles] == [(tmp_path / "a.txt").as_posix()]
    assert "b.txt: duplicate of an article already read; skipped" in caplog.text


def test_folder_is_searched_recursively_in_a_stable_order(tmp_path: Path) -> None:
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "b.txt").write_text("Bee.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Ay.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    assert [a.text for a in read_articles(tmp_path)] == ["Ay.", "Bee."]


def test_utf8_bom_is_not_part_of_the_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("\ufeffHello.".encode())
    assert next(read_articles(tmp_path)).text == "Hello."


def test_unreadable_file_names_it(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\xff\xfe")
    with pytest.raises(InputError, match=r"a\.txt: not valid UTF-8 \(byte 0xff at offset 0\)"):
        list(read_articles(tmp_path))


def test_bad_byte_after_a_bom_is_named_at_its_offset_in_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfab\xff")
    with pytest.raises(InputError, match=r"a\.txt: not valid UTF-8 \(byte 0xff at offset 5\)"):
        list(read_articles(tmp_path))


def test_bad_byte_in_a_later_jsonl_line_is_named_at_its_offset_in_the_file(tmp_path: Path) -> None:
    good = b'{"text": "Fine."}\n'
    (tmp_path / "feed.jsonl").write_bytes(good + b'{"text": "Caf\xe9."}\n')
    read = read_articles(tmp_path)
    assert next(read).text == "Fine."  # lines are read one at a time: the first comes before the error
    offset = len(good) + len(b'{"text": "Caf')
    with pytest.raises(InputError, match=rf"feed\.jsonl: not valid UTF-8 \(byte 0xe9 at offset {offset}\)"):
        next(read)


def test_jsonl_lines_end_only_at_newlines(tmp_path: Path) -> None:
    # A raw U+2028 inside a JSON string is valid JSON; str.splitlines would cut the record in two.
    lines = [{"text": "One\u2028two."}, {"text": "Three."}]
    (tmp_path / "feed.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8"
    )
    assert [(a.text, a.source_line) for a in read_articles(tmp_path)] == [("One\u2028two.", 1), ("Three.", 2)]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("feed.jsonl", b"\n  \n\n", "empty file"),
        ("feed.jsonl", b"\n" * 3 + b"PK\x03\x04\x00\x00", "binary file (contains NUL bytes), not text"),
        ("feed.jsonl.gz", gzip.compress(b"\n\n"), "empty file"),
        ("feed.jsonl.gz", b"not gzip at all", "cannot read: Not a gzipped file (b'no')"),
    ],
)
def test_jsonl_that_is_no_text_is_refused(tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InputError) as caught:
        list(read_articles(tmp_path))
    assert str(caught.value) == f"{tmp_path / name}: {problem}"
