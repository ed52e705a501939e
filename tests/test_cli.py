"""The `pipeline` command through Click's CliRunner: exit codes, messages, and output left intact."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from pipeline.schemas import TABLES

from pipeline.cli import main
from pipeline.errors import ExitStatus
from pipeline.facts import Extractor
from pipeline.write import write_table
from tests.fixtures import BUNDLED_ARTICLE
from tests.runs import Tables, corrupt, negative_money, reuse


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def good_out(tmp_path: Path, bundled_out: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(bundled_out, out)
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_exit_codes_are_pinned() -> None:
    assert [int(s) for s in ExitStatus] == [0, 1, 2, 3, 130]
    assert ExitStatus.VALIDATION_FAILED == 1 and ExitStatus.BAD_INPUT == 2


@pytest.mark.parametrize("command", [[], ["run"], ["validate"], ["contract"]])
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    code, out, _ = invoke(*command, "--help")
    assert code == 0
    assert "Usage:" in out
    if command:
        assert "Example:" in out


def test_run_writes_every_table_as_parquet_and_csv(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = invoke("run", "--raw", str(BUNDLED_ARTICLE), "--out", str(out))
    assert code == ExitStatus.OK, stderr
    assert "Validation passed." in stdout
    for table in TABLES:
        assert (out / f"{table}.parquet").is_file()
        assert (out / f"{table}.csv").is_file()
    report = json.loads((out / "validation.json").read_text())
    assert report["valid"] is True and report["counts"]["error"]["failures"] == 0


def test_run_twice_gives_identical_tables(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert invoke("run", "--raw", str(BUNDLED_ARTICLE), "--out", str(out))[0] == 0
    for table in TABLES:
        assert (first / f"{table}.csv").read_bytes() == (second / f"{table}.csv").read_bytes(), table


def test_validate_passes_on_good_output(good_out: Path) -> None:
    code, stdout, _ = invoke("validate", str(good_out))
    assert code == ExitStatus.OK
    assert "all tables pass validation" in stdout


def write_back(out: Path, table: str, frame: pd.DataFrame) -> None:
    # Both copies: `pipeline validate` fails a CSV that disagrees with its Parquet copy.
    write_table(out, table, frame)


@pytest.mark.parametrize(
    ("table", "corrupt", "check"),
    [
        # A misspelled second spelling of a person, left as its own entity.
        (
            "entities",
            lambda f: pd.concat(
                [
                    f,
                    f[f.entity_id == "person:sergey-lavrov"].assign(
                        entity_id="person:surgey-lavrov", name="Surgey Lavrov"
                    ),
                ]
            ),
            "near_duplicate_person",
        ),
        ("dates", lambda f: f.assign(start_date=f.end_date + pd.Timedelta(days=3)), "dates_ordered"),
        (
            "mentions",
            lambda f: f.assign(entity_id=f.entity_id.where(f.index != 0, "person:nobody")),
            "foreign_key",
        ),
        ("quotes", lambda f: f.assign(start=f.start + 1), "span_text"),
        (
            "figures",
            lambda f: f.assign(value=f.value.where(f.kind != "money", -790000000.0)),
            "negative_as_written",
        ),
    ],
)
def test_validate_fails_on_corrupted_output(good_out: Path, table: str, corrupt, check: str) -> None:
    frame = pd.read_parquet(good_out / f"{table}.parquet")
    if table == "entities":
        mentions = pd.read_parquet(good_out / "mentions.parquet")
        variant = mentions.text == "Surgey Lavrov"
        mentions.loc[variant, "entity_id"] = "person:surgey-lavrov"
        write_back(good_out, "mentions", mentions)
    write_back(good_out, table, corrupt(frame))
    code, stdout, stderr = invoke("validate", str(good_out))
    assert code == ExitStatus.VALIDATION_FAILED
    assert check in stderr
    assert "Error: output failed validation" in stderr
    assert stdout == ""


def _damaged_gzip() -> bytes:
    """A gzip stream whose compressed data is corrupt past its header (a flipped byte in a download)."""
    line = json.dumps({"text": "Foreign Minister Ana Robles arrived in Lima on Tuesday."}) + "\n"
    data = bytearray(gzip.compress((line * 200).encode(), mtime=0))
    data[40] ^= 0xFF
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing", None, "missing: no such file or folder"),
        ("empty", "folder", "empty: no article files (.txt, .jsonl, .jsonl.gz) in folder"),
        ("a.txt", b"", "a.txt: empty file"),
        ("a.txt", b"  \n\n ", "a.txt: empty file"),
        ("a.txt", "caf\xe9 au lait".encode("latin-1"), "a.txt: not valid UTF-8 (byte 0xe9 at offset 3)"),
        ("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "a.txt: binary file (contains NUL bytes), not text"),
        ("a.jsonl", b'{"text": 3}\nnot json\n', "a.jsonl: no readable article lines"),
        (
            "a.jsonl.gz",
            _damaged_gzip(),
            "a.jsonl.gz: cannot read: Error -3 while decompressing data: invalid bit length repeat",
        ),
    ],
)
def test_bad_input_gives_one_line_and_exit_2_and_keeps_output(
    tmp_path: Path, good_out: Path, name: str, content: bytes | str | None, message: str
) -> None:
    raw = tmp_path / name
    if content == "folder":
        raw.mkdir()
    elif isinstance(content, bytes):
        raw.write_bytes(content)
    before = snapshot(good_out)
    code, stdout, stderr = invoke("run", "--raw", str(raw), "--out", str(good_out))
    assert code == ExitStatus.BAD_INPUT
    assert stderr == f"Error: {tmp_path / message}\n"
    assert stdout == ""
    assert snapshot(good_out) == before


def test_failed_validation_keeps_previous_output_and_leaves_rejected_tables(
    tmp_path: Path, good_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.tables

    before = snapshot(good_out)
    build = pipeline.tables.combine_tables

    def broken(parts):  # type: ignore[no-untyped-def]
        tables = build(parts)
        tables["figures"].loc[tables["figures"].kind == "money", "value"] = -1.0
        return tables

    monkeypatch.setattr("pipeline.runner.combine_tables", broken)
    code, _, stderr = invoke("run", "--raw", str(BUNDLED_ARTICLE), "--out", str(good_out))
    assert code == ExitStatus.VALIDATION_FAILED
    assert "negative_as_written" in stderr
    assert snapshot(good_out) == before
    rejected = json.loads((good_out.with_name("out.rejected") / "validation.json").read_text())
    assert rejected["valid"] is False
    errors = {r["rule"] for t in rejected["tables"].values() for r in t["rules"] if r["severity"] == "error"}
    assert errors == {"negative_as_written"}


def test_a_list_column_still_leaves_rejected_tables_with_the_lists_as_text_in_csv(
    tmp_path: Path, good_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lists(tables: Tables) -> None:
        quotes = tables["quotes"]
        quotes["text"] = pd.Series([["said", "it"]] * len(quotes), dtype=object)

    corrupt(monkeypatch, lists)
    code, _, stderr = invoke("run", "--raw", str(BUNDLED_ARTICLE), "--out", str(good_out))
    assert code == ExitStatus.VALIDATION_FAILED, stderr
    rejected = good_out.with_name("out.rejected")
    assert pq.read_table(rejected / "quotes.parquet").schema.field("text").type == pa.list_(pa.string())
    texts = pd.read_csv(rejected / "quotes.csv")["text"]
    assert set(texts) == {"['said', 'it']"}


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    code, _, stderr = invoke("run", "--raw", str(BUNDLED_ARTICLE), "--out", str(out))
    assert code == ExitStatus.BAD_INPUT
    assert "holds files not written by pipeline" in stderr
    assert (out / "thesis.docx").read_bytes() == b"precious"


def test_article_without_dateline_runs_with_null_dateline_and_unresolved_relative_dates(
    tmp_path: Path,
) -> None:
    raw = tmp_path / "plain.txt"
    raw.write_text("The minister arrived on Tuesday for talks that ended today.\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = invoke("run", "--raw", str(raw), "--out", str(out))
    assert code == ExitStatus.OK, stderr
    article = pd.read_parquet(out / "articles.parquet").iloc[0]
    assert pd.isna(article.dateline_place) and pd.isna(article.published)
    dates = pd.read_parquet(out / "dates.parquet")
    assert list(dates.text) == ["Tuesday", "today"]
    assert dates.start_date.isna().all() and dates.end_date.isna().all()


def test_validate_on_a_missing_folder_is_bad_usage(tmp_path: Path) -> None:
    code, _, stderr = invoke("validate", str(tmp_path / "nowhere"))
    assert code == ExitStatus.BAD_INPUT
    assert stderr.strip() == f"Error: {tmp_path / 'nowhere'}: no such output folder"


def test_unknown_option_is_bad_usage() -> None:
    code, _, stderr = invoke("run", "--no-such-option")
    assert code == ExitStatus.BAD_INPUT
    assert "No such option" in stderr


def test_installed_command_runs_in_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--raw", str(BUNDLED_ARTICLE), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (out / "articles.parquet").is_file()


def test_interrupted_write_leaves_previous_output_and_no_debris(
    tmp_path: Path, good_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(good_out)
    written: list[str] = []

    def interrupted(self, relative, frame, table):  # type: ignore[no-untyped-def]
        written.append(relative)
        if len(written) == 3:
            raise KeyboardInterrupt
        return real(self, relative, frame, table)

    from pipeline.write import Staging

    real = Staging._parquet_rows
    monkeypatch.setattr(Staging, "_parquet_rows", interrupted)
    code, _, stderr = invoke("run", "--raw", str(BUNDLED_ARTICLE), "--out", str(good_out))
    assert code == ExitStatus.INTERRUPTED
    assert stderr == "Interrupted; the previous output is unchanged.\n"
    assert snapshot(good_out) == before
    assert sorted(p.name for p in good_out.parent.iterdir()) == ["out"]


# --fail-on and where the output goes: warnings fail a run only when asked to; never fails nothing.


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch, extractor: Extractor) -> pytest.MonkeyPatch:
    reuse(monkeypatch, extractor)
    return monkeypatch


def placeless_event(tables: Tables) -> None:
    """An event without a place: a warning (event_without_place), whatever else extraction finds."""
    tables["events"].loc[0, "place_id"] = None


@pytest.mark.parametrize(
    ("damage", "fail_on", "code"),
    [
        (placeless_event, "error", ExitStatus.OK),
        (placeless_event, "warning", ExitStatus.VALIDATION_FAILED),
        (placeless_event, "never", ExitStatus.OK),
        (negative_money, "error", ExitStatus.VALIDATION_FAILED),
        (negative_money, "warning", ExitStatus.VALIDATION_FAILED),
        (negative_money, "never", ExitStatus.OK),
    ],
)
def test_fail_on_decides_the_exit_code_and_where_output_goes(
    good_out: Path, runs: pytest.MonkeyPatch, damage, fail_on: str, code: ExitStatus
) -> None:
    corrupt(runs, damage)
    before = snapshot(good_out)
    rejected = good_out.with_name("out.rejected")
    got, stdout, stderr = invoke(
        "run", "--raw", str(BUNDLED_ARTICLE), "--out", str(good_out), "--fail-on", fail_on
    )
    assert got == code, stderr
    rule = "event_without_place" if damage is placeless_event else "negative_as_written"
    assert rule in stderr  # the summary table, on success too
    if code == ExitStatus.OK:
        assert "Wrote" in stdout and not rejected.exists()
        report = json.loads((good_out / "validation.json").read_text())
    else:
        assert stdout == "" and "Error: output failed validation" in stderr
        assert snapshot(good_out) == before
        report = json.loads((rejected / "validation.json").read_text())
    assert (report["fail_on"], report["passed"]) == (fail_on, code == ExitStatus.OK)
    assert report["valid"] is (damage is placeless_event)


def test_never_writes_failing_data_and_says_so(tmp_path: Path, runs: pytest.MonkeyPatch) -> None:
    corrupt(runs, negative_money)
    out = tmp_path / "out"
    code, stdout, _ = invoke("run", "--raw", str(BUNDLED_ARTICLE), "--out", str(out), "--fail-on", "never")
    assert code == ExitStatus.OK
    assert "Validation failed (--fail-on never)." in stdout
    assert (pd.read_parquet(out / "figures.parquet")["value"] == -1.0).any()


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("never", 0)])
def test_validate_fail_on_with_a_warning(good_out: Path, fail_on: str, code: int) -> None:
    events = pd.read_parquet(good_out / "events.parquet")
    events.loc[0, "place_id"] = None
    write_back(good_out, "events", events)
    got, stdout, stderr = invoke("validate", str(good_out), "--fail-on", fail_on)
    assert got == code
    assert "event_without_place" in stderr
    assert ("all tables pass validation" in stdout) is (code == 0)


def test_validate_never_reports_errors_but_exits_0(good_out: Path) -> None:
    figures = pd.read_parquet(good_out / "figures.parquet")
    write_back(good_out, "figures", figures.assign(value=figures.value.where(figures.kind != "money", -1.0)))
    code, stdout, stderr = invoke("validate", str(good_out), "--fail-on", "never")
    assert code == ExitStatus.OK
    assert "negative_as_written" in stderr
    assert "validation failed (--fail-on never)" in stdout


def test_bad_fail_on_value_is_bad_usage() -> None:
    code, _, stderr = invoke("run", "--fail-on", "sometimes")
    assert code == ExitStatus.BAD_INPUT
    assert "'sometimes' is not one of 'error', 'warning', 'never'" in stderr


def test_validate_reads_back_dates_nanoseconds_cannot_hold(good_out: Path) -> None:
    # "in the year 1000": a real date, before pandas' nanosecond range (1677-2262).
    table = pq.read_table(good_out / "dates.parquet")
    day = pa.array([dt.date(1000, 1, 1)] * table.num_rows, pa.date32())
    table = table.set_column(table.schema.get_field_index("start_date"), "start_date", day)
    table = table.set_column(table.schema.get_field_index("end_date"), "end_date", day)
    write_back(good_out, "dates", table.to_pandas())  # dates as datetime.date, which hold the year 1000
    code, _, stderr = invoke("validate", str(good_out))
    assert "OutOfBounds" not in stderr
    assert code == ExitStatus.OK, stderr


@pytest.mark.parametrize(("fail_on", "code"), [("warning", 1), ("never", 0)])
def test_exit_codes_of_the_installed_command(good_out: Path, fail_on: str, code: int) -> None:
    events = pd.read_parquet(good_out / "events.parquet")
    events.loc[0, "place_id"] = None
    write_back(good_out, "events", events)
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "validate", str(good_out), "--fail-on", fail_on],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == code, done.stderr


# --jobs and --engine: the same tables however the work is spread.


def test_one_or_two_workers_write_the_same_tables(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as fh:
        for i in range(150):
            text = f"Prime Minister Imran Khan met Angela Merkel in Berlin on 3 May 2021 (item {i})."
            fh.write(json.dumps({"id": str(i), "published": "2021-05-04", "text": text}) + "\n")
    outs = {}
    for jobs in ("1", "2"):
        outs[jobs] = tmp_path / f"out{jobs}"
        code, _, stderr = invoke("run", "--raw", str(feed), "--out", str(outs[jobs]), "--jobs", jobs)
        assert code == ExitStatus.OK, stderr
    for table in TABLES:
        one = (outs["1"] / f"{table}.csv").read_bytes()
        assert one == (outs["2"] / f"{table}.csv").read_bytes(), table
    assert len(pd.read_parquet(outs["2"] / "articles.parquet")) == 150


def test_progress_is_plain_lines_in_a_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pipeline.progress.LOG_EVERY_SECONDS", 0.0)
    code, _, stderr = invoke("run", "--raw", str(BUNDLED_ARTICLE), "--out", str(tmp_path / "out"))
    assert code == ExitStatus.OK
    assert stderr.splitlines()[0].startswith("1/1 articles, ")


def test_dask_engine_writes_the_same_tables(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    outs = {}
    for engine in ("local", "dask"):
        outs[engine] = tmp_path / engine
        args = ["run", "--raw", str(BUNDLED_ARTICLE), "--out", str(outs[engine]), "--engine", engine]
        code, _, stderr = invoke(*args, "--jobs", "1")
        assert code == ExitStatus.OK, stderr
    for table in TABLES:
        assert (outs["dask"] / f"{table}.csv").read_bytes() == (outs["local"] / f"{table}.csv").read_bytes()


def test_unreachable_dask_scheduler_is_bad_usage(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    code, _, stderr = invoke(
        "run",
        "--raw",
        str(BUNDLED_ARTICLE),
        "--out",
        str(tmp_path / "out"),
        "--engine",
        "dask",
        "--scheduler",
        "tcp://127.0.0.1:9",
    )
    assert code == ExitStatus.BAD_INPUT
    assert stderr.splitlines()[-1].startswith("Error: cannot reach Dask scheduler 'tcp://127.0.0.1:9'")
