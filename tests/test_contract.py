"""The contract as data: generated files checked for drift, and the output read by tools that are not ours."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import frictionless
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner
from pipeline.schemas import MODELS, SCHEMA_VERSION, TABLES
from pipeline.schemas.catalog import Severity, table_rules
from pipeline.schemas.rules import FOREIGN_KEYS, KEYS

from pipeline.cli import main
from pipeline.contract import DATAPACKAGE, arrow_schema, column_types, contract_files
from pipeline.write import _arrow
from tests.factories import valid_tables
from tests.fixtures import REPO

SCHEMAS = REPO / "schemas"

# The logical types of the contract as each reader names them.
DUCKDB = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}
POLARS = {
    "string": pl.String,
    "integer": pl.Int64,
    "number": pl.Float64,
    "boolean": pl.Boolean,
    "date": pl.Date,
}


@pytest.mark.parametrize("name", sorted(contract_files()))
def test_committed_contract_matches_the_models(name: str) -> None:
    # On a deliberate change to schemas/*.py: `pipeline contract schemas`, then review the diff.
    committed = SCHEMAS / name
    assert committed.is_file(), f"{name} missing: run `pipeline contract schemas`"
    assert committed.read_text(encoding="utf-8") == contract_files()[name], (
        f"schemas/{name} is out of date: run `pipeline contract schemas`"
    )


def test_no_stale_contract_files() -> None:
    generated = {p.name for p in SCHEMAS.iterdir() if p.suffix in (".yaml", ".json")}
    assert generated == set(contract_files())


def test_contract_command_writes_the_same_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["contract", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {len(TABLES) + 1} contract files to {tmp_path / 'c'}/.\n"
    for name, content in contract_files().items():
        assert (tmp_path / "c" / name).read_text(encoding="utf-8") == content


def test_datapackage_has_a_parquet_and_a_csv_resource_per_table_with_keys() -> None:
    package = json.loads((SCHEMAS / DATAPACKAGE).read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert package["schema_version"] == SCHEMA_VERSION
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == [f"{t}-{fmt}" for t in TABLES for fmt in ("parquet", "csv")]
    for table in TABLES:
        for fmt in ("parquet", "csv"):
            resource = resources[f"{table}-{fmt}"]
            assert (resource["path"], resource["format"]) == (f"{table}.{fmt}", fmt)
            schema = resource["schema"]
            assert [f["name"] for f in schema["fields"]] == list(MODELS[table].to_schema().columns)
            assert schema["primaryKey"] == list(KEYS[table])
            assert {
                (fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0])
                for fk in schema["foreignKeys"]
            } == {
                (column, f"{target}-{fmt}", target_column)
                for (source, column), (target, target_column) in FOREIGN_KEYS.items()
                if source == table
            }
            required = {f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")}
            nullable = MODELS[table].to_schema().columns
            assert required == {c for c, spec in nullable.items() if not spec.nullable}


@pytest.mark.parametrize("table", TABLES)
def test_yaml_contract_lists_columns_keys_and_rules_with_severities(table: str) -> None:
    contract = yaml.safe_load((SCHEMAS / f"{table}.yaml").read_text(encoding="utf-8"))
    assert contract["table"] == table
    assert contract["primary_key"] == list(KEYS[table])
    assert [c["name"] for c in contract["columns"]] == list(column_types(table))
    rules = {r["id"]: r["severity"] for r in contract["rules"]}
    assert rules == {spec.rule: spec.severity.value for spec in table_rules(table)}
    assert all(r["description"] for r in contract["rules"]), "every rule says what it means"


def test_warning_rules_are_in_the_contract() -> None:
    warnings = {
        (spec.table, spec.rule)
        for table in TABLES
        for spec in table_rules(table)
        if spec.severity is Severity.WARNING
    }
    assert warnings == {
        ("articles", "article_not_english"),
        ("articles", "article_looks_like_html"),
        ("entities", "person_not_in_reference"),
        ("entities", "possible_duplicate_person"),
        ("entities", "similar_person_names"),
        ("dates", "date_unanchored"),
        ("events", "event_without_place"),
        ("figures", "money_without_currency"),
    }


def test_frictionless_validates_good_output(bundled_out: Path) -> None:
    report = frictionless.validate(bundled_out / DATAPACKAGE)
    assert report.valid, report.flatten(["type", "note"])[:5]
    assert len(report.tasks) == 2 * len(TABLES)


@pytest.fixture
def orphan_out(tmp_path: Path, bundled_out: Path) -> Path:
    """Good output, then one mention pointing at an entity that does not exist, in both formats."""
    out = tmp_path / "out"
    shutil.copytree(bundled_out, out)
    mentions = pd.read_parquet(out / "mentions.parquet")
    mentions.loc[0, "entity_id"] = "person:nobody"
    table = pq.read_table(out / "mentions.parquet")
    pq.write_table(
        table.set_column(1, "entity_id", [mentions["entity_id"].tolist()]), out / "mentions.parquet"
    )
    csv = pd.read_csv(out / "mentions.csv", dtype=str, keep_default_na=False)
    csv.loc[0, "entity_id"] = "person:nobody"
    csv.to_csv(out / "mentions.csv", index=False, lineterminator="\r\n")
    return out


def test_frictionless_fails_on_an_orphan_key(orphan_out: Path) -> None:
    report = frictionless.validate(orphan_out / DATAPACKAGE)
    assert not report.valid
    errors = {(task.name, error.type) for task in report.tasks for error in task.errors}
    assert errors == {("mentions-parquet", "foreign-key"), ("mentions-csv", "foreign-key")}


def test_frictionless_command_line_is_a_second_gate(bundled_out: Path, orphan_out: Path) -> None:
    command = [str(Path(sys.executable).with_name("frictionless")), "validate"]
    good = subprocess.run([*command, str(bundled_out / DATAPACKAGE)], capture_output=True, check=False)
    assert good.returncode == 0, good.stdout.decode()[-2000:]
    bad = subprocess.run([*command, str(orphan_out / DATAPACKAGE)], capture_output=True, check=False)
    assert bad.returncode == 1
    assert b"foreign-key" in bad.stdout


@pytest.mark.parametrize("table", TABLES)
def test_duckdb_and_polars_read_every_table_with_the_contract_types(bundled_out: Path, table: str) -> None:
    path = bundled_out / f"{table}.parquet"
    types = column_types(table)
    rows = json.loads((bundled_out / "validation.json").read_text())["tables"][table]["rows"]

    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    assert [(name, kind) for name, kind, *_ in described] == [(c, DUCKDB[t]) for c, t in types.items()]
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall() == [(rows,)]

    frame = pl.read_parquet(path)
    assert frame.schema == pl.Schema({c: POLARS[t] for c, t in types.items()})
    assert frame.height == rows == len(pd.read_csv(bundled_out / f"{table}.csv"))


def test_duckdb_joins_across_tables(bundled_out: Path) -> None:
    mentions, entities = bundled_out / "mentions.parquet", bundled_out / "entities.parquet"
    unjoined = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{mentions}') m "
        f"ANTI JOIN read_parquet('{entities}') e USING (entity_id)"
    ).fetchall()
    assert unjoined == [(0,)]


@pytest.mark.parametrize("name", ["articles.parquet", "failure_cases.parquet"])
def test_parquet_files_carry_the_run_metadata(bundled_out: Path, name: str) -> None:
    manifest = json.loads((bundled_out / "manifest.json").read_text())
    metadata = pq.read_schema(bundled_out / name).metadata
    assert metadata[b"pipeline_version"].decode() == manifest["pipeline_version"]
    assert metadata[b"schema_version"].decode() == SCHEMA_VERSION
    assert metadata[b"run_id"].decode() == manifest["run_id"]
    assert json.loads(metadata[b"extraction_settings"]) == manifest["settings"]
    assert json.loads(metadata[b"pipeline"])["run_id"] == manifest["run_id"]
    # DuckDB shows the same key-value metadata.
    kv = dict(duckdb.sql(f"SELECT key, value FROM parquet_kv_metadata('{bundled_out / name}')").fetchall())
    assert kv[b"run_id"].decode() == manifest["run_id"]


def test_run_datapackage_records_the_run(bundled_out: Path) -> None:
    package = json.loads((bundled_out / DATAPACKAGE).read_text())
    manifest = json.loads((bundled_out / "manifest.json").read_text())
    assert package["pipeline"]["run_id"] == manifest["run_id"]
    committed = json.loads((SCHEMAS / DATAPACKAGE).read_text())
    assert package["resources"] == committed["resources"]


def test_every_rule_is_documented() -> None:
    documented = (REPO / "docs" / "contract.md").read_text(encoding="utf-8")
    for table in TABLES:
        for spec in table_rules(table):
            assert f"`{spec.rule}`" in documented, f"{table}.{spec.rule} missing from docs/contract.md"


def test_timestamps_outside_the_contract_are_microseconds_in_utc() -> None:
    # No contract column is a timestamp today; any other frame written (failure cases, quarantine)
    # gets timestamps that Spark, DuckDB and Polars read alike.
    frame = pd.DataFrame({"at": pd.to_datetime(["2021-04-06 12:30:00"]), "n": [1]})
    arrow = _arrow(frame, {"run_id": "x"})
    assert arrow.schema.field("at").type == pa.timestamp("us", tz="UTC")
    assert arrow.schema.metadata[b"run_id"] == b"x"


def test_dates_are_date32_whatever_their_precision_in_pandas() -> None:
    dates = valid_tables()["dates"]
    for unit in ("s", "ns"):
        frame = dates.astype({"start_date": f"datetime64[{unit}]", "end_date": f"datetime64[{unit}]"})
        arrow = _arrow(frame, {}, "dates")
        assert arrow.schema.field("start_date").type == pa.date32()
        assert arrow.schema == arrow_schema("dates").with_metadata(arrow.schema.metadata)
