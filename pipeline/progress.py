"""Progress of a run on the terminal: a bar on a TTY, a plain line every few seconds in CI logs."""

from __future__ import annotations

import sys
import time
from typing import IO

from tqdm import tqdm

# In a log, one line this often is enough to see a run is alive and how fast it goes.
LOG_EVERY_SECONDS = 10.0


class Progress:
    """Counts articles done; shows articles/s and time left."""

    def __init__(self, total: int | None = None, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        self.began = self.last = time.monotonic()
        self.bar = (
            tqdm(total=total, unit="article", file=self.stream, dynamic_ncols=True, leave=False)
            if self.stream.isatty()
            else None
        )

    def update(self, articles: int, total: int | None = None) -> None:
        """Record `articles` more articles done, of `total` (when the caller has learnt it)."""
        self.done += articles
        if total is not None and total != self.total:
            self.total = total
            if self.bar is not None:
                self.bar.total = total
        if self.bar is not None:
            self.bar.update(articles)
            return
        now = time.monotonic()
        if now - self.last >= LOG_EVERY_SECONDS:
            self.last = now
            self.stream.write(self.line(now) + "\n")
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        """'1200/10000 articles, 480 articles/s, 18 s left' (the last part only when the total is known)."""
        elapsed = max((now or time.monotonic()) - self.began, 1e-9)
        rate = self.done / elapsed
        of = f"/{self.total}" if self.total else ""
        left = ""
        if self.total and rate > 0:
            left = f", {max(self.total - self.done, 0) / rate:.0f} s left"
        return f"{self.done}{of} articles, {rate:.0f} articles/s{left}"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
