"""Reading articles: files and folders, strict decoding, datelines, JSON Lines feeds."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from pipeline.dateline import find_dateline
from pipeline.errors import InputError
from pipeline.read import Reader, read_articles
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
        ("BERLIN 1996-08-30\nAdrian Warner", "Berlin", None, dt.date(1996, 8, 30)),
        ("ST. PAUL, Minnesota 2004-02-11\nShares", "St. Paul", None, dt.date(2004, 2, 11)),
        ("BONN, Aug 30 - The", "Bonn", None, None),  # no year: not anchored
        ("QUITO, March 3, 2020 - Stocks", "Quito", None, dt.date(2020, 3, 3)),
        ("LAGOS — The", "Lagos", None, None),
        ("HAVANA (AP) --\n\nThe", "Havana", "AP", None),
    ],
)
def test_dateline(text: str, place: str, source: str, published: dt.date | None) -> None:
    found = find_dateline(text)
    assert found is not None
    assert (found.place, found.source, found.published) == (place, source, published)
    assert text[found.end :][:1].isalpha()


@pytest.mark.parametrize(
    "text",
    [
        "The minister said (today) - nothing.",
        "Talks resumed on Monday.",
        "",
        "SOCCER - JAPAN GET LUCKY WIN",  # a headline: a plain hyphen after a bare word is no dateline
        "NATO's summit opened.",
        "RESULTS 1996-08-30 were",  # a date not followed by a line break or a dash
    ],
)
def test_no_dateline(text: str) -> None:
    assert find_dateline(text) is None


def test_bundled_article_is_the_seed_read_as_is() -> None:
    (article,) = read_articles(RAW)
    assert article.text == BUNDLED_ARTICLE.read_text(encoding="utf-8")
    assert article.article_id == article.sha256[:16] == "0d0f5ed4f039e23d"
    assert (article.dateline_place, article.published) == ("Islamabad", dt.date(2021, 4, 6))
    assert article.source_name == "UrduPoint / Pakistan Point News"


def test_jsonl_lines_are_articles_and_what_is_not_is_logged_with_its_reason(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "a1", "published": "2020-01-02", "title": "T", "source": "S", "text": "One.", "extra": 1}\n'
        "{not json\n"
        "\n"
        '{"id": "a3", "text": "LONDON, May 5, 2019 (AP) - Three."}\n'
        '{"id": "a4", "published": "2021-02-30", "text": "Four."}\n'
        '{"text": 12345}\n'
        '[{"text": "In an array."}]\n'
        '{"text": "  "}\n'
        '{"title": "No text"}\n'
        '{"text": "Six.", "title": 7, "published": 2021}\n',
        encoding="utf-8",
    )
    reader = Reader(feed)
    articles = list(reader.articles())
    assert [(a.source_id, a.source_line, a.published, a.title) for a in articles] == [
        ("a1", 1, dt.date(2020, 1, 2), "T"),
        ("a3", 4, dt.date(2019, 5, 5), None),
        ("a4", 5, None, None),  # a published that is no date is dropped, not the article
        (None, 10, None, None),
    ]
    assert articles[0].source_name == "S"
    assert [(s.rule, s.line, s.reason) for s in reader.skipped] == [
        (
            "record_skipped",
            2,
            "not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
        ("record_skipped", 3, "blank line"),
        ("field_ignored", 5, "published 2021-02-30 is not a date; read without it"),
        ("record_skipped", 6, "text is a number, not a string"),
        ("record_skipped", 7, "an array, not a JSON object"),
        ("record_skipped", 8, "text is empty"),
        ("record_skipped", 9, "no text field"),
        ("field_ignored", 10, "published is a number, not a date; read without it"),
        ("field_ignored", 10, "title is a number, not text; read without it"),
    ]
    assert str(reader.skipped[1]) == f"{feed.as_posix()}:3: blank line"


def test_published_in_jsonl_wins_over_dateline(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl.gz"
    with gzip.open(feed, "wt", encoding="utf-8") as fh:
        fh.write('{"published": "2019-05-06", "text": "LONDON, May 5, 2019 (AP) - Hello there."}\n')
    (article,) = read_articles(feed)
    assert article.published == dt.date(2019, 5, 6)
    assert article.dateline_place == "London"


def test_duplicate_texts_are_read_once_and_the_copy_is_logged(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Same words.", encoding="utf-8")
    reader = Reader(tmp_path)
    assert [a.source_path for a in reader.articles()] == [(tmp_path / "a.txt").as_posix()]
    assert [str(s) for s in reader.skipped] == [
        f"{(tmp_path / 'b.txt').as_posix()}: same text as {(tmp_path / 'a.txt').as_posix()}"
    ]
    assert reader.skipped[0].rule == "duplicate_article"


def test_folder_is_searched_recursively_in_a_stable_order(tmp_path: Path) -> None:
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "b.txt").write_text("Bee.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Ay.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    assert [a.text for a in read_articles(tmp_path)] == ["Ay.", "Bee."]


def test_utf8_bom_is_not_part_of_the_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("\ufeffHello.".encode())
    assert next(read_articles(tmp_path)).text == "Hello."


def test_unreadable_file_given_names_it(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"ab\xff")
    with pytest.raises(InputError, match=r"a\.txt: not valid UTF-8 \(byte 0xff at offset 2\)"):
        list(read_articles(tmp_path / "a.txt"))


def test_bad_byte_after_a_bom_is_named_at_its_offset_in_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfab\xff")
    with pytest.raises(InputError, match=r"a\.txt: not valid UTF-8 \(byte 0xff at offset 5\)"):
        list(read_articles(tmp_path / "a.txt"))


def test_bad_byte_in_a_jsonl_line_skips_that_record_naming_its_offset_in_the_file(tmp_path: Path) -> None:
    good = b'{"text": "Fine."}\n'
    (tmp_path / "feed.jsonl").write_bytes(good + b'{"text": "Caf\xe9."}\n' + b'{"text": "Also fine."}\n')
    reader = Reader(tmp_path)
    assert [a.text for a in reader.articles()] == ["Fine.", "Also fine."]
    offset = len(good) + len(b'{"text": "Caf')
    assert [(s.rule, s.line, s.reason) for s in reader.skipped] == [
        ("record_skipped", 2, f"not valid UTF-8 (byte 0xe9 at offset {offset})")
    ]


def test_utf16_text_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("Olaf Scholz met Emmanuel Macron in Paris.".encode("utf-16"))
    (article,) = read_articles(tmp_path / "a.txt")
    assert article.text == "Olaf Scholz met Emmanuel Macron in Paris."


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        (
            "a.jsonl",
            '{"text": "Hi."}\n'.encode("utf-16"),
            "UTF-16 text (byte order mark found): JSON Lines must be UTF-8; convert it",
        ),
        (
            "a.txt",
            "Hello there.".encode("utf-16-le"),
            "UTF-16 text without a byte order mark: convert it to UTF-8",
        ),
        ("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes), not text"),
        ("a.txt", b"", "empty file"),
    ],
)
def test_file_given_that_is_no_utf8_text_is_refused(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InputError) as caught:
        list(read_articles(tmp_path / name))
    assert str(caught.value) == f"{tmp_path / name}: {problem}"


def test_file_in_a_folder_that_cannot_be_read_is_skipped_and_logged(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A good article.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.jsonl").write_bytes(b"\n\n")
    reader = Reader(tmp_path)
    assert [a.text for a in reader.articles()] == ["A good article."]
    assert [(s.rule, s.path, s.reason) for s in reader.skipped] == [
        ("file_skipped", (tmp_path / "b.txt").as_posix(), "empty file"),
        ("file_skipped", (tmp_path / "c.jsonl").as_posix(), "empty file"),
    ]


def test_folder_of_nothing_readable_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(b"")
    with pytest.raises(InputError) as caught:
        list(read_articles(tmp_path))
    first = f"{(tmp_path / 'b.txt').as_posix()}: empty file"
    assert str(caught.value) == f"{tmp_path}: no readable article (1 skipped; first: {first})"


def test_several_paths_are_all_read_and_a_file_reached_twice_once(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "a.txt").write_text("Ay.", encoding="utf-8")
    (tmp_path / "two" / "b.txt").write_text("Bee.", encoding="utf-8")
    reader = Reader([tmp_path / "one", tmp_path / "two", tmp_path / "one" / "a.txt"])
    assert [a.text for a in reader.articles()] == ["Ay.", "Bee."]
    assert reader.skipped == []


def test_overlong_article_is_skipped_naming_its_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pipeline.read.MAX_ARTICLE_CHARS", 20)
    (tmp_path / "a.txt").write_text("Short enough.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x" * 21, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"text": "Fine."}\n{"text": "%s"}\n' % ("y" * 25), encoding="utf-8")
    reader = Reader(tmp_path)
    assert [a.text for a in reader.articles()] == ["Short enough.", "Fine."]
    assert [(s.rule, s.where.rsplit("/", 1)[1], s.reason) for s in reader.skipped] == [
        ("file_skipped", "b.txt", "text is 21 characters, more than the 20 read"),
        ("record_skipped", "c.jsonl:2", "text is 25 characters, more than the 20 read"),
    ]


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
        list(read_articles(tmp_path / name))
    assert str(caught.value) == f"{tmp_path / name}: {problem}"


def test_missing_path_is_an_input_error_before_anything_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Ay.", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Reader([tmp_path / "a.txt", tmp_path / "missing"])
    assert str(caught.value) == f"{tmp_path / 'missing'}: no such file or folder"
