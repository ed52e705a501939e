"""The rules that span rows or tables: unique keys, foreign keys, spans in article text, duplicate people."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import is_integer_dtype, is_string_dtype
from rapidfuzz import process
from rapidfuzz.distance import OSA

from pipeline.names.similarity import Verdict, fold, likeness, plain, split

Tables = Mapping[str, pd.DataFrame]
ColumnKind = Literal["any", "str", "int"]

# Every rule returns a frame of these columns, one row per failure. `rows` holds the positions of the
# rows at fault (a tuple: a repeated key is one failure of several rows).
FAILURE_COLUMNS = ("table", "column", "check", "failure_case", "row_key", "rows")

KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("article_id",),
    "entities": ("entity_id",),
    "mentions": ("article_id", "start", "end"),
    "corrections": ("article_id", "entity_id", "text"),
    "roles": ("article_id", "person_id", "start", "end"),
    "dates": ("article_id", "start", "end"),
    "figures": ("article_id", "start", "end"),
    "events": ("event_id",),
    "event_participants": ("event_id", "entity_id", "role"),
    "quotes": ("article_id", "start"),
}

# (table, column) -> (target table, target column); null values reference nothing and pass.
FOREIGN_KEYS: dict[tuple[str, str], tuple[str, str]] = {
    **{
        (table, "article_id"): ("articles", "article_id")
        for table in ("mentions", "corrections", "roles", "dates", "figures", "events", "quotes")
    },
    ("mentions", "entity_id"): ("entities", "entity_id"),
    ("corrections", "entity_id"): ("entities", "entity_id"),
    ("roles", "person_id"): ("entities", "entity_id"),
    ("roles", "of_id"): ("entities", "entity_id"),
    ("roles", "to_id"): ("entities", "entity_id"),
    ("events", "place_id"): ("entities", "entity_id"),
    ("event_participants", "event_id"): ("events", "event_id"),
    ("event_participants", "entity_id"): ("entities", "entity_id"),
    ("quotes", "speaker_id"): ("entities", "entity_id"),
}

# Tables whose rows are spans: `text == articles.text[start:end]`.
SPAN_TABLES = ("mentions", "roles", "dates", "figures", "events", "quotes")

# The rules that judge two persons of one article; the run-wide rule leaves out the pairs they report.
PERSON_PAIR_RULES = ("near_duplicate_person", "possible_duplicate_person")
# The most edits a misspelled surname makes (pipeline.names.similarity.max_edits); pairs further apart
# are dropped before they are judged one by one.
MAX_SURNAME_EDITS = 2


@dataclass(frozen=True)
class Rule:
    """A check that needs more than one row or table; failures are reported against `table`."""

    check: str
    table: str
    # table -> column -> what its values must be for the rule to run at all.
    needs: Mapping[str, Mapping[str, ColumnKind]]
    run: Callable[[Tables], pd.DataFrame]
    description: str
    severity: Literal["error", "warning"] = "error"
    # "chunk": run on every validated chunk; "run": on the whole run's entities, once, at the end.
    scope: Literal["chunk", "run"] = "chunk"

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns of `table` the rule reads."""
        return tuple(self.needs[self.table])

    def applies(self, tables: Tables) -> bool:
        """Whether every table and column the rule reads is there with a usable dtype.

        A missing or mistyped input is already a schema failure; running the rule on it would only
        crash or repeat that failure in a noisier form.
        """
        for table, columns in self.needs.items():
            df = tables.get(table)
            if not isinstance(df, pd.DataFrame):
                return False
            for column, kind in columns.items():
                if column not in df.columns or df.columns.tolist().count(column) != 1:
                    return False
                values = df[column]
                if kind == "str" and not is_string_dtype(values):
                    return False
                if kind == "int" and not is_integer_dtype(values):
                    return False
        return True


def _arrow_strings(values: pd.Series) -> pa.Array:
    array = pa.array(values, from_pandas=True)
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    return array.cast(pa.large_string())


def index_in(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """For each value, the position of its first occurrence among `keys`; -1 where absent or null.

    Arrow hashes the keys once; pandas' `isin` and `map` on Arrow strings convert them value by value
    into Python objects, the largest cost of validating a batch.
    """
    found = pc.index_in(_arrow_strings(values), value_set=_arrow_strings(keys), skip_nulls=True)
    return found.fill_null(-1).to_numpy(zero_copy_only=False)


def row_keys(table: str, rows: pd.DataFrame) -> list[str]:
    """A readable key per row (`article_id=... start=10 end=15`), from the table's key columns."""
    columns = [c for c in KEYS.get(table, ()) if c in rows.columns]
    if not columns:
        return [f"row={i}" for i in rows.index]
    return [
        " ".join(f"{c}={v}" for c, v in zip(columns, values, strict=True))
        for values in rows[columns].itertuples(index=False, name=None)
    ]


def failures(
    table: str,
    column: str | None,
    check: str,
    failure_case: Iterable[object],
    row_key: Iterable[object],
    rows: Iterable[tuple[int, ...]],
) -> pd.DataFrame:
    """A frame of FAILURE_COLUMNS with one row per failure case."""
    cases = list(failure_case)
    return pd.DataFrame(
        {
            "table": table,
            "column": [column] * len(cases),
            "check": check,
            "failure_case": pd.Series(cases, dtype=object),
            "row_key": pd.Series(list(row_key), dtype=object),
            "rows": pd.Series(list(rows), dtype=object),
        },
        columns=list(FAILURE_COLUMNS),
    )


def _each(rows: pd.DataFrame) -> list[tuple[int, ...]]:
    """One failure per row: the row's position (tables are validated with positions as labels)."""
    return [(int(i),) for i in rows.index]


def _unique_key(table: str) -> Callable[[Tables], pd.DataFrame]:
    key = list(KEYS[table])

    def run(tables: Tables) -> pd.DataFrame:
        df = tables[table]
        shared = df.loc[df.duplicated(key, keep=False), key]
        # One failure per repeated key, not per row: the rows are indistinguishable by key anyway.
        rows = shared.assign(_row=shared.index).groupby(key, sort=False, dropna=False)["_row"]
        groups = rows.agg(list).reset_index()
        groups["_row"] = [tuple(int(r) for r in found) for found in groups["_row"]]
        return failures(
            table,
            ",".join(key),
            "unique_key",
            (f"{len(rows)} rows" for rows in groups["_row"]),
            row_keys(table, groups),
            groups["_row"],
        )

    return run


def _foreign_key(
    table: str, column: str, target: str, target_column: str
) -> Callable[[Tables], pd.DataFrame]:
    def run(tables: Tables) -> pd.DataFrame:
        df = tables[table]
        values = df[column]
        dangling = df.loc[values.notna().to_numpy() & (index_in(values, tables[target][target_column]) < 0)]
        return failures(
            table, column, "foreign_key", dangling[column], row_keys(table, dangling), _each(dangling)
        )

    return run


def _references_person(tables: Tables) -> pd.DataFrame:
    roles, entities = tables["roles"], tables["entities"]
    kinds = pd.Series(entities["kind"].to_numpy(), index=entities["entity_id"].to_numpy())
    kinds = kinds[~kinds.index.duplicated()]
    kind = roles["person_id"].map(kinds)
    # An unknown id is the foreign_key rule's failure; this rule judges only ids that resolve.
    wrong = roles.loc[kind.notna() & (kind != "person")]
    return failures(
        "roles",
        "person_id",
        "references_person",
        (f"{p} ({k})" for p, k in zip(wrong["person_id"], kind[wrong.index], strict=True)),
        row_keys("roles", wrong),
        _each(wrong),
    )


def _entity_mentioned(tables: Tables) -> pd.DataFrame:
    entities, roles = tables["entities"], tables["roles"]
    ids = entities["entity_id"]
    # The reference data knows whose minister an officeholder is: "Prime Minister Imran Khan" gives a
    # role of Pakistan in a text that never names it.
    named = pd.concat([tables["mentions"]["entity_id"], roles["of_id"].dropna(), roles["to_id"].dropna()])
    # A null id is not_nullable's failure.
    unnamed = entities.loc[ids.notna().to_numpy() & (index_in(ids, named) < 0)]
    return failures(
        "entities",
        "entity_id",
        "entity_mentioned",
        ["no mention"] * len(unnamed),
        row_keys("entities", unnamed),
        _each(unnamed),
    )


def _article_positions(tables: Tables, table: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The rows of `table` whose article is known, each one's article row number, and its text length.

    Positions rather than the texts themselves: mapping the text onto every span would copy each
    article once per span it holds.
    """
    df, articles = tables[table], tables["articles"]
    position = index_in(df["article_id"], articles["article_id"])
    known = (position >= 0) & (df["start"].notna() & df["end"].notna() & df["text"].notna()).to_numpy()
    where = position[known]
    lengths = articles["text"].str.len().to_numpy(dtype=np.float64)[where]
    return df.loc[known], where, lengths


def _span_in_text(table: str) -> Callable[[Tables], pd.DataFrame]:
    def run(tables: Tables) -> pd.DataFrame:
        rows, _, lengths = _article_positions(tables, table)
        outside = rows["end"].to_numpy() > lengths
        bad = rows.loc[outside]
        return failures(
            table,
            "end",
            "span_in_text",
            (f"end={e} > len(text)={n:.0f}" for e, n in zip(bad["end"], lengths[outside], strict=True)),
            row_keys(table, bad),
            _each(bad),
        )

    return run


def _span_text(table: str) -> Callable[[Tables], pd.DataFrame]:
    def run(tables: Tables) -> pd.DataFrame:
        rows, where, lengths = _article_positions(tables, table)
        start, end = rows["start"].to_numpy(dtype=np.int64), rows["end"].to_numpy(dtype=np.int64)
        # Offsets that are negative, reversed or past the end already fail their own checks.
        sane = (start >= 0) & (start < end) & (end <= lengths)
        texts = tables["articles"]["text"].tolist()
        # Python ints, not numpy's: slicing with them is several times faster.
        spans = zip(where[sane].tolist(), start[sane].tolist(), end[sane].tolist(), strict=True)
        cut = np.array([texts[p][s:e] for p, s, e in spans], dtype=object)
        given = rows["text"].to_numpy(dtype=object)[sane]
        wrong = cut != given
        bad = rows.loc[sane].loc[wrong]
        return failures(
            table,
            "text",
            "span_text",
            (f"{g!r} != text[start:end] {c!r}" for g, c in zip(given[wrong], cut[wrong], strict=True)),
            row_keys(table, bad),
            _each(bad),
        )

    return run


def _person_names(entities: pd.DataFrame) -> pd.DataFrame:
    """Person entities with their surname's folded key, for blocking pairs."""
    persons = entities.loc[entities["kind"] == "person", ["entity_id", "name"]].dropna()
    persons = persons.drop_duplicates("entity_id")
    surnames = [split(str(name))[1] for name in persons["name"]]
    return persons.assign(
        plain=pd.Series([plain(s) for s in surnames], index=persons.index, dtype=object),
        folded=pd.Series([fold(s) for s in surnames], index=persons.index, dtype=object),
    )


def _judge(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs whose names read as one name, with the verdict and the reason (similarity.likeness)."""
    pairs = pairs.loc[pairs["entity_id_a"] < pairs["entity_id_b"]]
    if pairs.empty:
        return pairs.assign(verdict=pd.Series(dtype="str"), reason=pd.Series(dtype="str"))
    # Most pairs are plainly two names: an edit distance over all of them, in C, before the exact test.
    edits = np.minimum(
        process.cpdist(pairs["plain_a"].tolist(), pairs["plain_b"].tolist(), scorer=OSA.distance),
        process.cpdist(pairs["folded_a"].tolist(), pairs["folded_b"].tolist(), scorer=OSA.distance),
    )
    pairs = pairs.loc[edits <= MAX_SURNAME_EDITS]
    found = [likeness(str(a), str(b)) for a, b in zip(pairs["name_a"], pairs["name_b"], strict=True)]
    kept = [f is not None for f in found]
    return pairs.loc[kept].assign(
        verdict=[f.verdict.value for f in found if f is not None],
        reason=[f.reason for f in found if f is not None],
    )


def person_pairs(mentions: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Pairs of person entities mentioned in one article whose names read as one name.

    One row per pair, with the first article that mentions both, its verdict (`same`: one name spelled
    two ways; `maybe`: both given names are real and differ) and the reason in words. Pairs are sought
    only among names whose surnames start alike, then filtered by edit distance, then judged.
    """
    persons = _person_names(entities)
    seen = mentions[["article_id", "entity_id"]].drop_duplicates().merge(persons, on="entity_id")
    # Alike names start with the same letter, as written or once folded ("Khodorkov" ~ "Hodorkov").
    blocks = [seen.assign(block=[key[:1] for key in seen[column]]) for column in ("plain", "folded")]
    pairs = pd.concat(
        [b.merge(b, on=["article_id", "block"], suffixes=("_a", "_b")) for b in blocks], ignore_index=True
    )
    pairs = pairs.drop_duplicates(["article_id", "entity_id_a", "entity_id_b"])
    return _judge(pairs).drop_duplicates(["entity_id_a", "entity_id_b"])


# The frames last judged by the rules below and their pairs. `validate` gives every call fresh frames,
# so the same frames mean the same validation: its error and warning rules judge the pairs once.
_LAST_PAIRS: dict[str, tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]] = {}


def _pairs_of(tables: Tables) -> pd.DataFrame:
    mentions, entities = tables["mentions"], tables["entities"]
    last = _LAST_PAIRS.get("last")
    if last is None or last[0] is not mentions or last[1] is not entities:
        last = _LAST_PAIRS["last"] = (mentions, entities, person_pairs(mentions, entities))
    return last[2]


def _pair_failures(
    entities: pd.DataFrame, pairs: pd.DataFrame, check: str, with_article: bool
) -> pd.DataFrame:
    # Both entities are at fault: which spelling is right is for a person to decide.
    # Row positions of only the entities in a pair: usually none, and never worth a pass over all.
    ids = set(pairs["entity_id_a"]) | set(pairs["entity_id_b"])
    where: dict[str, tuple[int, ...]] = {}
    for row, entity_id in entities.loc[entities["entity_id"].isin(ids), "entity_id"].items():
        where[str(entity_id)] = (*where.get(str(entity_id), ()), int(str(row)))
    articles = pairs["article_id"] if with_article else [None] * len(pairs)
    return failures(
        "entities",
        "name",
        check,
        (
            f"{a!r} ~ {b!r}: {why}"
            for a, b, why in zip(pairs["name_a"], pairs["name_b"], pairs["reason"], strict=True)
        ),
        (
            f"entity_id={a},{b}" + (f" article_id={article}" if article is not None else "")
            for a, b, article in zip(pairs["entity_id_a"], pairs["entity_id_b"], articles, strict=True)
        ),
        (where[a] + where[b] for a, b in zip(pairs["entity_id_a"], pairs["entity_id_b"], strict=True)),
    )


def _verdict_failures(
    verdict: Verdict, check: str, mentions: pd.DataFrame, entities: pd.DataFrame, pairs: pd.DataFrame | None
) -> pd.DataFrame:
    pairs = person_pairs(mentions, entities) if pairs is None else pairs
    return _pair_failures(entities, pairs.loc[pairs["verdict"] == verdict], check, True)


def near_duplicate_persons(
    mentions: pd.DataFrame, entities: pd.DataFrame, pairs: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Two persons in one article whose names are one name spelled two ways: 'Olaf Sholz' ~ 'Olaf Scholz'."""
    return _verdict_failures(Verdict.SAME, "near_duplicate_person", mentions, entities, pairs)


def possible_duplicate_persons(
    mentions: pd.DataFrame, entities: pd.DataFrame, pairs: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Two persons in one article who differ only in a real given name: 'Jon Tester' ~ 'John Tester'."""
    return _verdict_failures(Verdict.MAYBE, "possible_duplicate_person", mentions, entities, pairs)


def similar_person_names(entities: pd.DataFrame, exclude: Collection[frozenset[str]] = ()) -> pd.DataFrame:
    """Persons of a whole run whose names may be one person's: 'Recep Erdogan' ~ 'Recep Tayyip Erdogan'.

    Across a run only full names whose surnames fold to one key (accents, transliteration) and whose
    first given names start alike are compared: a run holds too many people to compare every pair.
    Pairs in `exclude` (already reported within an article) are left out, and so are pairs the run
    joined under one `canonical_id`: what is left is what may be one person but was not joined.
    """
    persons = _person_names(entities)
    given = [split(str(name))[0] for name in persons["name"]]
    persons = persons.assign(initial=[fold(g[0])[:1] if g else "" for g in given])
    persons = persons.loc[persons["initial"] != ""]
    pairs = persons.merge(persons, on=["folded", "initial"], suffixes=("_a", "_b"))
    pairs = pairs.assign(folded_a=pairs["folded"], folded_b=pairs["folded"])
    pairs = _judge(pairs)
    if exclude:
        reported = [
            frozenset((a, b)) not in exclude
            for a, b in zip(pairs["entity_id_a"], pairs["entity_id_b"], strict=True)
        ]
        pairs = pairs.loc[reported]
    if "canonical_id" in entities.columns and not pairs.empty:
        canonical = entities.drop_duplicates("entity_id").set_index("entity_id")["canonical_id"]
        apart = (
            pairs["entity_id_a"].map(canonical).to_numpy() != pairs["entity_id_b"].map(canonical).to_numpy()
        )
        pairs = pairs.loc[apart]
    return _pair_failures(entities, pairs, "similar_person_names", False)


def _near_duplicate_persons(tables: Tables) -> pd.DataFrame:
    return near_duplicate_persons(tables["mentions"], tables["entities"], _pairs_of(tables))


def _possible_duplicate_persons(tables: Tables) -> pd.DataFrame:
    return possible_duplicate_persons(tables["mentions"], tables["entities"], _pairs_of(tables))


def _similar_person_names(tables: Tables) -> pd.DataFrame:
    mentions = tables.get("mentions")
    exclude: set[frozenset[str]] = set()
    if isinstance(mentions, pd.DataFrame) and {"article_id", "entity_id"} <= set(mentions.columns):
        pairs = _pairs_of(tables)
        exclude = {frozenset(p) for p in zip(pairs["entity_id_a"], pairs["entity_id_b"], strict=True)}
    return similar_person_names(tables["entities"], exclude)


_PERSON_PAIR_NEEDS: dict[str, dict[str, ColumnKind]] = {
    "mentions": {"article_id": "str", "entity_id": "str"},
    "entities": {"entity_id": "str", "kind": "str", "name": "str"},
}


def _span_needs(table: str) -> dict[str, dict[str, ColumnKind]]:
    return {
        table: {"article_id": "str", "text": "str", "start": "int", "end": "int"},
        "articles": {"article_id": "str", "text": "str"},
    }


RULES: tuple[Rule, ...] = (
    *(
        Rule(
            "unique_key",
            t,
            {t: dict.fromkeys(key, "any")},
            _unique_key(t),
            "No two rows share a key; every row of a repeated key is at fault.",
        )
        for t, key in KEYS.items()
    ),
    *(
        Rule(
            "foreign_key",
            t,
            {t: {c: "str"}, target: {tc: "str"}},
            _foreign_key(t, c, target, tc),
            "Every reference resolves to a row of the table it names (null references nothing).",
        )
        for (t, c), (target, tc) in FOREIGN_KEYS.items()
    ),
    # Checked chunk by chunk: a chunk's entities are those its own articles name, and the run's entities
    # table, written at the end, keeps only entities of some chunk.
    Rule(
        "entity_mentioned",
        "entities",
        {
            "entities": {"entity_id": "str"},
            "mentions": {"entity_id": "str"},
            "roles": {"of_id": "str", "to_id": "str"},
        },
        _entity_mentioned,
        "At least one mention names the entity, or a role is of it or to it (the reference data knows "
        "whose minister an officeholder is): every entity has its source in the text.",
    ),
    Rule(
        "references_person",
        "roles",
        {"roles": {"person_id": "str"}, "entities": {"entity_id": "str", "kind": "str"}},
        _references_person,
        "A role is held by an entity of kind person.",
    ),
    *(
        Rule(
            "span_in_text",
            t,
            _span_needs(t),
            _span_in_text(t),
            "The span ends within its article's text.",
        )
        for t in SPAN_TABLES
    ),
    *(
        Rule(
            "span_text",
            t,
            _span_needs(t),
            _span_text(t),
            "The span's text is exactly `articles.text[start:end]`.",
        )
        for t in SPAN_TABLES
    ),
    Rule(
        "near_duplicate_person",
        "entities",
        _PERSON_PAIR_NEEDS,
        _near_duplicate_persons,
        "No two persons mentioned in one article have names that read as one name spelled two ways: "
        "surnames one or two edits apart or equal once accents and transliteration are folded, with the "
        "same or a compatible given name (a misspelling, initials, a middle name left out), or a lone "
        "surname that nearly matches a full name's; both entities are at fault.",
    ),
    Rule(
        "possible_duplicate_person",
        "entities",
        _PERSON_PAIR_NEEDS,
        _possible_duplicate_persons,
        "Two persons mentioned in one article whose names differ only in a given name that is a real "
        "name either way ('Jon'/'John'): maybe two people, maybe one misspelled; a reviewer decides.",
        severity="warning",
    ),
    Rule(
        "similar_person_names",
        "entities",
        {"entities": {"entity_id": "str", "kind": "str", "name": "str"}},
        _similar_person_names,
        "Two persons of the run whose names may be one person's (accents, "
        "transliteration, initials, a middle name left out): a reviewer decides.",
        severity="warning",
        scope="run",
    ),
)
