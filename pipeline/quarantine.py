"""`--on-error quarantine`: split the tables into rows that pass and rows that break error-level rules.

What stays keeps its referential integrity: a row that refers to a quarantined row (a mention of a
quarantined entity, the participants of a quarantined event) follows it into quarantine, as far as the
foreign keys reach. A table whose failure names no row (a missing column, a wrong type) is held back
whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.schemas import MODELS, TABLES
from pipeline.schemas.catalog import QUARANTINED_REFERENCE
from pipeline.schemas.rules import FOREIGN_KEYS
from pipeline.tables import conform
from pipeline.validate import Report

# The column added to quarantined rows: the ids of the rules each row breaks.
RULES_COLUMN = "quarantine_rules"


@dataclass(frozen=True)
class Split:
    """The rows to write, and the rows held back with the rules they break."""

    kept: dict[str, pd.DataFrame]
    # Only tables with held-back rows; each row has RULES_COLUMN added.
    quarantined: dict[str, pd.DataFrame]

    def counts(self) -> dict[str, int]:
        """Quarantined rows per table, every contract table included."""
        return {table: len(self.quarantined.get(table, ())) for table in TABLES}


def quarantine(report: Report) -> Split:
    """Split the tables `report` validated: rows breaking an error-level rule, and rows referring to them."""
    tables = {t: df for t, df in report.tables.items() if t in MODELS}
    blocked = report.blocked()
    held: dict[str, np.ndarray] = {t: np.zeros(len(df), dtype=bool) for t, df in tables.items()}
    # (table, row, rule) of every reason a row is held, gathered as arrays and grouped at the end.
    reasons: list[pd.DataFrame] = []

    # In a blocked table every row is held, for the failures that block it.
    errors = [f for f in report.errors if f.table in tables and (f.blocking or f.table not in blocked)]
    rows = [
        np.arange(len(tables[f.table])) if f.blocking else np.asarray(f.rows, dtype=np.int64) for f in errors
    ]
    counts = [len(r) for r in rows]
    found = pd.DataFrame(
        {
            "table": np.repeat(np.array([f.table for f in errors], dtype=object), counts),
            "rule": np.repeat(np.array([f.check for f in errors], dtype=object), counts),
            "row": np.concatenate(rows) if rows else np.array([], dtype=np.int64),
        }
    )
    for table, where in found.groupby("table", sort=False)["row"]:
        held[str(table)][where.to_numpy(dtype=np.int64)] = True
    reasons.append(found)

    # Follow the foreign keys until no kept row refers to a held one; after the first pass, only the
    # keys into tables that lost rows in the pass before can dangle anew.
    grown = set(tables)
    while grown:
        lost, grown = grown, set()
        for (table, column), (target, target_column) in FOREIGN_KEYS.items():
            if target not in lost or table not in tables or column not in tables[table].columns:
                continue
            parent = tables.get(target)
            values = tables[table][column]
            if parent is None or target_column not in parent.columns:
                alive = pd.Series([], dtype=object)
            else:
                alive = parent[target_column][~held[target]]
            # A reference that never resolved is the foreign_key rule's failure, already held.
            dangling = np.flatnonzero(
                (values.notna() & ~values.isin(alive)).to_numpy(dtype=bool) & ~held[table]
            )
            if len(dangling):
                held[table][dangling] = True
                reasons.append(pd.DataFrame({"table": table, "rule": QUARANTINED_REFERENCE, "row": dangling}))
                grown.add(table)
        # The other way round: an entity whose mentions (and roles of or to it) are all held back has
        # no source left in what is written, and follows them, or out/ would break entity_mentioned.
        if lost & {"mentions", "roles"} and {"entities", "mentions", "roles"} <= set(tables):
            mentions, roles, entities = tables["mentions"], tables["roles"], tables["entities"]
            named = pd.concat(
                [
                    mentions["entity_id"][~held["mentions"]],
                    roles["of_id"][~held["roles"]],
                    roles["to_id"][~held["roles"]],
                ]
            )
            orphans = np.flatnonzero(
                (~entities["entity_id"].isin(named)).to_numpy(dtype=bool) & ~held["entities"]
            )
            if len(orphans):
                held["entities"][orphans] = True
                reasons.append(
                    pd.DataFrame({"table": "entities", "rule": QUARANTINED_REFERENCE, "row": orphans})
                )
                grown.add("entities")

    # The rule ids of each held row, in the order found: sorted by row (stably), then cut per row.
    why = pd.concat(reasons, ignore_index=True).astype({"row": np.int64}).drop_duplicates()
    why = why.sort_values(["table", "row"], kind="stable")
    rules_of: dict[str, list[list[str]]] = {}
    for table, group in why.groupby("table", sort=False):
        order, rules = group["row"].to_numpy(), group["rule"].to_numpy(dtype=object)
        starts = np.flatnonzero(np.r_[True, order[1:] != order[:-1]])
        rules_of[str(table)] = [list(part) for part in np.split(rules, starts[1:])]

    kept: dict[str, pd.DataFrame] = {}
    quarantined: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        df = tables.get(table)
        if df is None or table in blocked:
            kept[table] = conform(table, [])
        else:
            kept[table] = df.loc[~held[table]].reset_index(drop=True)
        if df is not None and held[table].any():
            positions = np.flatnonzero(held[table])
            out = df.iloc[positions].reset_index(drop=True)
            # Held rows and their reasons are both in row order.
            out[RULES_COLUMN] = pd.Series(rules_of[table], dtype=object)
            quarantined[table] = out
    return Split(kept, quarantined)
