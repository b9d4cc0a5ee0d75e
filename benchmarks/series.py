"""Benchmark of a series: load and check, registers, the search index and search latency.

``python benchmarks/series.py`` generates series of 1,000, 3,000 and 10,000 meetings in a
temporary folder and measures, for each size:

* load + check: every file read and checked across meetings (:meth:`Series.check`);
* register: the follow-ups register with closures, as CSV;
* full index build, and an incremental update after one changed file;
* search latency over 100 queries (words, prefixes, phrases): median and 95th percentile,
  with the index already up to date (``update=False``) and as the CLI does it (an update
  that finds nothing changed, then the query).

It prints a table, the fitted exponent of the index build's time against the size (1.0 is
linear) and writes the figures as JSON (``--json``). ``--quick`` uses tiny sizes to check
that it runs; its figures mean nothing. No test checks a timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import kommunchef
from kommunchef import AgendaItem, FollowUp, Meeting, Paragraph, Person, Recorder, UpcomingMeeting
from kommunchef.register import follow_ups, write_register
from kommunchef.search import INDEX_NAME, SearchIndex
from kommunchef.series import Series

TOPICS = [
    "visselblåsarfunktion",
    "budget",
    "kompetensförsörjning",
    "dataskydd",
    "energi",
    "klimatomställning",
    "bostadsförsörjning",
    "skolval",
    "äldreomsorg",
    "kollektivtrafik",
    "digitalisering",
    "krisberedskap",
    "arbetsmarknad",
    "integration",
    "upphandling",
    "samverkan",
    "regionplanering",
    "socialtjänst",
    "folkhälsa",
    "näravård",
]
# Running text draws from a vocabulary with Zipf-like frequencies, as prose does: function
# words are everywhere, most words are rare, and the topic words searched for sit in between
# (each is about the 100th to 3,000th most common word).
FUNCTION_WORDS = [
    "och",
    "att",
    "som",
    "för",
    "med",
    "på",
    "i",
    "av",
    "till",
    "det",
    "en",
    "är",
    "om",
    "de",
    "har",
    "inte",
    "ska",
    "kan",
    "vid",
]
VOCABULARY = FUNCTION_WORDS + [f"ord{n}" for n in range(5000)]
for _rank, _topic in enumerate(TOPICS):
    VOCABULARY.insert(100 + 150 * _rank, _topic)
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
COMMONEST = FUNCTION_WORDS[0]
"""The worst case: a word in nearly every text."""

MEMBERS = tuple(Person(f"Person {n}", "GR") for n in range(12))


def generated_meeting(index: int, rng: random.Random) -> Meeting:
    day = dt.date(2000, 1, 1) + dt.timedelta(days=index)
    items = []
    for number in range(1, 7):
        topic = rng.choice(TOPICS)
        text = " ".join(rng.choices(VOCABULARY, WEIGHTS, k=80))
        items.append(
            AgendaItem(
                number=number,
                title=f"{topic.capitalize()} {rng.randrange(1000)}",
                body=(Paragraph((text,)),),
                decisions=(Paragraph((f"Gruppen beslutar om {topic}.",)),) if number == 1 else (),
                follow_ups=(FollowUp(f"Frågan om {topic} återkommer."),) if number == 2 else (),
            )
        )
    return Meeting(
        id=f"kcg-{day.isoformat()}",
        date=day,
        present=MEMBERS,
        agenda=tuple(items),
        upcoming=(UpcomingMeeting(day + dt.timedelta(days=1), "Kommunchefsgruppen"),),
        recorded_by=Recorder("Person 0"),
    )


def generate(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    rng = random.Random(count)
    for index in range(count):
        meeting = generated_meeting(index, rng)
        (folder / f"{meeting.id}.json").write_text(kommunchef.dumps(meeting), encoding="utf-8")


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def queries(count: int) -> list[str]:
    rng = random.Random(0)
    found = []
    for index in range(count):
        word = rng.choice(TOPICS)
        if index % 3 == 0:
            found.append(word[:6] + "*")
        elif index % 3 == 1:
            found.append(f"{word} {rng.choice(TOPICS)}")
        else:
            found.append(word)
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def measure(root: Path, count: int, query_count: int) -> dict[str, float]:
    folder = root / f"series-{count}"
    generate(folder, count)
    series = Series(folder)
    results: dict[str, float] = {"meetings": count}
    results["load_check_s"] = timed(lambda: Series(folder).check())
    results["register_s"] = timed(
        lambda: write_register("follow-ups", follow_ups(Series(folder)), "csv")
    )
    index = SearchIndex(series)
    results["index_build_s"] = timed(index.update)
    results["index_bytes"] = index.path.stat().st_size
    changed = folder / f"kcg-{dt.date(2000, 1, 1) + dt.timedelta(days=count // 2)}.json"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("återkommer", "kommer tillbaka"), encoding="utf-8")
    os.utime(changed, ns=(time.time_ns(), time.time_ns()))
    results["index_update_one_s"] = timed(index.update)
    latencies = []
    with_update = []
    for query in queries(query_count):
        latencies.append(timed(partial(index.search, query, update=False)))
        with_update.append(timed(partial(index.search, query)))
    results["search_median_ms"] = statistics.median(latencies) * 1000
    results["search_p95_ms"] = percentile(latencies, 0.95) * 1000
    results["search_with_update_median_ms"] = statistics.median(with_update) * 1000
    results["search_with_update_p95_ms"] = percentile(with_update, 0.95) * 1000
    results["search_commonest_word_ms"] = (
        statistics.median(timed(partial(index.search, COMMONEST, update=False)) for _ in range(5))
        * 1000
    )
    (folder / INDEX_NAME).unlink()
    return results


def exponent(rows: list[dict[str, float]], key: str) -> float:
    xs = [math.log(row["meetings"]) for row in rows]
    ys = [math.log(row[key]) for row in rows]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    top = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys))
    bottom = sum((x - mean_x) ** 2 for x in xs)
    return top / bottom


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks that it runs")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    sizes = (20, 40) if args.quick else (1000, 3000, 10000)
    query_count = 10 if args.quick else 100
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        for size in sizes:
            rows.append(measure(Path(temporary), size, query_count))
            print(json.dumps(rows[-1]), file=sys.stderr)
    summary = {
        "rows": rows,
        "index_build_exponent": exponent(rows, "index_build_s"),
        "load_check_exponent": exponent(rows, "load_check_s"),
    }
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(f"{row[c]:.4g}" for c in columns) + " |")
    print(f"index build exponent: {summary['index_build_exponent']:.2f}")
    print(f"load + check exponent: {summary['load_check_exponent']:.2f}")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
