"""Benchmark school matching: 100,000 posts against 24,000 schools x 4 aliases.

Run: ``python -m benchmarks.matching`` (add ``--posts/--schools`` to scale).

The data is synthetic and deterministic (seeded): school names built from a
pool of place words (so many names share words, and some whole names are
shared, as in real life: every county has a "St Mary's"), each school with
its full name plus 4 aliases and 2 context words; posts of 20-120 words of
ordinary vocabulary, of which about 5% name a school and 10% a town.

Baseline, measured in the same run: a naive loop that runs one compiled
case-insensitive word-boundary regex per alias over each post. It is far too
slow to run over all posts, so it is timed on a sample (``--naive-sample``)
and extrapolated; the report says so. The naive loop does *less* work than the
matcher (no accent/apostrophe folding, no context or exclude rules), so the
ratio understates the difference.

The matcher is single-threaded. posts/s is reported for one process and, with
``--workers N`` (default 2, the target machine's cores), for N forked
processes sharing the built matcher (copy-on-write). The figures depend on
what else the machine is doing; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import resource
import sys
import time

from connectors.matching import SchoolMatcher
from schoolwatch.config import School

SYLLABLES = ["ash", "ford", "brook", "ley", "ton", "wick", "ham", "bury", "field", "wood",
             "more", "dale", "stone", "well", "by", "thorpe", "mere", "holt", "combe", "hurst",
             "worth", "den", "low", "ridge", "mar", "pen", "tre", "car", "kirk", "bourne"]
COMMON_PLACE_WORDS = ["St Mary's", "St John's", "Holy Trinity", "Park", "Hill", "Green",
                      "North", "South", "East", "West", "Oak", "Church", "Manor", "Grange",
                      "Meadow", "Castle", "Bridge", "Valley", "King's", "Queen's"]
TYPES = ["Primary", "Community Primary", "Infant", "Junior", "CE Primary", "Academy",
         "High", "Catholic Primary"]
_VOCABULARY_TEXT = ("the a and to of in is it that for on was with as at be this have from or by "
              "not but what all were we when your can said there use an each which she do how "
              "their if will up other about out many then them these so some her would make "
              "like him into time has look two more write go see number no way could people my "
              "than first water been call who oil its now find long down day did get come made "
              "may part school teacher head parents kids pickup uniform fees lunch trip bus "
              "complaint ofsted report governor class year term homework bully playground "
              "road church park hill green north south farm street house new old good bad "
              "really today tomorrow week month weekend anyone know think going")
VOCABULARY = _VOCABULARY_TEXT.split()


def place_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()


def make_schools(count: int, rng: random.Random) -> tuple[list[School], list[str]]:
    towns = [place_word(rng) for _ in range(400)]
    schools = []
    for i in range(count):
        if rng.random() < 0.15:
            place = f"{rng.choice(COMMON_PLACE_WORDS)} {place_word(rng)}"
        elif rng.random() < 0.05:
            place = rng.choice(COMMON_PLACE_WORDS)        # shared names: need context
        else:
            place = f"{place_word(rng)} {rng.choice(['', 'Park', 'Hill', 'Green', ''])}".strip()
        kind = rng.choice(TYPES)
        town = rng.choice(towns)
        schools.append(School(
            id=f"school-{i}", name=f"{place} {kind} School",
            aliases=(f"{place} {kind}", f"{place} school", f"{place} Academy",
                     f"{place} {kind.split()[-1]} {town}"),
            context=(town, f"{town[:2].upper()}{rng.randint(1, 30)}"),
            exclude=(f"{place} Road",),
        ))
    return schools, towns


def make_posts(count: int, schools: list[School], towns: list[str],
               rng: random.Random) -> list[str]:
    posts = []
    for _ in range(count):
        words = [rng.choice(VOCABULARY) for _ in range(rng.randint(20, 120))]
        if rng.random() < 0.05:
            school = rng.choice(schools)
            words.insert(rng.randrange(len(words)), rng.choice(school.all_names))
            if rng.random() < 0.5:
                words.append(school.context[0])
        if rng.random() < 0.10:
            words.insert(rng.randrange(len(words)), rng.choice(towns))
        posts.append(" ".join(words))
    return posts


_MATCHER: SchoolMatcher | None = None


def _match_chunk(posts: list[str]) -> tuple[int, int]:
    assert _MATCHER is not None
    matched = total = 0
    for post in posts:
        found = _MATCHER.match(post)
        if found:
            matched += 1
            total += len(found)
    return matched, total


def parallel_rate(matcher: SchoolMatcher, posts: list[str], workers: int) -> float:
    """Posts per second with ``workers`` forked processes sharing ``matcher``."""
    global _MATCHER
    _MATCHER = matcher
    chunks = [posts[i:i + 2000] for i in range(0, len(posts), 2000)]
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        started = time.perf_counter()
        pool.map(_match_chunk, chunks)
        seconds = time.perf_counter() - started
    return len(posts) / seconds


def naive_rate(schools: list[School], posts: list[str]) -> tuple[float, float]:
    """(posts per second, seconds to compile) for one regex per alias per post."""
    started = time.perf_counter()
    patterns = [(school.id, re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE))
                for school in schools for name in school.all_names]
    compile_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for post in posts:
        _ = [sid for sid, pattern in patterns if pattern.search(post)]
    return len(posts) / (time.perf_counter() - started), compile_seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=24_000)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--naive-sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    schools, towns = make_schools(args.schools, rng)
    posts = make_posts(args.posts, schools, towns, rng)
    names = sum(len(s.all_names) for s in schools)
    print(f"{args.schools:,} schools ({names:,} names incl. full names), "
          f"{args.posts:,} posts, seed {args.seed}")

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    matcher = SchoolMatcher(schools)
    build_seconds = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"matcher built in {build_seconds:.2f} s "
          f"(peak RSS grew by ~{(rss_after - rss_before) / 1024:.0f} MiB)")

    started = time.perf_counter()
    cpu_started = time.process_time()
    matched_posts = 0
    total_matches = 0
    for post in posts:
        found = matcher.match(post)
        if found:
            matched_posts += 1
            total_matches += len(found)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    fast = len(posts) / seconds
    print(f"matcher: {len(posts):,} posts in {seconds:.2f} s = {fast:,.0f} posts/s "
          f"({matched_posts:,} posts matched, {total_matches:,} matches); "
          f"{len(posts) / cpu_seconds:,.0f} posts per CPU-second")

    best = fast
    if args.workers > 1:
        parallel = parallel_rate(matcher, posts, args.workers)
        best = max(best, parallel)
        print(f"matcher, {args.workers} processes: {parallel:,.0f} posts/s")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")

    sample = posts[: args.naive_sample]
    slow, compile_seconds = naive_rate(schools, sample)
    print(f"naive per-alias regex loop: {slow:,.1f} posts/s measured on the first "
          f"{len(sample)} posts (compiling {names:,} regexes took {compile_seconds:.1f} s); "
          f"extrapolated to {len(posts):,} posts: {len(posts) / slow / 3600:.1f} hours")
    print(f"ratio (one process each): matcher is {fast / slow:,.0f}x the naive loop")
    target = 10_000
    per_cpu = len(posts) / cpu_seconds
    print(f"target >= {target:,} posts/s on 2 cores: wall clock "
          f"{'met' if best >= target else 'NOT met'} (best {best:,.0f} posts/s at this load); "
          f"CPU time {'met' if per_cpu >= target else 'NOT met'} "
          f"({per_cpu:,.0f} posts per CPU-second on ONE core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
