"""Fold the validation of a run's batches into one report, and its entities into one table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
import pyarrow as pa

from pipeline.read import Skipped
from pipeline.schemas import TABLES
from pipeline.schemas.catalog import INPUT, Severity
from pipeline.schemas.rules import KEYS, PERSON_PAIR_RULES
from pipeline.tables import conform, joined
from pipeline.validate import SAMPLES, Failure, Report, run_rule_failures

ENTITIES = "entities"
# failure_cases.parquet, written batch by batch: its types fixed, since a batch may hold no failure.
FAILURE_CASES_SCHEMA = pa.schema(
    [
        ("table", pa.string()),
        ("rule", pa.string()),
        ("severity", pa.string()),
        ("column", pa.string()),
        ("failure_case", pa.string()),
        ("row_key", pa.string()),
        ("rows", pa.list_(pa.int64())),
        ("blocking", pa.bool_()),
    ]
)


class Accumulator:
    """What a run has found so far, batch after batch, in memory that grows with failures, not rows.

    Each batch is validated with the entities its articles mention, so an entity appears in many
    batches: its own failures are counted once, and the entities table is written once, at the end.
    """

    def __init__(self, preview_articles: int) -> None:
        self.failures: list[Failure] = []
        self.validated: Counter[str] = Counter()  # rows validated per table, entities aside
        self.written: Counter[str] = Counter()
        self.quarantined: Counter[str] = Counter()
        self._failing: dict[str, list[pd.DataFrame]] = {}  # sampled failing rows, by run-wide position
        # Every failure counted, SAMPLES kept per rule: memory grows with rules, not with failures.
        self._rule_totals: dict[tuple[str, str, Severity], tuple[int, int]] = {}
        self._row_totals: Counter[tuple[str, Severity | None]] = Counter()
        self._samples: Counter[tuple[str, str, Severity]] = Counter()
        self._entities: dict[str, dict[str, Any]] = {}  # kept entities, first seen first
        self._entity_failures: dict[tuple[object, ...], tuple[Failure, tuple[str, ...]]] = {}
        self._failing_entities: dict[str, dict[str, Any]] = {}
        self._held_entities: set[str] = set()
        self._entity_cases: list[Failure] = []
        self._input_cases: list[Failure] = []
        self._person_pairs: set[frozenset[str]] = set()  # pairs a rule of one article reported
        self._preview_articles = preview_articles
        self.preview: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES if t != ENTITIES}

    def add(self, report: Report, kept: dict[str, pd.DataFrame], held: dict[str, pd.DataFrame]) -> None:
        """Take in one batch: its validation report, the rows it writes and the rows it holds back."""
        batch_entities = report.tables.get(ENTITIES)
        sampled: dict[str, list[int]] = {}  # run-wide rows of the failures kept as samples, per table
        seen_rows: dict[tuple[str, str, Severity], set[int]] = {}
        for failure in report.failures:
            if failure.table == ENTITIES:
                ids: tuple[str, ...] = ()
                if batch_entities is not None and failure.rows:
                    ids = tuple(batch_entities["entity_id"].iloc[list(failure.rows)])
                    for row in failure.rows:
                        record = {str(k): v for k, v in batch_entities.iloc[row].to_dict().items()}
                        self._failing_entities.setdefault(str(record["entity_id"]), record)
                key = (failure.check, failure.column, str(failure.failure_case), failure.row_key, ids)
                self._entity_failures.setdefault(key, (failure, ids))
                if failure.check in PERSON_PAIR_RULES:
                    self._person_pairs.add(frozenset(ids))
                continue
            offset = self.validated[failure.table]
            moved = replace(failure, rows=tuple(r + offset for r in failure.rows))
            rule = (failure.table, failure.check, failure.severity)
            n, rows = self._rule_totals.get(rule, (0, 0))
            self._rule_totals[rule] = (n + 1, rows)
            seen_rows.setdefault(rule, set()).update(moved.rows)
            if self._samples[rule] < SAMPLES:
                self._samples[rule] += 1
                self.failures.append(moved)
                sampled.setdefault(failure.table, []).extend(moved.rows)
        for rule, rows_of_rule in seen_rows.items():  # row positions never repeat across batches
            n, rows = self._rule_totals[rule]
            self._rule_totals[rule] = (n, rows + len(rows_of_rule))
        # Distinct failing rows per table and severity (None: any), in one pass over the failures.
        at_fault: dict[tuple[str, Severity | None], set[int]] = {}
        for failure in report.failures:
            for severity_or_any in (failure.severity, None):
                at_fault.setdefault((failure.table, severity_or_any), set()).update(failure.rows)
        for table, frame in report.tables.items():
            if table == ENTITIES:
                continue
            for severity in (None, *Severity):
                self._row_totals[(table, severity)] += len(at_fault.get((table, severity), ()))
            if table in sampled:
                # Only the sampled rows' keys: the report names failing rows by their keys, nothing more.
                positions = sorted(set(sampled[table]))
                local = [p - self.validated[table] for p in positions]
                part = frame.iloc[local][[c for c in KEYS.get(table, ()) if c in frame.columns]].copy()
                part.index = positions
                self._failing.setdefault(table, []).append(part)
        for table, n in report.rows.items():
            if table != ENTITIES:
                self.validated[table] += n
        for table, frame in kept.items():
            if table == ENTITIES:
                for raw in frame.to_dict("records"):
                    record = {str(k): v for k, v in raw.items()}
                    seen = self._entities.setdefault(str(record["entity_id"]), record)
                    if pd.isna(seen["country_code"]) and not pd.isna(record["country_code"]):
                        seen["country_code"] = record["country_code"]
            else:
                self.written[table] += len(frame)
        for table, frame in held.items():
            if table == ENTITIES:
                fresh = frame[~frame["entity_id"].isin(self._held_entities)]
                self._held_entities.update(fresh["entity_id"])
                self.quarantined[table] += len(fresh)
            else:
                self.quarantined[table] += len(frame)
        articles = sum(len(f) for f in self.preview["articles"])
        if articles < self._preview_articles:
            for table, frame in kept.items():
                if table != ENTITIES:
                    self.preview[table].append(frame)

    def held_entities(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of a batch's quarantined entities not yet held by an earlier batch."""
        return frame[~frame["entity_id"].isin(self._held_entities)]

    def entities(self) -> pd.DataFrame:
        """Every entity kept, once, sorted by id: the run's entities table."""
        frame = joined(conform(ENTITIES, sorted(self._entities.values(), key=lambda e: e["entity_id"])))
        self.written[ENTITIES] = len(frame)
        return frame

    def failure_cases(self, report: Report) -> pd.DataFrame:
        """A batch's failures, rows numbered run-wide, for failure_cases.parquet (before `add`).

        The entities' failures are left for the end, where each is counted once.
        """
        cases = report.failure_cases()
        cases = cases[cases["table"] != ENTITIES].reset_index(drop=True)
        if cases.empty:
            return cases
        offsets = cases["table"].map(lambda t: self.validated[t])
        cases["rows"] = [[r + o for r in rows] for rows, o in zip(cases["rows"], offsets, strict=True)]
        return cases

    def report(self, entities: pd.DataFrame, skipped: Sequence[Skipped] = ()) -> Report:
        """The run's report: sample failures with run-wide row positions, and every count.

        `skipped` is the input left out; each is a warning, so that `--fail-on warning` fails the run.
        """
        # Rules over the whole run's entities (people named alike in different articles) run once, here.
        for failure in run_rule_failures(entities):
            ids = tuple(entities["entity_id"].iloc[list(failure.rows)])
            if frozenset(ids) in self._person_pairs:
                continue  # already reported, with its article, by a rule of one article
            key = (failure.check, failure.column, str(failure.failure_case), failure.row_key, ids)
            self._entity_failures.setdefault(key, (failure, ids))
        position = {entity_id: i for i, entity_id in enumerate(entities["entity_id"])}
        # Entities that failed everywhere they appeared are in no table written: number them after it.
        for entity_id in self._failing_entities:
            position.setdefault(entity_id, len(position))
        failures = list(self.failures)
        rule_totals = dict(self._rule_totals)
        row_totals = dict(self._row_totals)
        by_rule: dict[tuple[str, str, Severity], list[Failure]] = {}
        for failure, ids in self._entity_failures.values():
            moved = replace(failure, rows=tuple(position[i] for i in ids))
            by_rule.setdefault((ENTITIES, failure.check, failure.severity), []).append(moved)
        rows_by_severity: dict[Severity | None, set[int]] = {None: set()}
        self._entity_cases = [f for found in by_rule.values() for f in found]
        for rule, found in by_rule.items():
            at_fault = {r for f in found for r in f.rows}
            rule_totals[rule] = (len(found), len(at_fault))
            rows_by_severity.setdefault(rule[2], set()).update(at_fault)
            rows_by_severity[None].update(at_fault)
            failures += found[:SAMPLES]
        for severity in (None, *Severity):
            row_totals[(ENTITIES, severity)] = len(rows_by_severity.get(severity, ()))
        self._input_cases = [
            Failure(INPUT, None, s.rule, s.reason, s.where, severity=Severity.WARNING) for s in skipped
        ]
        for check, n in Counter(f.check for f in self._input_cases).items():
            rule_totals[(INPUT, check, Severity.WARNING)] = (n, n)
            failures += [f for f in self._input_cases if f.check == check][:SAMPLES]
        # Each skipped file, record or field counts as one row of the input.
        row_totals[(INPUT, Severity.WARNING)] = row_totals[(INPUT, None)] = len(self._input_cases)
        failing = {t: pd.concat(parts) for t, parts in self._failing.items()}
        if self._failing_entities:
            rows = pd.DataFrame(list(self._failing_entities.values()))
            rows.index = [position[i] for i in rows["entity_id"]]
            failing[ENTITIES] = rows
        validated = dict(self.validated)
        validated[ENTITIES] = len(position)
        return Report(
            failures,
            rows={t: validated.get(t, 0) for t in TABLES},
            tables=failing,
            rule_totals=rule_totals,
            row_totals=row_totals,
        )

    def final_failure_cases(self) -> pd.DataFrame:
        """The failures known only at the end, for failure_cases.parquet (after `report`).

        Every failure of the entities table, counted once, and every input finding.
        """
        return Report([*self._entity_cases, *self._input_cases]).failure_cases()

    def preview_tables(self, entities: pd.DataFrame) -> dict[str, pd.DataFrame]:
        """The first articles' tables, for the HTML report's previews and highlighted texts."""
        tables = {t: pd.concat(parts, ignore_index=True) for t, parts in self.preview.items() if parts}
        return {**tables, ENTITIES: entities}
