"""report.html in a real browser: headless Chromium opens it from disk, offline, as a reviewer would."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.errors import ExitStatus
from pipeline.facts import Extractor
from pipeline.report import render_html, validation_document
from pipeline.validate import validate
from tests.factories import PERSON, valid_tables
from tests.fixtures import BUNDLED_ARTICLE, REPO
from tests.runs import corrupt, invoke, negative_money, reuse

CHROMIUM = next((path for name in ("chromium", "chromium-browser") if (path := shutil.which(name))), None)
# `REPORT_SCREENSHOT=docs/report.png pytest tests/test_browser.py` refreshes the README's picture of the
# page: the screenshot of the bundled run's report.html taken by test_the_bundled_run_page_renders.
SCREENSHOT = os.environ.get("REPORT_SCREENSHOT")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium on PATH (Debian: apt-get install chromium; .ci/run installs it)"
)


def chromium(page: Path, profile: Path, *args: str) -> str:
    """Load `page` in headless Chromium with every network name unresolvable; what it prints."""
    done = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={profile}",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class Seen(HTMLParser):
    """What a person sees on the page: the text of each summary card, and of each corrected name."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, str] = {}
        self.corrections: list[str] = []
        self._open: list[tuple[str, str, list[str]]] = []  # (tag, what, text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "div" and "card" in classes:
            self._open.append((tag, f"card:{found.get('id')}", []))
        elif tag == "mark" and "correction" in classes:
            self._open.append((tag, "correction", []))
        elif self._open:
            self._open.append((tag, "", []))

    def handle_data(self, data: str) -> None:
        for _, _, text in self._open:
            text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self._open:
            return
        _, what, text = self._open.pop()
        shown = " ".join(" ".join(text).split())
        if what.startswith("card:"):
            self.cards[what[5:]] = shown
        elif what == "correction":
            self.corrections.append(shown)


@pytest.fixture
def failed_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extractor: Extractor) -> Path:
    """The rejected output of a run on the bundled article whose money figure was made negative."""
    reuse(monkeypatch, extractor)
    corrupt(monkeypatch, negative_money)
    out = tmp_path / "out"
    code, _, _ = invoke("run", "--raw", str(BUNDLED_ARTICLE), "--out", str(out))
    assert code == ExitStatus.VALIDATION_FAILED
    return out.with_name("out.rejected")


def test_the_page_shows_the_summary_counts_and_a_highlighted_correction(
    failed_run: Path, tmp_path: Path
) -> None:
    counts = json.loads((failed_run / "validation.json").read_text())["counts"]
    seen = Seen()
    seen.feed(chromium(failed_run / "report.html", tmp_path / "profile", "--dump-dom"))
    errors, warnings = counts["error"], counts["warning"]
    assert (errors["failures"], errors["rules"], errors["rows"]) == (1, 1, 1)
    assert seen.cards["errors"] == "1 error in 1 rule, 1 row"
    assert seen.cards["warnings"].startswith(f"{warnings['failures']} warnings in {warnings['rules']} rules")
    assert "Surgey Lavrov PERSON → Sergey Lavrov" in seen.corrections


def screenshot(page: Path, tmp_path: Path, width: int, height: int) -> Path:
    shot = tmp_path / "report.png"
    chromium(
        page,
        tmp_path / "profile",
        "--hide-scrollbars",
        f"--window-size={width},{height}",
        f"--screenshot={shot}",
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (width, height)
    assert len(data) > 50_000  # text, tables and highlights, not a blank page
    return shot


def test_the_page_renders(failed_run: Path, tmp_path: Path) -> None:
    screenshot(failed_run / "report.html", tmp_path, 1280, 1600)


def test_the_bundled_run_page_renders(bundled_out: Path, tmp_path: Path) -> None:
    shot = screenshot(bundled_out / "report.html", tmp_path, 1280, 2400)
    if SCREENSHOT:
        shutil.copyfile(shot, REPO / SCREENSHOT)


# Run in a copy of the page only (report.html itself has no script): what the browser lays out. The
# chips that run out of the box they are in (a layer of text, a cell, a line), and the text of each
# highlighted layer as shown (innerText: what is rendered, not what sits in a tooltip).
_MEASURE = """<script>
const chips = document.querySelectorAll("mark .label, mark .detail, .badge, .legend mark");
const out = [];
for (const chip of chips) {
  const box = chip.parentElement.closest(".entities, td, p, li, summary, div").getBoundingClientRect();
  if (Array.from(chip.getClientRects()).some((r) => r.left < box.left - 0.5 || r.right > box.right + 0.5)) {
    out.push(chip.textContent);
  }
}
document.body.dataset.chips = String(chips.length);
document.body.dataset.overflowing = JSON.stringify(out);
const layers = Array.from(document.querySelectorAll(".entities"), (e) => [e.dataset.layer, e.innerText]);
document.body.dataset.layers = JSON.stringify(Object.fromEntries(layers));
</script>
"""


class Body(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.data = {k.removeprefix("data-"): v or "" for k, v in attrs if k.startswith("data-")}


def measured(page: str, tmp_path: Path) -> dict[str, str]:
    """What the script above found in `page`, laid out in a 1280-pixel-wide window."""
    copy = tmp_path / "measured.html"
    copy.write_text(page.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    body = Body()
    body.feed(chromium(copy, tmp_path / "profile", "--window-size=1280,1600", "--dump-dom"))
    return body.data


def shown(text: str) -> str:
    return " ".join(text.split())


def test_quotes_events_roles_and_who_is_meant_are_in_view(bundled_out: Path, tmp_path: Path) -> None:
    found = measured((bundled_out / "report.html").read_text(encoding="utf-8"), tmp_path)
    layers = {name: shown(text) for name, text in json.loads(found["layers"]).items()}
    ministry = "Ministry of Foreign Affairs of Russia"
    assert f"it SPEAKER → {ministry} added" in layers["quotes"]  # "it" said it: who "it" is, in view
    assert layers["quotes"].count(f"QUOTE cue: said · speaker: {ministry}") == 3
    assert "on the sidelines QUOTE no cue · no speaker" in layers["quotes"]
    visit = "arrived VISIT actor: Sergey Lavrov · target: Imran Khan · place: Islamabad · date: 2021-04-06"
    assert f"{visit} – 2021-04-07" in layers["events"]
    envoy = "Pakistan's Ambassador to Russia Shafqat Ali Khan Ambassador → Shafqat Ali Khan"
    assert f"{envoy} · of Pakistan · to Russia" in layers["events"]
    # The person a title or a surname stands for; a country in the title, marked inside it.
    assert "Russian COUNTRY → Russia counterpart PERSON → Sergey Lavrov" in layers["names"]
    assert "Foreign Minister Qureshi PERSON → Shah Mahmood Qureshi" in layers["names"]
    assert "Surgey Lavrov PERSON → Sergey Lavrov" in layers["names"]
    assert json.loads(found["overflowing"]) == []


def test_chips_stay_inside_their_boxes(tmp_path: Path) -> None:
    tables = valid_tables()
    long_name = "AntonVarga" * 40  # one word, wider than the page: it can only fit broken
    entities = tables["entities"]
    entities.loc[entities["entity_id"] == PERSON, "name"] = long_name
    tables["corrections"]["name"] = long_name
    document = validation_document(
        validate(valid_tables()).to_dict(), {"run_id": "x"}, fail_on="error", on_error="fail", passed=True
    )
    found = measured(render_html(document, tables), tmp_path)
    assert int(found["chips"]) > 20
    assert json.loads(found["overflowing"]) == []
    assert long_name in shown(json.loads(found["layers"])["quotes"]).replace(" ", "")
