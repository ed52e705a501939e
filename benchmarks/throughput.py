"""Measure articles per second and peak memory of `pipeline run` against the floor of reading and writing.

Builds a corpus of N articles from the evaluation sets' texts in ../shared/benchmarks/*.articles.jsonl
and the bundled article (each copy made distinct, so none is dropped as a duplicate), then runs each
measurement in a fresh process and prints a table:

    python benchmarks/throughput.py            # 2,000 articles
    python benchmarks/throughput.py -n 10000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "benchmarks"

# Runs in a child process: the floor, reading the corpus and writing the texts to Parquet.
FLOOR = """
import sys, pyarrow as pa, pyarrow.parquet as pq
from pathlib import Path
from pipeline.read import read_articles
texts = [a.text for a in read_articles(Path(sys.argv[1]))]
pq.write_table(pa.table({"text": texts}), Path(sys.argv[2]) / "texts.parquet")
"""

# Runs in a child process: the pipeline, with the seconds of each stage printed as JSON.
PIPELINE = """
import json, sys
from pathlib import Path
from pipeline import runner
result = runner.run(Path(sys.argv[1]), Path(sys.argv[2]) / "out")
print(json.dumps(result.seconds))
"""


def build_corpus(n: int, folder: Path) -> Path:
    texts = [(REPO / "raw").glob("*.txt").__next__().read_text(encoding="utf-8")]
    for path in sorted(SHARED.glob("*.articles.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    corpus = folder / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(n):
            # A distinct last line keeps every copy a distinct article.
            fh.write(json.dumps({"id": f"a{i}", "text": f"{texts[i % len(texts)]}\n\n(copy {i})"}) + "\n")
    return corpus


def measure(script: str, corpus: Path, work: Path) -> tuple[float, float, str]:
    """Wall seconds, peak resident MiB of the child, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, str(corpus), str(work)], capture_output=True, text=True
    )
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="articles in the corpus (default 2000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = build_corpus(args.n, work)
        words = sum(len(json.loads(line)["text"].split()) for line in corpus.open(encoding="utf-8")) / args.n
        floor_s, floor_mib, _ = measure(FLOOR, corpus, work)
        run_s, run_mib, printed = measure(PIPELINE, corpus, work)
    stages = json.loads(printed)
    work_s = run_s - stages["setup"]
    print(f"corpus: {args.n} articles, {words:.0f} words each on average\n")
    print(f"{'measurement':<40} {'seconds':>8} {'articles/s':>11} {'peak MiB':>9}")
    print(f"{'1. pipeline run (one process)':<40} {run_s:>8.1f} {args.n / run_s:>11.0f} {run_mib:>9.0f}")
    print(f"{'   ... after start-up':<40} {work_s:>8.1f} {args.n / work_s:>11.0f}")
    print(f"{'4. floor: read + write texts':<40} {floor_s:>8.1f} {args.n / floor_s:>11.0f} {floor_mib:>9.0f}")
    print(f"\nstages (s): {stages}")
    print(f"validation share of the run: {stages['validate'] / run_s:.1%}")
    print(f"ratio 1 / 4 (articles/s): {floor_s / run_s:.3f}")


if __name__ == "__main__":
    main()
