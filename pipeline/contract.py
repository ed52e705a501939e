"""The data contract as data: a YAML schema per table, a Frictionless Data Package, and Arrow schemas.

Everything here is derived from the pandera models and rules in `schemas/`, which stay the one source
of truth; `pipeline contract` writes the files committed under `schemas/`, and a test fails when the
committed files and the code disagree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import yaml

from pipeline.schemas import MODELS, SCHEMA_VERSION, TABLES
from pipeline.schemas.catalog import table_rules
from pipeline.schemas.rules import FOREIGN_KEYS, KEYS

DATAPACKAGE = "datapackage.json"
PACKAGE_NAME = "news-facts"

# Logical type -> (Frictionless Table Schema type, Arrow/Parquet type). Dates are date32 and
# timestamps microsecond UTC: what Spark, DuckDB and Polars all read without conversion.
_TYPES: dict[str, tuple[str, pa.DataType]] = {
    "string": ("string", pa.string()),
    "integer": ("integer", pa.int64()),
    "number": ("number", pa.float64()),
    "boolean": ("boolean", pa.bool_()),
    "date": ("date", pa.date32()),
    "datetime": ("datetime", pa.timestamp("us", tz="UTC")),
}

# One resource per table and format, named `<table>-<format>`.
FORMATS: dict[str, dict[str, Any]] = {
    "parquet": {"format": "parquet", "mediatype": "application/vnd.apache.parquet"},
    "csv": {
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
    },
}


_NULLABLE_INTEGER = (
    "int64 in the Parquet file; declared number here because Frictionless reads Parquet through pandas, "
    "where an integer column with nulls becomes floats"
)


def column_types(table: str) -> dict[str, str]:
    """Each column of `table` and its logical type (`string`, `integer`, `number`, `boolean`, `date`)."""
    schema = MODELS[table].to_schema()
    types = {}
    for name, column in schema.columns.items():
        dtype = column.dtype.type
        if pd.api.types.is_bool_dtype(dtype):
            kind = "boolean"
        elif pd.api.types.is_integer_dtype(dtype):
            kind = "integer"
        elif pd.api.types.is_float_dtype(dtype):
            kind = "number"
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            # pandas has no date dtype: a datetime column that may hold no time of day is a date.
            kind = "date" if any(c.name == "date_only" for c in column.checks) else "datetime"
        elif pd.api.types.is_string_dtype(dtype):
            kind = "string"
        else:  # pragma: no cover - a model with a new dtype must be given a logical type here
            raise TypeError(f"{table}.{name}: no logical type for {dtype}")
        types[name] = kind
    return types


def arrow_schema(table: str) -> pa.Schema:
    """The Parquet schema of `table`, from its model."""
    return pa.schema([pa.field(name, _TYPES[kind][1]) for name, kind in column_types(table).items()])


def _nullable(table: str) -> dict[str, bool]:
    return {name: column.nullable for name, column in MODELS[table].to_schema().columns.items()}


def table_schema(table: str, fmt: str) -> dict[str, Any]:
    """The Frictionless Table Schema of `table`, its foreign keys pointing at resources of format `fmt`."""
    nullable = _nullable(table)
    fields = []
    for name, kind in column_types(table).items():
        described: dict[str, Any] = {"name": name, "type": _TYPES[kind][0]}
        if kind == "integer" and nullable[name] and fmt == "parquet":
            # Frictionless reads Parquet through pandas, where an integer column with nulls arrives as
            # floats with NaN, which it does not take for missing (frictionless-py PR #1683).
            described["type"] = "number"
            described["description"] = _NULLABLE_INTEGER
        if not nullable[name]:
            described["constraints"] = {"required": True}
        fields.append(described)
    return {
        "fields": fields,
        "primaryKey": list(KEYS[table]),
        "foreignKeys": [
            {"fields": [column], "reference": {"resource": f"{target}-{fmt}", "fields": [target_column]}}
            for (source, column), (target, target_column) in FOREIGN_KEYS.items()
            if source == table
        ],
        "missingValues": [""],
    }


def _description(table: str) -> str:
    return " ".join((MODELS[table].__doc__ or "").split())


def datapackage(run: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The Frictionless Data Package of the output folder: one Parquet and one CSV resource per table.

    `run` (run id, versions, settings) is recorded under `pipeline` when the package describes a run.
    """
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "News facts",
        "description": (
            "Facts extracted from English news articles by news-facts-pipeline: people, places and "
            "organizations, roles, dates, figures, events and quotations, each with its source span."
        ),
        "schema_version": SCHEMA_VERSION,
    }
    if run is not None:
        package["pipeline"] = dict(run)
    package["resources"] = [
        {
            "profile": "tabular-data-resource",
            "name": f"{table}-{fmt}",
            "path": f"{table}.{fmt}",
            **FORMATS[fmt],
            "description": _description(table),
            "schema": table_schema(table, fmt),
        }
        for table in TABLES
        for fmt in FORMATS
    ]
    return package


def table_contract(table: str) -> dict[str, Any]:
    """The contract of one table: columns, keys and rules with their severities."""
    nullable = _nullable(table)
    parquet = arrow_schema(table)
    return {
        "table": table,
        "description": _description(table),
        "schema_version": SCHEMA_VERSION,
        "files": [f"{table}.{fmt}" for fmt in FORMATS],
        "primary_key": list(KEYS[table]),
        "foreign_keys": [
            {"column": column, "references": f"{target}.{target_column}"}
            for (source, column), (target, target_column) in FOREIGN_KEYS.items()
            if source == table
        ],
        "columns": [
            {
                "name": name,
                "type": kind,
                "parquet_type": str(parquet.field(name).type),
                "nullable": nullable[name],
            }
            for name, kind in column_types(table).items()
        ],
        "rules": [
            {
                "id": spec.rule,
                "severity": spec.severity.value,
                "columns": list(spec.columns),
                "description": spec.description,
            }
            for spec in table_rules(table)
        ],
    }


_YAML_HEADER = (
    "# The data contract of table `{table}`, generated from schemas/ by `pipeline contract schemas`.\n"
    "# Do not edit: change the pandera models and regenerate (tests/test_contract.py checks for drift).\n"
)


def contract_files() -> dict[str, str]:
    """File name -> content of every generated contract file: `<table>.yaml` and datapackage.json."""
    files = {
        f"{table}.yaml": _YAML_HEADER.format(table=table)
        + yaml.safe_dump(table_contract(table), sort_keys=False, allow_unicode=True, width=100)
        for table in TABLES
    }
    files[DATAPACKAGE] = dumps(datapackage())
    return files


def dumps(document: Any) -> str:
    """JSON as every file of the pipeline writes it: indented, UTF-8, ending in a newline."""
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"


def write_contract(folder: Path) -> list[Path]:
    """Write the contract files into `folder` (created if missing); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in contract_files().items():
        path = folder / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
