"""`pipeline validate` on CSV copies that say something else than Parquet, and on unmentioned entities."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from pipeline import runner
from pipeline.errors import ExitStatus, ValidationFailed
from pipeline.facts import Extractor
from pipeline.validate import Failure, validate
from tests.factories import HUNGARY, ISLAMABAD, valid_tables
from tests.runs import invoke, reuse

ARTICLE = "0d0f5ed4f039e23d"
MONEY = f"article_id={ARTICLE} start=4322 end=4335"  # "$ 790 million"


@pytest.fixture
def out(tmp_path: Path, bundled_out: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(bundled_out, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    # As bytes: reading as text would turn the CRLF line ends into LF.
    data = path.read_bytes()
    assert data.count(old.encode()) == 1, old
    path.write_bytes(data.replace(old.encode(), new.encode()))


def errors_shown(stderr: str) -> list[str]:
    """The error lines of the terminal summary, the padding between columns squeezed to one space."""
    return [" ".join(line.split()) for line in stderr.splitlines() if line.startswith("error ")]


def errors_of(out: Path) -> list[tuple[str, str | None, str, str | None, object]]:
    with pytest.raises(ValidationFailed) as failed:
        runner.check(out)
    return [(f.table, f.column, f.check, f.row_key, f.failure_case) for f in failed.value.report.errors]


@pytest.mark.parametrize(
    ("file", "old", "new", "error", "shown"),
    [
        # The case: a sign added in the CSV copy only, which Frictionless cannot see.
        (
            "figures.csv",
            '"790000000.0"',
            "-790000000",
            ("figures", "value", MONEY, "value=-790000000.0 in figures.csv, 790000000.0 in figures.parquet"),
            f"error figures csv_matches_parquet 1 {MONEY}: value=-790000000.0 i...",
        ),
        # A missing value is not an empty text, nor the text it replaced.
        (
            "entities.csv",
            '"country:PAK","country","Pakistan","PAK"',
            '"country:PAK","country","Pakistan",',
            (
                "entities",
                "country_code",
                "entity_id=country:PAK",
                "country_code=null in entities.csv, 'PAK' in entities.parquet",
            ),
            "error entities csv_matches_parquet 1 entity_id=country:PAK: "
            "country_code=null in entities.csv, 'PAK' in en...",
        ),
        (
            "events.csv",
            f'"{ARTICLE}-e001","{ARTICLE}","visit","042",2021-04-06',
            f'"{ARTICLE}-e001","{ARTICLE}","visit","042",2021-04-05',
            (
                "events",
                "start_date",
                f"event_id={ARTICLE}-e001",
                "start_date=2021-04-05 in events.csv, 2021-04-06 in events.parquet",
            ),
            f"error events csv_matches_parquet 1 event_id={ARTICLE}-e001: "
            "start_date=2021-04-05 in events.csv, ...",
        ),
    ],
)
def test_a_csv_value_unlike_its_parquet_copy_fails(
    out: Path, file: str, old: str, new: str, error: tuple[str, str, str, str], shown: str
) -> None:
    edit(out / file, old, new)
    code, stdout, stderr = invoke("validate", str(out))
    assert code == ExitStatus.VALIDATION_FAILED
    assert stdout == ""
    assert errors_shown(stderr) == [shown]
    table, column, row_key, case = error
    assert errors_of(out) == [(table, column, "csv_matches_parquet", row_key, case)]


def test_a_missing_csv_copy_fails(out: Path) -> None:
    (out / "quotes.csv").unlink()
    code, _, stderr = invoke("validate", str(out))
    assert code == ExitStatus.VALIDATION_FAILED
    assert errors_shown(stderr) == ["error quotes csv_present table quotes.csv"]
    assert errors_of(out) == [("quotes", None, "csv_present", None, "quotes.csv")]


def test_a_csv_row_left_out_fails_once_not_row_by_row(out: Path) -> None:
    edit(out / "figures.csv", f'"{ARTICLE}","46%",4352,4355,"percent","46.0","percent"\r\n', "")
    code, _, stderr = invoke("validate", str(out))
    assert code == ExitStatus.VALIDATION_FAILED
    assert errors_shown(stderr) == [
        "error figures csv_matches_parquet table 6 rows in figures.csv, 7 in figures.parquet"
    ]
    assert errors_of(out) == [
        ("figures", None, "csv_matches_parquet", None, "6 rows in figures.csv, 7 in figures.parquet")
    ]


def test_a_csv_value_of_the_wrong_type_fails(out: Path) -> None:
    edit(out / "figures.csv", '"790000000.0"', '"790 million"')
    code, _, stderr = invoke("validate", str(out))
    assert code == ExitStatus.VALIDATION_FAILED
    message = "figures.csv: In CSV column #5: CSV conversion error to double: invalid value '790 million'"
    assert errors_shown(stderr) == [f"error figures csv_matches_parquet table {message[:69]}..."]
    assert errors_of(out) == [("figures", None, "csv_matches_parquet", None, message)]


def test_an_entity_no_mention_names_fails(out: Path) -> None:
    # Every mention of the Taliban deleted from both copies, which then agree.
    mentions = pq.read_table(out / "mentions.parquet")
    pq.write_table(mentions.filter(pc.field("entity_id") != "group:taliban"), out / "mentions.parquet")
    lines = (out / "mentions.csv").read_bytes().split(b"\r\n")
    kept = [line for line in lines if b',"group:taliban",' not in line]
    assert len(kept) == len(lines) - 1
    (out / "mentions.csv").write_bytes(b"\r\n".join(kept))
    code, stdout, stderr = invoke("validate", str(out))
    assert code == ExitStatus.VALIDATION_FAILED
    assert stdout == ""
    assert errors_shown(stderr) == ["error entities entity_mentioned 1 entity_id=group:taliban: no mention"]
    assert errors_of(out) == [
        ("entities", "entity_id", "entity_mentioned", "entity_id=group:taliban", "no mention")
    ]


def test_entity_mentioned_names_the_row_of_the_entity() -> None:
    tables = valid_tables()
    mentions = tables["mentions"]
    tables["mentions"] = mentions[mentions["entity_id"] != ISLAMABAD].reset_index(drop=True)
    report = validate(tables)
    row = int(tables["entities"].index[tables["entities"]["entity_id"] == ISLAMABAD][0])
    assert report.errors == [
        Failure(
            "entities", "entity_id", "entity_mentioned", "no mention", f"entity_id={ISLAMABAD}", rows=(row,)
        )
    ]


def test_entity_mentioned_lets_a_role_be_of_an_entity_the_text_does_not_name() -> None:
    tables = valid_tables()
    mentions = tables["mentions"]
    tables["mentions"] = mentions[mentions["entity_id"] != HUNGARY].reset_index(drop=True)
    assert tables["roles"]["of_id"].tolist() == [HUNGARY]
    assert validate(tables).valid


def test_a_run_in_chunks_keeps_every_entity_mentioned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extractor: Extractor
) -> None:
    # One article a chunk: each chunk is checked with its own entities, and the entities table is
    # written once, at the end, from all of them.
    reuse(monkeypatch, extractor)
    monkeypatch.setattr(runner, "CHUNK_ARTICLES", 1)
    feed = tmp_path / "feed.jsonl"
    texts = [
        "Foreign Minister Ana Robles of Chile arrived in Lima on Tuesday.",
        "Ana Robles met President Pedro Castillo in Lima.",
        "Pedro Castillo spoke with the Chilean ambassador.",
    ]
    feed.write_text("".join(json.dumps({"text": t, "published": "2021-04-06"}) + "\n" for t in texts))
    out = tmp_path / "out"
    code, _, stderr = invoke("run", "--raw", str(feed), "--out", str(out))
    assert code == ExitStatus.OK, stderr
    entities = set(pq.read_table(out / "entities.parquet")["entity_id"].to_pylist())
    mentioned = set(pq.read_table(out / "mentions.parquet")["entity_id"].to_pylist())
    assert entities == mentioned
    assert invoke("validate", str(out))[0] == ExitStatus.OK


def test_the_country_of_a_role_needs_no_mention(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extractor: Extractor
) -> None:
    # The reference data knows whose Prime Minister Imran Khan is; the text never names Pakistan.
    reuse(monkeypatch, extractor)
    article = tmp_path / "meeting.txt"
    article.write_text("Prime Minister Imran Khan met Angela Merkel in Berlin on 3 May 2021.")
    out = tmp_path / "out"
    code, _, stderr = invoke("run", "--raw", str(article), "--out", str(out))
    assert code == ExitStatus.OK, stderr
    mentioned = set(pq.read_table(out / "mentions.parquet")["entity_id"].to_pylist())
    assert "country:PAK" not in mentioned
    assert pq.read_table(out / "roles.parquet")["of_id"].to_pylist() == ["country:PAK"]
    assert "country:PAK" in pq.read_table(out / "entities.parquet")["entity_id"].to_pylist()
