"""`--on-error quarantine`: bad rows held back with their rule ids, the rest written, foreign keys whole."""

from __future__ import annotations

import json
from pathlib import Path

import frictionless
import pandas as pd
import pytest
from pipeline.schemas import MODELS, TABLES
from pipeline.schemas.catalog import QUARANTINED_REFERENCE

from pipeline.errors import ExitStatus
from pipeline.facts import Extractor
from pipeline.quarantine import RULES_COLUMN, quarantine
from pipeline.validate import validate
from tests.factories import HUNGARY, PERSON, VISIT, valid_tables
from tests.fixtures import BUNDLED_ARTICLE
from tests.runs import corrupt, invoke, negative_money, reuse, unknown_kind


def rules_of(frame: pd.DataFrame) -> list[list[str]]:
    return [list(r) for r in frame[RULES_COLUMN]]


def test_valid_tables_hold_nothing_back() -> None:
    tables = valid_tables()
    split = quarantine(validate(tables))
    assert split.quarantined == {}
    for table in TABLES:
        pd.testing.assert_frame_equal(split.kept[table], tables[table])


def test_a_bad_row_is_held_with_its_rule_ids_and_the_rest_is_kept() -> None:
    tables = valid_tables()
    tables["figures"].loc[0, "value"] = -1.0
    split = quarantine(validate(tables))
    assert list(split.quarantined) == ["figures"]
    held = split.quarantined["figures"]
    assert rules_of(held) == [["negative_as_written"]]
    assert held["text"].tolist() == [tables["figures"].loc[0, "text"]]
    assert split.kept["figures"]["text"].tolist() == tables["figures"]["text"].tolist()[1:]
    assert split.counts()["figures"] == 1


def test_a_row_breaking_several_rules_is_one_row() -> None:
    tables = valid_tables()
    # A negative amount of money in a currency that is no ISO code: two rules, one row.
    tables["figures"].loc[0, ["value", "unit"]] = [-1.0, "dollars"]
    report = validate(tables)
    assert len(report.errors) == 2
    assert report.to_dict()["tables"]["figures"]["failing_rows"] == 1
    assert report.counts()["error"] == {"rules": 2, "rows": 1, "failures": 2}
    held = quarantine(report).quarantined["figures"]
    assert rules_of(held) == [["negative_as_written", "money_unit_iso4217"]]


def test_a_quarantined_entity_takes_its_references_with_it() -> None:
    tables = valid_tables()
    tables["entities"].loc[tables["entities"]["entity_id"] == PERSON, "kind"] = "human"
    split = quarantine(validate(tables))
    held = split.quarantined
    assert rules_of(held["entities"]) == [["known_kind"]]
    # Every row naming the person follows, marked as such (roles for their own rule, references_person).
    assert set(held) == {"entities", "mentions", "corrections", "roles", "event_participants", "quotes"}
    assert rules_of(held["mentions"]) == [[QUARANTINED_REFERENCE]] * 2
    assert rules_of(held["roles"]) == [["references_person"]]
    assert (held["event_participants"]["entity_id"] == PERSON).all()
    # What is kept refers only to what is kept: it passes every error-level rule.
    kept = validate(split.kept)
    assert kept.valid, kept.format_table()
    assert PERSON not in set(split.kept["mentions"]["entity_id"])
    assert HUNGARY in set(split.kept["entities"]["entity_id"])


def test_a_quarantined_event_takes_its_participants() -> None:
    tables = valid_tables()
    events = tables["events"]
    events.loc[events["event_id"] == VISIT, "cameo"] = "visit"
    split = quarantine(validate(tables))
    assert rules_of(split.quarantined["events"]) == [["cameo_format"]]
    participants = split.quarantined["event_participants"]
    assert set(participants["event_id"]) == {VISIT}
    assert rules_of(participants) == [[QUARANTINED_REFERENCE]] * len(participants)
    assert validate(split.kept).valid


def test_a_repeated_key_holds_back_every_row_that_shares_it() -> None:
    tables = valid_tables()
    figures = tables["figures"]
    tables["figures"] = pd.concat([figures, figures.iloc[[1]]], ignore_index=True)
    held = quarantine(validate(tables)).quarantined["figures"]
    assert len(held) == 2 and rules_of(held) == [["unique_key"]] * 2


def test_a_failure_without_rows_blocks_the_whole_table() -> None:
    tables = valid_tables()
    tables["quotes"] = tables["quotes"].drop(columns="end")
    report = validate(tables)
    assert report.blocked() == {"quotes"}
    split = quarantine(report)
    held = split.quarantined["quotes"]
    assert len(held) == len(tables["quotes"]) and rules_of(held) == [["column_in_dataframe"]]
    # The table is still written, empty, with the contract's columns; the others are untouched.
    assert split.kept["quotes"].empty
    assert list(split.kept["quotes"].columns) == list(MODELS["quotes"].to_schema().columns)
    assert set(split.quarantined) == {"quotes"}
    assert validate(split.kept).valid


def test_warnings_are_never_quarantined() -> None:
    tables = valid_tables()
    tables["events"].loc[0, "place_id"] = None
    report = validate(tables)
    assert [f.check for f in report.failures] == ["event_without_place"]
    assert quarantine(report).quarantined == {}


# Whole runs through the command line.


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch, extractor: Extractor) -> pytest.MonkeyPatch:
    reuse(monkeypatch, extractor)
    return monkeypatch


def test_run_quarantines_bad_rows_writes_the_rest_and_exits_1(
    tmp_path: Path, runs: pytest.MonkeyPatch
) -> None:
    corrupt(runs, negative_money)
    out = tmp_path / "out"
    code, stdout, stderr = invoke(
        "run", "--raw", str(BUNDLED_ARTICLE), "--out", str(out), "--on-error", "quarantine"
    )
    assert code == ExitStatus.VALIDATION_FAILED
    assert stdout == ""
    assert "negative_as_written" in stderr
    assert f"1 row quarantined to {out / 'quarantine'}/, the rest written" in stderr
    held = pd.read_parquet(out / "quarantine" / "figures.parquet")
    assert held["kind"].tolist() == ["money"] and rules_of(held) == [["negative_as_written"]]
    figures = pd.read_parquet(out / "figures.parquet")
    assert "money" not in set(figures["kind"])
    report = json.loads((out / "validation.json").read_text())
    assert (report["valid"], report["passed"], report["on_error"]) == (False, False, "quarantine")
    assert report["tables"]["figures"]["quarantined_rows"] == 1
    assert report["files"]["quarantine"] == {"figures": "quarantine/figures.parquet"}
    assert not out.with_name("out.rejected").exists()


def test_run_quarantine_keeps_referential_integrity(tmp_path: Path, runs: pytest.MonkeyPatch) -> None:
    corrupt(runs, unknown_kind)
    out = tmp_path / "out"
    code, stdout, stderr = invoke(
        "run",
        "--raw",
        str(BUNDLED_ARTICLE),
        "--out",
        str(out),
        "--on-error",
        "quarantine",
        "--fail-on",
        "never",
    )
    assert code == ExitStatus.OK, stderr
    assert "Validation failed (--fail-on never)." in stdout
    assert "rows quarantined" in stdout
    held = {p.stem for p in (out / "quarantine").iterdir()}
    assert {"entities", "mentions", "roles", "corrections"} <= held
    # The second gate agrees: every foreign key of what was written resolves.
    assert frictionless.validate(out / "datapackage.json").valid
    code, _, stderr = invoke("validate", str(out))
    assert code == ExitStatus.OK, stderr
