"""Users' own reference data (--reference DIR) extends the bundled files; bad files stop the run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import ExitStatus

TEXT = "Zorvan Quelle, the head of the mission, met Sgt. Brix in Oslo. Z. Quelle spoke first."


def reference_folder(tmp_path: Path, name: str, content: str) -> Path:
    """A --reference folder holding one file."""
    folder = tmp_path / "ref"
    folder.mkdir()
    (folder / name).write_text(content, encoding="utf-8")
    return folder


def run(tmp_path: Path, reference: Path, text: str = TEXT) -> tuple[int, str, Path]:
    raw = tmp_path / "a.txt"
    raw.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["run", "--raw", str(raw), "--out", str(out), "--reference", str(reference)]
    )
    return result.exit_code, result.stderr, out


def test_users_people_and_aliases_are_known(tmp_path: Path) -> None:
    folder = reference_folder(
        tmp_path,
        "people.csv",
        "name,aliases,country_code,note\n# a comment\nZorvan Quelle,Z. Quelle,NOR,head of mission\n",
    )
    code, stderr, out = run(tmp_path, folder)
    assert code == ExitStatus.OK, stderr
    entities = pd.read_parquet(out / "entities.parquet").set_index("entity_id")
    person = entities.loc["person:zorvan-quelle"]
    assert (person["name"], person["country_code"], bool(person["in_reference"])) == (
        "Zorvan Quelle",
        "NOR",
        True,
    )
    mentions = pd.read_parquet(out / "mentions.parquet")
    assert set(mentions.loc[mentions.entity_id == "person:zorvan-quelle", "text"]) == {
        "Zorvan Quelle",
        "Z. Quelle",
    }


def test_malformed_reference_file_is_bad_input(tmp_path: Path) -> None:
    folder = reference_folder(tmp_path, "people.csv", "name,aliases,country_code,note\nZorvan Quelle,,NOR\n")
    code, stderr, out = run(tmp_path, folder)
    assert code == ExitStatus.BAD_INPUT
    assert stderr == f"Error: {folder / 'people.csv'}: row 2 has the wrong number of fields\n"
    assert not out.exists()


def test_unknown_country_code_in_reference_is_bad_input(tmp_path: Path) -> None:
    folder = reference_folder(tmp_path, "people.csv", "name,aliases,country_code,note\nZorvan Quelle,,XXX,\n")
    code, stderr, _ = run(tmp_path, folder)
    assert code == ExitStatus.BAD_INPUT
    assert stderr == "Error: people.csv: Zorvan Quelle: 'XXX' is not an ISO 3166-1 alpha-3 country code\n"


def test_missing_reference_folder_is_bad_input(tmp_path: Path) -> None:
    code, stderr, _ = run(tmp_path, tmp_path / "nowhere")
    assert code == ExitStatus.BAD_INPUT
    assert stderr == f"Error: {tmp_path / 'nowhere'}: reference folder not found\n"


def test_users_organization_cues_are_read(tmp_path: Path) -> None:
    folder = reference_folder(
        tmp_path,
        "organization_cues.csv",
        "cue,side,clubs,part,everyday\nhead of the mission,after,no,no,no\n",
    )
    code, stderr, out = run(tmp_path, folder, "Kalvero head of the mission Ana Ruiz arrived.")
    assert code == ExitStatus.OK, stderr
    mentions = pd.read_parquet(out / "mentions.parquet")
    assert ("Kalvero", "organization:kalvero", "context") in set(
        zip(mentions.text, mentions.entity_id, mentions.method, strict=True)
    )


def test_organization_cue_with_an_unknown_side_is_bad_input(tmp_path: Path) -> None:
    folder = reference_folder(
        tmp_path, "organization_cues.csv", "cue,side,clubs,part,everyday\nspokesman,beside,no,no,no\n"
    )
    code, stderr, out = run(tmp_path, folder)
    assert code == ExitStatus.BAD_INPUT
    assert stderr == (
        "Error: organization_cues.csv: spokesman: side must be before or after; "
        "clubs, part and everyday yes or no\n"
    )
    assert not out.exists()
