"""The data contract: valid tables pass, and each corruption is reported by its rule, on its row."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pipeline.schemas import MODELS, SCHEMA_VERSION, TABLES
from pipeline.schemas.catalog import Severity
from pipeline.schemas.models import ROW_CHECK_COLUMNS
from pipeline.schemas.rules import (
    KEYS,
    RULES,
    index_in,
    near_duplicate_persons,
    possible_duplicate_persons,
    similar_person_names,
)

from pipeline.tables import conform
from pipeline.validate import FailOn, Failure, Report, validate
from tests.factories import ARTICLE_ID, HUNGARY, PERSON, TEXT, VISIT, span, valid_tables

Tables = dict[str, pd.DataFrame]


def rules_broken(report: Report) -> set[tuple[str, str]]:
    return {(f.table, f.check) for f in report.failures}


def only_failure(report: Report) -> Failure:
    assert len(report.failures) == 1, report.format_table()
    return report.failures[0]


def key(table: str, df: pd.DataFrame, row: int) -> str:
    return " ".join(f"{c}={df.at[row, c]}" for c in KEYS[table])


def append(df: pd.DataFrame, **values: object) -> pd.DataFrame:
    """`df` with one more row, every column keeping its dtype."""
    return pd.concat([df, pd.DataFrame([values]).astype(df.dtypes.to_dict())], ignore_index=True)


def row_of(df: pd.DataFrame, text: str) -> int:
    return int(df.index[df["text"] == text][0])


def test_contract_metadata() -> None:
    assert SCHEMA_VERSION == "1"
    assert TABLES == (
        "articles",
        "entities",
        "mentions",
        "corrections",
        "roles",
        "dates",
        "figures",
        "events",
        "event_participants",
        "quotes",
    )
    assert set(MODELS) == set(TABLES) == set(KEYS)
    for model in MODELS.values():
        schema = model.to_schema()
        assert (schema.strict, schema.coerce, schema.ordered) == (True, False, True)
        # Every row-level check says which columns it reads, so reports can show them.
        assert {c.name for c in schema.checks} <= set(ROW_CHECK_COLUMNS)


def test_valid_tables_pass() -> None:
    tables = valid_tables()
    for table, model in MODELS.items():
        assert list(tables[table].columns) == list(model.to_schema().columns), table
    report = validate(tables)
    assert report.valid, report.format_table()
    data = report.to_dict()
    assert (data["valid"], data["result"], data["n_failures"]) == (True, "passed", 0)
    assert data["counts"] == {s: {"rules": 0, "rows": 0, "failures": 0} for s in ("error", "warning")}
    assert list(data["tables"]) == list(TABLES)
    assert all(t["rules"] == [] and t["failing_rows"] == 0 for t in data["tables"].values())


def test_every_rule_runs_on_valid_tables() -> None:
    tables = valid_tables()
    assert all(rule.applies(tables) for rule in RULES)


def test_validate_does_not_modify_its_input() -> None:
    tables = valid_tables()
    tables["mentions"].index = tables["mentions"].index + 100
    before = {name: df.copy() for name, df in tables.items()}
    validate(tables)
    for name, df in tables.items():
        pd.testing.assert_frame_equal(df, before[name])


def test_misspelled_duplicate_person() -> None:
    tables = valid_tables()
    tables["entities"] = append(
        tables["entities"],
        entity_id="person:antonn-varga",
        kind="person",
        name="Antonn Varga",
        country_code="HUN",
        in_reference=False,
        canonical_id="person:antonn-varga",
    )
    mentions = tables["mentions"]
    mentions.loc[mentions["text"] == "Antonn Varga", "entity_id"] = "person:antonn-varga"
    report = validate(tables)
    failure = only_failure(Report(report.errors))
    assert (failure.table, failure.column, failure.check) == ("entities", "name", "near_duplicate_person")
    assert failure.row_key == f"entity_id={PERSON},person:antonn-varga article_id={ARTICLE_ID}"
    assert failure.failure_case == "'Anton Varga' ~ 'Antonn Varga': given name doubled letter"
    # Both spellings are at fault; the one outside the reference data is also a warning of its own.
    assert failure.rows == (0, 3)
    # The run-wide warning leaves out a pair already reported within its article.
    assert rules_broken(Report(report.warnings)) == {("entities", "person_not_in_reference")}


@pytest.mark.parametrize(
    ("first", "second", "severity"),
    [
        ("Sergey Lavrov", "Surgey Lavrov", "error"),  # a given name misspelled
        ("Olaf Scholz", "Olaf Sholz", "error"),  # a surname misspelled
        ("Emmanuel Macron", "Emmanuel Macrom", "error"),
        ("Gavin Newsom", "Gavin Newsome", "error"),
        ("Raila Odinga", "Raila Odingaa", "error"),  # a doubled letter
        ("Sergey Lavrov", "Sergei Lavrov", "error"),  # a transliteration
        ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan", "error"),  # accents
        ("Recep Tayyip Erdogan", "Recep Erdogan", "error"),  # a middle name left out
        ("Recep Tayyip Erdogan", "R. T. Erdogan", "error"),  # initials
        ("Salem Bitar", "Biar", "error"),  # a lone surname misspelled
        ("Ali Khan", "Ali Kan", "error"),  # alike as written, though "Khan" folds to "han"
        ("Pavel Khodorkov", "Pavel Hodorkov", "error"),  # alike once folded, though written apart
        ("Jon Tester", "John Tester", "warning"),  # both real given names: a reviewer decides
        ("Mikhail Petrov", "Michail Petrov", "warning"),
        ("Sergey Lavrov", "Sergey lavrov", None),  # a slip of case is no second spelling
        ("Imran Khan", "Shafqat Ali Khan", None),  # two people who share a surname
        ("Bill Clinton", "Hillary Clinton", None),
        ("Marcello Cuttitta", "Massimo Cuttitta", None),
        ("Anna Smith", "Annabel Smith", None),  # 3 edits: a different name
        ("Lavrov", "Sergey Lavrov", None),  # a bare surname is a short reference
        ("Ana Lee", "Ana Leo", None),  # surnames under 4 letters must match
    ],
)
def test_person_pairs_in_one_article(first: str, second: str, severity: str | None) -> None:
    entities = pd.DataFrame(
        {"entity_id": ["person:a", "person:b"], "kind": "person", "name": [first, second]}
    )
    mentions = pd.DataFrame({"article_id": ["x", "x"], "entity_id": ["person:a", "person:b"]})
    assert len(near_duplicate_persons(mentions, entities)) == int(severity == "error")
    assert len(possible_duplicate_persons(mentions, entities)) == int(severity == "warning")


def test_similar_person_names_are_a_warning() -> None:
    entities = pd.DataFrame(
        {
            "entity_id": ["person:a", "person:b", "person:c"],
            "kind": "person",
            "name": ["Recep Tayyip Erdogan", "Recep Erdoğan", "Bill Erdogan"],
        }
    )
    (failure,) = similar_person_names(entities).itertuples(index=False)
    assert (
        failure.failure_case
        == "'Recep Tayyip Erdogan' ~ 'Recep Erdoğan': surname accents; middle name omitted"
    )
    assert failure.row_key == "entity_id=person:a,person:b"


def test_near_duplicate_names_in_different_articles_pass() -> None:
    entities = pd.DataFrame(
        {"entity_id": ["person:a", "person:b"], "kind": "person", "name": ["Sergey Lavrov", "Surgey Lavrov"]}
    )
    mentions = pd.DataFrame({"article_id": ["x", "y"], "entity_id": ["person:a", "person:b"]})
    assert near_duplicate_persons(mentions, entities).empty


def test_near_duplicate_only_between_people() -> None:
    entities = pd.DataFrame(
        {
            "entity_id": ["person:a", "organization:b"],
            "kind": ["person", "organization"],
            "name": ["Anton Varga", "Antonn Varga"],
        }
    )
    mentions = pd.DataFrame({"article_id": ["x", "x"], "entity_id": ["person:a", "organization:b"]})
    assert near_duplicate_persons(mentions, entities).empty


def test_start_date_after_end_date() -> None:
    tables = valid_tables()
    dates = tables["dates"]
    row = row_of(dates, "April 6")
    dates.loc[row, "start_date"] = pd.Timestamp("2021-04-08")
    failure = only_failure(validate(tables))
    assert (failure.table, failure.column, failure.check) == ("dates", "start_date,end_date", "dates_ordered")
    assert failure.row_key == key("dates", dates, row)
    assert failure.failure_case == "start_date=2021-04-08 end_date=2021-04-06"


def test_event_start_date_after_end_date() -> None:
    tables = valid_tables()
    tables["events"].loc[0, "end_date"] = pd.Timestamp("2021-04-01")
    failure = only_failure(validate(tables))
    assert (failure.table, failure.check, failure.row_key) == ("events", "dates_ordered", f"event_id={VISIT}")


def test_impossible_date_value() -> None:
    tables = valid_tables()
    dates = tables["dates"]
    row = row_of(dates, "Tuesday")
    dates.loc[row, "value"] = "2021-02-30"
    failure = only_failure(validate(tables))
    assert (failure.table, failure.column, failure.check) == ("dates", "value", "real_date")
    assert (failure.failure_case, failure.row_key) == ("2021-02-30", key("dates", dates, row))


def test_mention_of_unknown_entity() -> None:
    tables = valid_tables()
    mentions = tables["mentions"]
    row = row_of(mentions, "Islamabad")
    mentions.loc[row, "entity_id"] = "place:atlantis"
    failure = only_failure(validate(tables))
    assert (failure.table, failure.column, failure.check) == ("mentions", "entity_id", "foreign_key")
    assert (failure.failure_case, failure.row_key) == ("place:atlantis", key("mentions", mentions, row))


def test_participant_of_unknown_event() -> None:
    tables = valid_tables()
    participants = tables["event_participants"]
    participants.loc[0, "event_id"] = "nowhere:e9"
    failure = only_failure(validate(tables))
    assert (failure.table, failure.column, failure.check) == ("event_participants", "event_id", "foreign_key")
    assert failure.row_key == f"event_id=nowhere:e9 entity_id={PERSON} role=actor"


def test_span_text_not_in_article() -> None:
    tables = valid_tables()
    mentions = tables["mentions"]
    row = row_of(mentions, "Anton Varga")
    mentions.loc[row, "text"] = "Anton Vargas"
    failure = only_failure(validate(tables))
    assert (failure.table, failure.column, failure.check) == ("mentions", "text", "span_text")
    assert failure.row_key == key("mentions", mentions, row)
    assert failure.failure_case == "'Anton Vargas' != text[start:end] 'Anton Varga'"


def test_span_past_end_of_article() -> None:
    tables = valid_tables()
    quotes = tables["quotes"]
    quotes.loc[0, "end"] = len(TEXT) + 5
    failure = only_failure(validate(tables))
    assert (failure.table, failure.column, failure.check) == ("quotes", "end", "span_in_text")
    assert failure.row_key == key("quotes", quotes, 0)


def test_negative_money() -> None:
    tables = valid_tables()
    figures = tables["figures"]
    row = row_of(figures, "$25 million")
    figures.loc[row, "value"] = -25_000_000.0
    failure = only_failure(validate(tables))
    expected = ("figures", "text,value", "negative_as_written")
    assert (failure.table, failure.column, failure.check) == expected
    assert failure.row_key == key("figures", figures, row)


def test_money_unit_not_iso4217() -> None:
    tables = valid_tables()
    figures = tables["figures"]
    row = row_of(figures, "$25 million")
    figures.loc[row, "unit"] = "dollars"
    failure = only_failure(validate(tables))
    assert (failure.table, failure.check, failure.row_key) == (
        "figures",
        "money_unit_iso4217",
        key("figures", figures, row),
    )
    assert failure.failure_case == "kind=money unit=dollars"


def test_bad_country_code() -> None:
    tables = valid_tables()
    tables["entities"].loc[tables["entities"]["entity_id"] == HUNGARY, "country_code"] = "HUNGARY"
    failure = only_failure(validate(tables))
    assert (failure.table, failure.column, failure.check) == ("entities", "country_code", "iso3166_alpha3")
    assert (failure.failure_case, failure.row_key) == ("HUNGARY", f"entity_id={HUNGARY}")


def test_former_country_codes_are_valid() -> None:
    tables = valid_tables()
    tables["entities"] = append(
        tables["entities"],
        entity_id="country:SUN",
        kind="country",
        name="Soviet Union",
        country_code="SUN",
        in_reference=True,
        canonical_id="country:SUN",
    )
    # Its code is valid; a source in the text is all it lacks, which a table alone cannot give.
    assert [f.check for f in validate(tables).failures] == ["entity_mentioned"]


def test_percent_with_string_value() -> None:
    tables = valid_tables()
    figures = tables["figures"]
    row = row_of(figures, "12 percent")
    figures["value"] = figures["value"].astype(object)
    figures.loc[row, "value"] = "12%"
    # Checks that cannot run on a mistyped column are not reported on top of the dtype failure.
    failure = only_failure(validate(tables))
    assert (failure.table, failure.column, failure.check) == ("figures", "value", "dtype")
    assert failure.failure_case == "'12%' (expected float64)"
    assert failure.row_key == key("figures", figures, row)


def test_wrong_column_dtype() -> None:
    tables = valid_tables()
    tables["mentions"]["start"] = tables["mentions"]["start"].astype("float64")
    report = validate(tables)
    # The span rules cannot run on float offsets; they are skipped rather than crash.
    failure = only_failure(report)
    assert (failure.table, failure.column, failure.check) == ("mentions", "start", "dtype")
    assert failure.failure_case == "float64 (expected int64)"
    assert failure.row_key is None


def test_missing_column() -> None:
    tables = valid_tables()
    tables["mentions"] = tables["mentions"].drop(columns="score")
    failure = only_failure(validate(tables))
    assert failure == Failure("mentions", "score", "column_in_dataframe", "score", None)


def test_missing_key_column_skips_rules_that_read_it() -> None:
    tables = valid_tables()
    tables["mentions"] = tables["mentions"].drop(columns="start")
    assert rules_broken(validate(tables)) == {("mentions", "column_in_dataframe")}


def test_extra_column() -> None:
    tables = valid_tables()
    tables["entities"]["note"] = "x"
    failure = only_failure(validate(tables))
    assert failure == Failure("entities", "note", "column_in_schema", "note", None)


def test_columns_out_of_order() -> None:
    tables = valid_tables()
    columns = list(tables["quotes"].columns)
    columns[0], columns[1] = columns[1], columns[0]
    tables["quotes"] = tables["quotes"][columns]
    assert rules_broken(validate(tables)) == {("quotes", "column_ordered")}


def test_missing_table() -> None:
    tables = valid_tables()
    del tables["articles"]
    failure = only_failure(validate(tables))
    assert failure == Failure("articles", None, "table_present", None, None)


def test_unknown_table() -> None:
    tables = valid_tables()
    tables["sentences"] = pd.DataFrame({"x": [1]})
    assert only_failure(validate(tables)) == Failure("sentences", None, "known_table", "sentences", None)


def test_duplicate_entity() -> None:
    tables = valid_tables()
    entities = tables["entities"]
    tables["entities"] = pd.concat([entities, entities.iloc[[0]]], ignore_index=True)
    failure = only_failure(validate(tables))
    assert (failure.table, failure.column, failure.check) == ("entities", "entity_id", "unique_key")
    assert (failure.failure_case, failure.row_key) == ("2 rows", f"entity_id={PERSON}")


def test_duplicate_mention_span() -> None:
    tables = valid_tables()
    mentions = tables["mentions"]
    row = row_of(mentions, "Islamabad")
    copy = mentions.iloc[[row]].assign(method="alias")
    tables["mentions"] = pd.concat([mentions, copy], ignore_index=True)
    failure = only_failure(validate(tables))
    assert (failure.table, failure.column, failure.check) == (
        "mentions",
        "article_id,start,end",
        "unique_key",
    )
    assert failure.row_key == key("mentions", mentions, row)


@pytest.mark.parametrize("shift", [0, -3])
def test_start_not_before_end(shift: int) -> None:
    tables = valid_tables()
    mentions = tables["mentions"]
    row = row_of(mentions, "Hungary")
    mentions.loc[row, "end"] = mentions.loc[row, "start"] + shift
    failure = only_failure(validate(tables))
    assert (failure.table, failure.column, failure.check) == ("mentions", "start,end", "start_before_end")
    assert failure.row_key == key("mentions", mentions, row)


def test_negative_offsets() -> None:
    tables = valid_tables()
    quotes = tables["quotes"]
    quotes.loc[0, "start"] = -1
    failure = only_failure(validate(tables))
    assert (failure.table, failure.column, failure.check) == ("quotes", "start", "non_negative")
    assert (failure.failure_case, failure.row_key) == (-1, f"article_id={ARTICLE_ID} start=-1")


def _set(table: str, column: str, value: object, row: int = 0) -> Callable[[Tables], None]:
    def corrupt(tables: Tables) -> None:
        tables[table].loc[row, column] = value

    return corrupt


def _add_misnamed_article(tables: Tables) -> None:
    # A copy of the article under an id that is not its hash; the original and its spans stay valid.
    articles = tables["articles"]
    tables["articles"] = append(articles, **{**articles.iloc[0].to_dict(), "article_id": "0" * 16})


@pytest.mark.parametrize(
    ("corrupt", "table", "check", "row"),
    [
        (_set("articles", "article_id", "ABC"), "articles", "article_id_format", "article_id=ABC"),
        (_add_misnamed_article, "articles", "article_id_is_sha256_prefix", "article_id=" + "0" * 16),
        (
            _set("articles", "sha256", "f" * 64),
            "articles",
            "article_id_is_sha256_prefix",
            f"article_id={ARTICLE_ID}",
        ),
        (_set("articles", "source_line", 0), "articles", "positive", f"article_id={ARTICLE_ID}"),
        (_set("articles", "n_sentences", -1), "articles", "non_negative", f"article_id={ARTICLE_ID}"),
        (
            _set("articles", "published", pd.Timestamp("2021-04-06 12:30")),
            "articles",
            "date_only",
            f"article_id={ARTICLE_ID}",
        ),
        (
            _set("entities", "entity_id", "Person Anton"),
            "entities",
            "entity_id_format",
            "entity_id=Person Anton",
        ),
        (_set("entities", "kind", "human"), "entities", "known_kind", f"entity_id={PERSON}"),
        (_set("entities", "name", "  "), "entities", "not_blank", f"entity_id={PERSON}"),
        (
            _set("entities", "country_code", None, row=1),
            "entities",
            "country_has_code",
            f"entity_id={HUNGARY}",
        ),
        (
            _set("entities", "canonical_id", "person:nobody"),
            "entities",
            "canonical_entity",
            f"entity_id={PERSON}",
        ),
        (
            _set("entities", "canonical_id", HUNGARY),
            "entities",
            "canonical_entity",
            f"entity_id={PERSON}",
        ),
        (_set("mentions", "method", "guess"), "mentions", "known_method", 0),
        (_set("mentions", "score", 1.5), "mentions", "unit_interval", 0),
        (_set("mentions", "sentence_id", -1), "mentions", "non_negative", 0),
        (_set("corrections", "name", "Antonn Varga"), "corrections", "text_differs_from_name", 0),
        (_set("corrections", "count", 0), "corrections", "positive", 0),
        (_set("roles", "person_id", HUNGARY), "roles", "references_person", 0),
        (_set("roles", "of_id", "country:XYZ"), "roles", "foreign_key", 0),
        (_set("dates", "value", "April sixth"), "dates", "timex_format", 0),
        (_set("dates", "value", "2021-13"), "dates", "real_date", 0),
        (_set("dates", "kind", "era"), "dates", "known_kind", 0),
        (_set("dates", "end_date", pd.NaT), "dates", "dates_both_or_neither", 0),
        (_set("figures", "unit", "%", row=1), "figures", "percent_unit", 1),
        (_set("figures", "value", np.inf, row=1), "figures", "finite", 1),
        (_set("figures", "value", np.nan, row=1), "figures", "not_nullable", 1),
        (_set("events", "cameo", "visit"), "events", "cameo_format", f"event_id={VISIT}"),
        (_set("events", "place_id", "place:atlantis"), "events", "foreign_key", f"event_id={VISIT}"),
        (_set("events", "article_id", "f" * 16), "events", "foreign_key", f"event_id={VISIT}"),
        (_set("event_participants", "role", "destination"), "event_participants", "known_role", 0),
        (_set("quotes", "speaker_start", None), "quotes", "speaker_span", 0),
        (_set("quotes", "speaker_id", None), "quotes", "speaker_span", 0),
        (_set("quotes", "speaker_id", "person:nobody"), "quotes", "foreign_key", 0),
    ],
)
def test_each_rule_reports_its_row(
    corrupt: Callable[[Tables], None], table: str, check: str, row: int | str
) -> None:
    tables = valid_tables()
    corrupt(tables)
    report = validate(tables)
    hits = [f for f in report.failures if (f.table, f.check) == (table, check)]
    assert hits, report.format_table()
    # `row` is the expected row key, or the number of the corrupted row to build it from.
    expected = row if isinstance(row, str) else key(table, tables[table], row)
    assert expected in {f.row_key for f in hits}


def test_all_failures_reported_at_once() -> None:
    tables = valid_tables()
    tables["figures"].loc[0, "value"] = -1.0
    tables["figures"].loc[1, "unit"] = "pct"
    tables["quotes"].loc[0, "start"] = -1
    tables["mentions"].loc[0, "entity_id"] = "place:atlantis"
    tables["dates"].loc[0, "value"] = "2021-02-30"
    tables["entities"]["note"] = "x"
    del tables["corrections"]
    report = validate(tables)
    assert rules_broken(report) == {
        ("figures", "negative_as_written"),
        ("figures", "percent_unit"),
        ("quotes", "non_negative"),
        ("mentions", "foreign_key"),
        ("dates", "real_date"),
        ("entities", "column_in_schema"),
        ("corrections", "table_present"),
    }
    assert not report.valid


def test_report_as_dict_and_table() -> None:
    tables = valid_tables()
    # Mentions of an article that does not exist (of an unknown entity, they would leave every entity
    # unmentioned: a third rule).
    tables["mentions"]["article_id"] = "x" * 80
    tables["quotes"].loc[0, "start"] = -1
    report = validate(tables)
    n = len(tables["mentions"])
    data = json.loads(json.dumps(report.to_dict(samples=2)))
    assert (data["valid"], data["result"]) == (False, "failed")
    assert data["n_failures"] == n + 1 == len(report.failure_cases())
    assert data["counts"]["error"] == {"rules": 2, "rows": n + 1, "failures": n + 1}
    (rule,) = data["tables"]["mentions"]["rules"]
    assert (rule["rule"], rule["severity"], rule["failing_rows"], rule["failures"]) == (
        "foreign_key",
        "error",
        n,
        n,
    )
    assert len(rule["samples"]) == 2
    assert set(rule["samples"][0]) == {"keys", "row_key", "column", "failure_case"}
    first = tables["mentions"].iloc[0]
    assert rule["samples"][0]["keys"] == [
        {"article_id": "x" * 80, "start": int(first.start), "end": int(first.end)}
    ]

    text = report.format_table(limit=1)
    lines = text.splitlines()
    assert lines[0].split() == ["severity", "table", "rule", "rows", "example"]
    assert lines[2].split()[:4] == ["error", "mentions", "foreign_key", str(n)]
    assert len(lines) == 2 + 1 + 1
    assert lines[-1] == "... and 1 more rules"
    assert "x" * 80 not in text and lines[2].endswith("...")
    assert Report().format_table() == "valid: no failures"


def test_failure_cases_are_json_scalars() -> None:
    tables = valid_tables()
    tables["figures"].loc[1, "value"] = np.nan
    tables["quotes"].loc[0, "start"] = -1
    report = validate(tables)
    json.dumps(report.to_dict(), allow_nan=False)
    cases = {f.check: f.failure_case for f in report.failures}
    assert cases["not_nullable"] == "nan"
    assert cases["non_negative"] == -1 and type(cases["non_negative"]) is int


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_any_span_cut_from_the_text_validates(data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(TEXT) - 1), label="start")
    end = data.draw(st.integers(start + 1, len(TEXT)), label="end")
    tables = valid_tables()
    tables["quotes"] = conform(
        "quotes",
        [{"article_id": ARTICLE_ID, "speaker_id": None, "text": TEXT[start:end], "start": start, "end": end}],
    )
    report = validate(tables)
    assert report.valid, report.format_table()


@settings(max_examples=25, deadline=None)
@given(start=st.integers(0, len(TEXT) - 1), length=st.integers(1, 20), shift=st.integers(1, 5))
def test_any_shifted_span_fails(start: int, length: int, shift: int) -> None:
    end = min(start + length, len(TEXT))
    text = TEXT[start:end]
    moved = (start + shift, end + shift)
    # A shift that lands on the same characters is no corruption.
    if moved[1] > len(TEXT) or TEXT[moved[0] : moved[1]] == text:
        return
    tables = valid_tables()
    _, speaker_start, speaker_end = span("Antonn Varga")
    row = {"article_id": ARTICLE_ID, "speaker_id": PERSON, "text": text, "start": moved[0], "end": moved[1]}
    tables["quotes"] = conform(
        "quotes", [{**row, "speaker_start": speaker_start, "speaker_end": speaker_end}]
    )
    failure = only_failure(validate(tables))
    assert (failure.table, failure.check, failure.row_key) == (
        "quotes",
        "span_text",
        f"article_id={ARTICLE_ID} start={moved[0]}",
    )


@settings(max_examples=40, deadline=None)
# Years datetime64[ns] can hold: the in-memory dtype of start_date and end_date.
@given(year=st.integers(1700, 2200), month=st.integers(1, 12), day=st.integers(1, 31))
def test_date_values_must_be_calendar_dates(year: int, month: int, day: int) -> None:
    tables = valid_tables()
    dates = tables["dates"]
    row = row_of(dates, "Tuesday")
    dates.loc[row, "value"] = f"{year:04d}-{month:02d}-{day:02d}"
    real = day <= calendar.monthrange(year, month)[1]
    if real:
        when = pd.Timestamp(dt.date(year, month, day))
        dates.loc[row, ["start_date", "end_date"]] = [when, when]
    report = validate(tables)
    assert report.valid == real, report.format_table()
    if not real:
        assert rules_broken(report) == {("dates", "real_date")}


# Severities: warnings name their rows like errors, but leave the tables valid.


def _unanchored(tables: Tables) -> None:
    dates = tables["dates"]
    row = row_of(dates, "Tuesday")
    dates.loc[row, ["value", "start_date", "end_date", "granularity"]] = ["XXXX-WXX-2", pd.NaT, pd.NaT, None]


@pytest.mark.parametrize(
    ("corrupt", "table", "check", "row", "case"),
    [
        (
            _set("entities", "in_reference", False),
            "entities",
            "person_not_in_reference",
            f"entity_id={PERSON}",
            "kind=person in_reference=False",
        ),
        (_unanchored, "dates", "date_unanchored", 1, "XXXX-WXX-2"),
        (
            _set("events", "place_id", None),
            "events",
            "event_without_place",
            f"event_id={VISIT}",
            "place_id=null",
        ),
        (_set("figures", "unit", None), "figures", "money_without_currency", 0, "kind=money unit=null"),
    ],
)
def test_each_warning_reports_its_row(
    corrupt: Callable[[Tables], None], table: str, check: str, row: int | str, case: str
) -> None:
    tables = valid_tables()
    corrupt(tables)
    report = validate(tables)
    failure = only_failure(report)
    expected = row if isinstance(row, str) else key(table, tables[table], row)
    assert (failure.table, failure.check, failure.severity) == (table, check, Severity.WARNING)
    assert (failure.row_key, failure.failure_case) == (expected, case)
    assert report.valid and report.result == "warning"
    assert not failure.blocking and len(failure.rows) == 1


def test_money_without_currency_is_only_a_warning_and_a_bad_currency_an_error() -> None:
    tables = valid_tables()
    tables["figures"].loc[0, "unit"] = None
    assert [(f.check, f.severity) for f in validate(tables).failures] == [
        ("money_without_currency", Severity.WARNING)
    ]
    tables["figures"].loc[0, "unit"] = "dollars"
    assert [(f.check, f.severity) for f in validate(tables).failures] == [
        ("money_unit_iso4217", Severity.ERROR)
    ]


def test_warnings_are_not_checked_on_a_table_of_the_wrong_shape() -> None:
    tables = valid_tables()
    tables["events"].loc[0, "place_id"] = None
    tables["events"] = tables["events"].drop(columns="cameo")
    report = validate(tables)
    assert rules_broken(report) == {("events", "column_in_dataframe")}
    assert report.blocked() == {"events"}


@pytest.mark.parametrize(
    ("errors", "warnings", "expected"),
    [
        (False, False, {FailOn.ERROR: False, FailOn.WARNING: False, FailOn.NEVER: False}),
        (False, True, {FailOn.ERROR: False, FailOn.WARNING: True, FailOn.NEVER: False}),
        (True, False, {FailOn.ERROR: True, FailOn.WARNING: True, FailOn.NEVER: False}),
        (True, True, {FailOn.ERROR: True, FailOn.WARNING: True, FailOn.NEVER: False}),
    ],
)
def test_fail_on(errors: bool, warnings: bool, expected: dict[FailOn, bool]) -> None:
    tables = valid_tables()
    if errors:
        tables["figures"].loc[0, "value"] = -1.0
    if warnings:
        tables["events"].loc[0, "place_id"] = None
    report = validate(tables)
    assert {fail_on: report.fails(fail_on) for fail_on in FailOn} == expected
    assert report.result == ("failed" if errors else "warning" if warnings else "passed")


def test_failing_rows_are_distinct_rows() -> None:
    tables = valid_tables()
    mentions = tables["mentions"]
    # One row, three broken rules; another row, one.
    mentions.loc[0, ["method", "score", "sentence_id"]] = ["guess", 2.0, -1]
    mentions.loc[1, "method"] = "guess"
    report = validate(tables)
    assert len(report.failures) == 4
    assert report.failing_rows("mentions").tolist() == [0, 1]
    data = report.to_dict()
    assert data["tables"]["mentions"]["failing_rows"] == 2
    assert data["counts"]["error"] == {"rules": 3, "rows": 2, "failures": 4}
    cases = report.failure_cases()
    assert len(cases) == 4 and set(cases["rule"]) == {"known_method", "unit_interval", "non_negative"}


def test_index_in_gives_first_positions_and_never_matches_a_null() -> None:
    keys = pd.Series(["c", None, "a", "a"], dtype="str")
    assert index_in(pd.Series(["a", None, "z", "c"], dtype="str"), keys).tolist() == [2, -1, -1, 0]
