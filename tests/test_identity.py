"""Cross-article identity: which person entities of a run share one canonical id (pipeline.names.identity)."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.names.identity import canonical_ids
from pipeline.tables import conform


def _entities(*rows: tuple[str, str, str | None, bool]) -> pd.DataFrame:
    return conform(
        "entities",
        [
            {"entity_id": i, "kind": i.split(":")[0], "name": n, "country_code": c, "in_reference": r}
            for i, n, c, r in rows
        ],
    )


def _joined(*rows: tuple[str, str, str | None, bool]) -> dict[str, str]:
    entities = _entities(*rows)
    return {i: c for i, c in zip(entities["entity_id"], canonical_ids(entities), strict=True) if i != c}


def test_a_middle_name_left_out_and_initials_join_the_fullest_name() -> None:
    assert _joined(
        ("person:recep-erdogan", "Recep Erdogan", None, False),
        ("person:r-t-erdogan", "R. T. Erdogan", None, False),
        ("person:recep-tayyip-erdogan", "Recep Tayyip Erdogan", "TUR", False),
    ) == {
        "person:recep-erdogan": "person:recep-tayyip-erdogan",
        "person:r-t-erdogan": "person:recep-tayyip-erdogan",
    }


def test_a_transliteration_joins() -> None:
    assert _joined(
        ("person:sergei-lavrov", "Sergei Lavrov", None, False),
        ("person:sergey-lavrov", "Sergey Lavrov", None, False),
    ) == {"person:sergey-lavrov": "person:sergei-lavrov"}


def test_the_reference_data_spelling_is_canonical() -> None:
    assert _joined(
        ("person:sergei-lavrov", "Sergei Lavrov", None, False),
        ("person:sergey-lavrov", "Sergey Lavrov", "RUS", True),
    ) == {"person:sergei-lavrov": "person:sergey-lavrov"}


@pytest.mark.parametrize(
    "rows",
    [
        # A short form that could be either of two different people joins neither.
        (
            ("person:george-bush", "George Bush", None, False),
            ("person:george-w-bush", "George W. Bush", None, False),
            ("person:george-h-w-bush", "George H. W. Bush", None, False),
        ),
        # Another country: two people.
        (
            ("person:ana-silva", "Ana Silva", "BRA", False),
            ("person:ana-maria-silva", "Ana Maria Silva", "PRT", False),
        ),
        # A misspelled surname across articles is another name far more often than a slip.
        (
            ("person:paul-kahn", "Paul Kahn", None, False),
            ("person:paul-kuhn", "Paul Kuhn", None, False),
        ),
        # A real given name against another: maybe two people.
        (
            ("person:jon-tester", "Jon Tester", None, False),
            ("person:john-tester", "John Tester", None, False),
        ),
        # Two people the reference data lists apart.
        (
            ("person:ali-khan", "Ali Khan", "PAK", True),
            ("person:ali-reza-khan", "Ali Reza Khan", "PAK", True),
        ),
    ],
)
def test_what_may_be_two_people_is_not_joined(rows: tuple[tuple[str, str, str | None, bool], ...]) -> None:
    assert _joined(*rows) == {}


def test_the_decision_does_not_depend_on_row_order() -> None:
    rows = [
        ("person:recep-erdogan", "Recep Erdogan", None, False),
        ("person:recep-tayyip-erdogan", "Recep Tayyip Erdogan", None, False),
        ("place:ankara", "Ankara", "TUR", True),
        ("person:r-t-erdogan", "R. T. Erdogan", None, False),
    ]
    entities = _entities(*rows)
    forward = dict(zip(entities["entity_id"], canonical_ids(entities), strict=True))
    backward = entities.iloc[::-1].reset_index(drop=True)
    assert dict(zip(backward["entity_id"], canonical_ids(backward), strict=True)) == forward
    assert forward["place:ankara"] == "place:ankara"
