"""report.html in a real browser: headless Chromium opens it from disk, offline, as a reviewer would."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.errors import ExitStatus
from pipeline.facts import Extractor
from tests.fixtures import BUNDLED_ARTICLE
from tests.runs import corrupt, invoke, negative_money, reuse

CHROMIUM = next((path for name in ("chromium", "chromium-browser") if (path := shutil.which(name))), None)

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


def test_the_page_renders(failed_run: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    chromium(
        failed_run / "report.html",
        tmp_path / "profile",
        "--hide-scrollbars",
        "--window-size=1280,1600",
        f"--screenshot={shot}",
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 1600)
    assert len(data) > 50_000  # text, tables and highlights, not a blank page
