"""REST API under load: 100,000 claims served by gunicorn, loaded from a loopback client.

    .venv/bin/python bench/api_bench.py [--claims 100000] [--rebuild] [--build-only] [--seconds 20]
                                        [--concurrency 8] [--workers 4] [--only WORD ...] [--liar PATH]

Builds (once; --rebuild starts over) a database of its own, BENCH_DATABASE_URL or
postgres://postgres@127.0.0.1:5432/factcheck_apibench, with N claims made from the
LIAR train statements (read where they lie, never copied): the statement, its
speaker and title as the claimant, its subjects as topics, where it was said as
the appearance; evidence, verdicts (LIAR's label as the rating), reviews and
rebuttals along the workflow; and 40% of the claims published, each with its
Publication written by the publishing service (so fact-checks and claims:search
read real snapshots and ClaimReview markup). Rows go in with COPY, the
database's triggers (search vectors, history) running as they do in production.
Statements are used more than once for N > 10,269; repeats have their numbers
changed.

Then it starts gunicorn on 127.0.0.1 (DEBUG off, throttling raised, the
throttling cache in Redis database 12) with bench/api_bench_settings.py, which
adds one bare DRF endpoint (/bench/ok/, the ceiling) to the product's URLs, and
loads each endpoint for --seconds after a short warm-up, from --concurrency
keep-alive connections (threads in two client processes on the same machine),
reporting p50/p95/p99 latency and requests per second.
"""

import argparse
import csv
import datetime
import http.client
import json
import math
import multiprocessing
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import benchdb  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/factcheck_apibench"
DEFAULT_LIAR = ROOT.parent / "shared" / "data" / "liar" / "train.tsv"
REDIS_CACHE = "redis://127.0.0.1:6379/12"
RATINGS = {
    "pants-fire": "False",
    "false": "False",
    "barely-true": "Mostly false",
    "half-true": "Half true",
    "mostly-true": "Mostly true",
    "true": "True",
}
# Share of claims in each state (the rest of the workflow's states are rarer on a real desk).
STATES = [
    ("published", 0.40),
    ("researching", 0.20),
    ("new", 0.15),
    ("in_review", 0.10),
    ("approved", 0.05),
    ("dismissed", 0.10),
]
SOURCES = [
    ("Bureau of Labor Statistics", "official_statistics"),
    ("Census Bureau", "official_statistics"),
    ("Congressional Budget Office", "government"),
    ("Federal Election Commission", "government"),
    ("Centers for Disease Control and Prevention", "government"),
    ("Energy Information Administration", "official_statistics"),
    ("Tax Policy Center", "ngo"),
    ("Kaiser Family Foundation", "ngo"),
    ("Pew Research Center", "ngo"),
    ("Brookings Institution", "academic"),
    ("Urban Institute", "academic"),
    ("Associated Press", "news"),
    ("The New York Times", "news"),
    ("The Washington Post", "news"),
    ("National Conference of State Legislatures", "ngo"),
    ("Government Accountability Office", "government"),
    ("Federal Reserve", "government"),
    ("Office of Management and Budget", "government"),
    ("University of Michigan", "academic"),
    ("FactCheck archive", "other"),
]
COPY_CHUNK = 5000
_NUMBER = re.compile(r"\b\d[\d,.]*\b")


# --- The data ---------------------------------------------------------------------------------


def read_liar(path: Path) -> list[dict]:
    rows = []
    with path.open(newline="", encoding="utf-8") as handle:
        for record in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(record) < 14 or record[1] not in RATINGS or not record[2].strip():
                continue
            rows.append(
                {
                    "id": record[0].removesuffix(".json"),
                    "label": record[1],
                    "statement": record[2].strip(),
                    "subjects": [s.replace("-", " ")[:60] for s in record[3].split(",") if s.strip()][:30],
                    "speaker": record[4].replace("-", " ").title()[:200] or "Unknown speaker",
                    "title": record[5].strip()[:200],
                    "context": record[13].strip()[:200],
                }
            )
    return rows


def medium_of(context: str) -> str:
    context = context.lower()
    for medium, words in (
        ("social", ("tweet", "facebook", "post", "blog", "instagram")),
        ("radio", ("radio",)),
        ("tv", ("tv", "television", "ad", "commercial", "interview", "show")),
        ("speech", ("speech", "debate", "rally", "remarks", "floor", "town hall", "conference")),
        ("article", ("release", "article", "op-ed", "column", "mailer", "letter", "website", "newsletter")),
    ):
        if any(re.search(rf"\b{re.escape(word)}\b", context) for word in words):
            return medium
    return "other"


def varied(text: str, rng: random.Random) -> str:
    """A repeat of a statement with its numbers changed."""
    return _NUMBER.sub(lambda m: str(rng.randint(2, 2000)), text)


def build(*, claims: int, liar: list[dict]) -> dict:
    """Load the claims and everything that hangs off them; returns timings in seconds."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from claims.models import Claim, Rating, RatingScale
    from claims.services import publication_create
    from factcheck.roles import Role

    timings = {}
    began = time.perf_counter()
    rng = random.Random(20250715)
    user = get_user_model()
    members = {
        role: user.objects.create_user(
            username=f"bench-{role}", password="not-a-secret-bench-only", role=role
        )
        for role in (Role.FACT_CHECKER, Role.REVIEWER, Role.EDITOR, Role.ADMIN)
    }
    checker, reviewer, editor = members[Role.FACT_CHECKER], members[Role.REVIEWER], members[Role.EDITOR]
    scale = RatingScale.objects.get(is_default=True)
    rating_ids = {r.label: r.pk for r in Rating.objects.filter(scale=scale)}
    now = timezone.now()
    start = now - datetime.timedelta(days=3 * 365)
    step_of_time = (now - start) / claims

    cursor = connection.cursor().cursor  # psycopg's own cursor, for COPY
    speakers = sorted({(r["speaker"], r["title"]) for r in liar})
    copy_rows(cursor, "claims_claimant (name, title, kind, created_at, updated_at)",
              [(name, title, "person", start, start) for name, title in speakers])  # fmt: skip
    claimant_ids = {
        (name, title): pk for pk, name, title in cursor.execute("SELECT id, name, title FROM claims_claimant")
    }
    copy_rows(cursor, "evidence_source (name, kind, url, created_at, updated_at)",
              [(name, kind, "", start, start) for name, kind in SOURCES])  # fmt: skip
    source_ids = [row[0] for row in cursor.execute("SELECT id FROM evidence_source ORDER BY id")]

    states = rng.choices([s for s, _ in STATES], weights=[w for _, w in STATES], k=claims)
    rows, claim_rows = [], []
    for i in range(claims):
        record = liar[i % len(liar)]
        repeat = i // len(liar)
        text = record["statement"] if repeat == 0 else varied(record["statement"], rng)
        claimed_on = datetime.date(2007, 1, 1) + datetime.timedelta(days=rng.randint(0, 3650))
        created_at = start + step_of_time * i
        state = states[i]
        claim_rows.append((
            text, "", claimant_ids[(record["speaker"], record["title"])], claimed_on, "en",
            record["subjects"], state, None if state in ("new", "dismissed") else checker.pk,
            "", f"liar:{record['id']}:{repeat}", False, checker.pk, created_at, created_at,
        ))  # fmt: skip
        rows.append((record, state, claimed_on, created_at))
    copy_rows(
        cursor,
        "claims_claim (text, summary, claimant_id, claimed_on, language, topics, state, assignee_id,"
        " selection_reason, external_id, is_demo, created_by_id, created_at, updated_at)",
        claim_rows,
        types=[
            "text",
            "text",
            "int8",
            "date",
            "text",
            "text[]",
            "text",
            "int8",
            "text",
            "text",
            "bool",
            "int8",
            "timestamptz",
            "timestamptz",
        ],  # fmt: skip
    )
    claim_ids = [row[0] for row in cursor.execute("SELECT id FROM claims_claim ORDER BY id")]
    timings["claimants, sources, claims (COPY, with triggers)"] = time.perf_counter() - began

    step = time.perf_counter()
    appearances, evidence, rebuttals, verdicts, reviewed = [], [], [], [], []
    for claim_id, (record, state, claimed_on, created_at) in zip(claim_ids, rows, strict=True):
        outlet = record["context"] or "Campaign material"
        appearances.append(
            (claim_id, "", outlet, medium_of(outlet), claimed_on, "", True, created_at, created_at)
        )
        if state in ("new", "dismissed"):
            continue
        rating = RATINGS[record["label"]]
        topic = record["subjects"][0] if record["subjects"] else "the record"
        stances = ["refutes" if "false" in rating.lower() else "supports", "context"][: rng.randint(1, 2)]
        for n, stance in enumerate(stances):
            source = rng.randrange(len(SOURCES))
            evidence.append((
                claim_id, stance, rng.choice(["dataset", "document", "article", "statement"]),
                f"{SOURCES[source][0]} figures on {topic}",
                f"https://example.org/{topic.replace(' ', '-')}/{claim_id}-{n}", "", source_ids[source],
                f"The figures for {topic} in {claimed_on.year} tell a more specific story.",
                claimed_on, False, False, checker.pk, created_at, created_at,
            ))  # fmt: skip
        if rng.random() < 0.25:
            rebuttals.append((
                claim_id, f"Office of {record['speaker']}"[:200], "right_of_reply",
                "We stand by the statement: it was accurate in context.", "", claimed_on, False,
                checker.pk, created_at, created_at,
            ))  # fmt: skip
        if state != "researching" or rng.random() < 0.5:
            verdicts.append((
                claim_id, rating_ids[rating], f"{rating}: what the figures on {topic} show",
                f"The claim is rated {rating.lower()} on the evidence gathered.",
                f"## What was said\n\n{record['statement']}\n\n## What the record shows\n\n"
                f"We compared the statement with the published figures on {topic} and asked "
                f"{record['speaker']}'s office for its sources. " * 2,
                1, checker.pk, checker.pk, False, created_at, created_at,
            ))  # fmt: skip
        if state in ("approved", "published"):
            reviewed.append(claim_id)
    copy_rows(
        cursor,
        "claims_appearance (claim_id, url, outlet, medium, appeared_on, excerpt, is_first, created_at,"
        " updated_at)",
        appearances,
    )
    copy_rows(
        cursor,
        "evidence_evidence (claim_id, stance, kind, title, url, offline_reference, source_id, excerpt,"
        " published_on, is_withheld, is_demo, added_by_id, created_at, updated_at)",
        evidence,
    )
    copy_rows(
        cursor,
        "evidence_rebuttal (claim_id, party, kind, statement, url, stated_on, is_demo, added_by_id,"
        " created_at, updated_at)",
        rebuttals,
    )
    copy_rows(
        cursor,
        "claims_verdict (claim_id, rating_id, headline, conclusion, analysis, revision, author_id,"
        " last_edited_by_id, is_demo, created_at, updated_at)",
        verdicts,
    )
    verdict_ids = dict(cursor.execute("SELECT claim_id, id FROM claims_verdict"))
    copy_rows(
        cursor,
        "claims_review (verdict_id, revision, reviewer_id, decision, comment, created_at)",
        [(verdict_ids[claim_id], 1, reviewer.pk, "approve", "", now) for claim_id in reviewed],
    )
    timings["appearances, evidence, rebuttals, verdicts, reviews (COPY)"] = time.perf_counter() - step

    step = time.perf_counter()
    published = [pk for pk, (_, state, _, _) in zip(claim_ids, rows, strict=True) if state == "published"]
    # The publishing service writes each snapshot and its ClaimReview (as the publish transition does).
    for first in range(0, len(published), 500):
        chunk = (
            Claim.objects.filter(pk__in=published[first : first + 500])
            .select_related("claimant", "verdict__rating__scale")
            .prefetch_related("appearances", "verdict__rating__scale__ratings")
        )
        with transaction.atomic():
            for claim in chunk:
                publication_create(claim=claim, actor=editor)
    timings[f"{len(published):,} publications (publishing service)"] = time.perf_counter() - step

    step = time.perf_counter()
    connection.cursor().execute("VACUUM ANALYZE")
    timings["vacuum analyze"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - began
    return timings


def copy_rows(cursor, table: str, rows: list[tuple], *, types: list[str] | None = None) -> None:
    """COPY rows into `table (columns)`, 5,000 to a transaction, foreign keys checked at once.

    The database's row triggers run (search vectors, history). Django's foreign
    keys are DEFERRABLE INITIALLY DEFERRED, and PostgreSQL goes over the queue of
    deferred checks at the end of every history trigger's INSERT: in one large
    transaction the load grew quadratically (20 minutes for 100,000 claims with
    their evidence; the bulk import bench in docs/BENCHMARKS.md found the same).
    """
    from django.db import transaction

    for first in range(0, len(rows), COPY_CHUNK):
        with transaction.atomic():
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            with cursor.copy(f"COPY {table} FROM STDIN") as copy:
                if types:
                    copy.set_types(types)
                for row in rows[first : first + COPY_CHUNK]:
                    copy.write_row(row)


def database_facts() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        facts = {}
        for table in (
            "claims_claim",
            "evidence_evidence",
            "evidence_rebuttal",
            "claims_verdict",
            "claims_publication",
            "claims_claimant",
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - our own table names
            facts[table] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        facts["database size"] = cursor.fetchone()[0]
    return facts


# --- The server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(*, url: str, port: int, workers: int) -> subprocess.Popen:
    env = os.environ | {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.api_bench_settings",
        "DEBUG": "false",
        "SECRET_KEY": "api-bench-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "API_THROTTLE_CALLER": "100000000/min",
        "API_THROTTLE_ANONYMOUS": "100000000/min",
        "CACHE_URL": REDIS_CACHE,
        "CELERY_BROKER_URL": "memory://",
        "LOG_LEVEL": "WARNING",
        "SITE_URL": "https://factcheck.example.org",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "factcheck.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--pythonpath",
            str(ROOT),
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/bench/ok/")
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


# --- The load ----------------------------------------------------------------------------------


def endpoints(*, claim_ids: range, queries: list[str], token: str) -> dict:
    """name -> (request path for a random generator, headers)."""
    bearer = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    anonymous = {"Accept": "application/json"}
    states = [None, "published", "researching", "in_review"]

    def claims_list(rng):
        state = rng.choice(states)
        return "/api/v1/claims/" + (f"?{urlencode({'state': state})}" if state else "")

    return {
        "ceiling: bare DRF endpoint": (lambda rng: "/bench/ok/", anonymous),
        "claims list (20 per page, nested)": (claims_list, bearer),
        "claim detail": (lambda rng: f"/api/v1/claims/{rng.choice(claim_ids)}/", bearer),
        "claims search (q=)": (
            lambda rng: "/api/v1/claims/?" + urlencode({"q": rng.choice(queries)}),
            bearer,
        ),
        "fact-checks list": (lambda rng: "/api/v1/fact-checks/", anonymous),
        "fact-checks search (q=)": (
            lambda rng: "/api/v1/fact-checks/?" + urlencode({"q": rng.choice(queries)}),
            anonymous,
        ),
        "claims:search (Fact Check Tools)": (
            lambda rng: (
                "/api/factchecktools/v1alpha1/claims:search?"
                + urlencode({"query": rng.choice(queries), "languageCode": "en"})
            ),
            anonymous,
        ),
    }


def _client(args) -> dict:
    """One client process: `threads` keep-alive connections, each sending requests until the deadline."""
    name, port, threads, start_at, deadline, max_requests, seed = args
    path_of, headers = ENDPOINTS[name]
    latencies, statuses, errors, lock = [], Counter(), Counter(), threading.Lock()

    def run(index):
        rng = random.Random(f"{seed}-{index}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, codes = [], Counter()
        time.sleep(max(0.0, start_at - time.time()))
        while time.time() < deadline and len(mine) < max_requests:
            path = path_of(rng)
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                codes[response.status] += 1
                mine.append(time.perf_counter() - began)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors[type(exc).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.close()
        with lock:
            latencies.extend(mine)
            statuses.update(codes)

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return {"latencies": latencies, "statuses": statuses, "errors": errors, "ended": time.time()}


ENDPOINTS: dict = {}  # set before the client processes fork


def load(name: str, *, port: int, seconds: float, concurrency: int, max_requests: int) -> dict:
    processes = 2 if concurrency > 1 else 1
    per_process = [concurrency // processes + (i < concurrency % processes) for i in range(processes)]
    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        # Warm-up: every gunicorn worker imports, connects and fills its caches first.
        warm_start = time.time() + 0.3
        pool.map(_client, [(name, port, n, warm_start, warm_start + 3, 10**9, f"warm-{i}") for i, n in
                           enumerate(per_process)])  # fmt: skip
        start_at = time.time() + 0.3
        results = pool.map(
            _client,
            [
                (name, port, n, start_at, start_at + seconds, max_requests, f"{name}-{i}")
                for i, n in enumerate(per_process)
            ],  # fmt: skip
        )
    latencies = sorted(x for r in results for x in r["latencies"])
    statuses = sum((r["statuses"] for r in results), Counter())
    errors = sum((r["errors"] for r in results), Counter())
    elapsed = max(r["ended"] for r in results) - start_at

    def pct(p):
        return latencies[min(len(latencies) - 1, math.ceil(p / 100 * len(latencies)) - 1)] * 1000

    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "mean": statistics.fmean(latencies) * 1000,
        "statuses": dict(statuses),
        "errors": dict(errors),
    }


def query_words(liar: list[dict], rng: random.Random, count: int = 200) -> list[str]:
    """What a desk searches for: a subject, a subject and a word of a statement, a speaker's name."""
    subjects = [s for r in liar for s in r["subjects"]]
    words = [w for r in liar for w in re.findall(r"[a-z]{5,}", r["statement"].lower())]
    speakers = [r["speaker"] for r in liar]
    queries = set()
    while len(queries) < count:
        kind = rng.random()
        if kind < 0.4:
            queries.add(rng.choice(subjects))
        elif kind < 0.8:
            queries.add(f"{rng.choice(subjects)} {rng.choice(words)}")
        else:
            queries.add(rng.choice(speakers))
    return sorted(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="drop the bench database and build it again")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per endpoint")
    parser.add_argument("--concurrency", type=int, default=8, help="keep-alive connections")
    parser.add_argument("--max-requests", type=int, default=20_000, help="per connection, at most")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn (sync) workers")
    parser.add_argument("--only", nargs="*", help="endpoint names containing one of these words")
    parser.add_argument("--liar", type=Path, default=DEFAULT_LIAR)
    parser.add_argument("--build-only", action="store_true", help="build the database, load nothing")
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    if args.rebuild:
        benchdb_drop(url)
    benchdb.setup(url)
    from django.contrib.auth import get_user_model
    from django.db import connections

    from claims.models import Claim
    from factcheck.models import TokenScope
    from factcheck.services import api_token_create

    liar = read_liar(args.liar)
    if not Claim.objects.exists():
        print(f"Building {args.claims:,} claims from {len(liar):,} LIAR statements ...", flush=True)
        for what, seconds in build(claims=args.claims, liar=liar).items():
            print(f"  {what}: {seconds:.1f} s", flush=True)
    print(json.dumps(database_facts(), indent=2), flush=True)
    if args.build_only:
        return

    editor = get_user_model().objects.get(username="bench-editor")
    _, token = api_token_create(
        user=editor, name="API bench", scopes=[TokenScope.CLAIMS_READ, TokenScope.FACTCHECKS_READ]
    )
    low = Claim.objects.order_by("id").values_list("id", flat=True).first()
    high = Claim.objects.order_by("-id").values_list("id", flat=True).first()
    ENDPOINTS.update(
        endpoints(claim_ids=range(low, high + 1), queries=query_words(liar, random.Random(3)), token=token)
    )
    connections.close_all()  # the client processes fork: they must not share this process's connection

    port = free_port()
    server = serve(url=url, port=port, workers=args.workers)
    results = {}
    try:
        for name in ENDPOINTS:
            if args.only and not any(word.lower() in name.lower() for word in args.only):
                continue
            results[name] = load(
                name,
                port=port,
                seconds=args.seconds,
                concurrency=args.concurrency,
                max_requests=args.max_requests,
            )
            r = results[name]
            print(
                f"{name}: {r['requests']} requests, {r['rps']:.1f}/s, p50 {r['p50']:.1f} ms, p95 "
                f"{r['p95']:.1f} ms, p99 {r['p99']:.1f} ms, statuses {r['statuses']}, errors {r['errors']}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"\n{args.concurrency} connections, {args.workers} gunicorn workers, {args.seconds:g} s each\n")
    print("| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | statuses |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, r in results.items():
        codes = ", ".join(f"{code}: {n}" for code, n in sorted(r["statuses"].items()))
        print(
            f"| {name} | {r['requests']:,} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} "
            f"| {r['p99']:.1f} | {codes} |"
        )


def benchdb_drop(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    if "bench" not in config["NAME"]:
        raise SystemExit(f"--rebuild drops the database: {config['NAME']} is not a bench database")
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')


if __name__ == "__main__":
    main()
