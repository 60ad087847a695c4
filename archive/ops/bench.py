"""What `manage.py bench` measures, on one database in one run.

- every search of a fixed mix end to end: HTTP requests through gunicorn, one after another,
  with the query cache off (each request builds its page);
- the same searches as raw SQL: the statements `search()` runs, captured with an execute
  wrapper and replayed on a plain psycopg cursor (the floor PostgreSQL sets);
- the naive baseline a Django newcomer writes for the same words: `icontains` over title, lead
  and body blocks, newest first, through Django's Paginator (which counts the matches to know
  its pages) for page 1; and the same query's first 20 rows alone, without the count;
- article, person and document page throughput with concurrent clients through gunicorn, after
  one request per page (so with the page cache on, the timed run measures cached pages; run with
  PUBLIC_PAGE_CACHE_SECONDS=0 or --cold for the pages built on every request).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import override

from archive.ops.loadgen import gunicorn, percentile, run_load
from articles.models import Article, Document, Statement
from articles.search import (
    Embedding,
    SemanticUnavailable,
    disk_bytes_per_million,
    embedding_seconds_per_1000,
    parse_params,
    search,
)
from people.models import Person

# Words of the seed article, so they exist in every corpus generated from it.
COMMON_WORD = "tỉnh"
# The generator reuses the seed's words everywhere: its rarest are names in ~2% of articles.
RARE_WORD = "Hùng"
PHRASE = '"người đứng đầu"'
ACCENT_FREE = "chuyen doi so"
SYMBOL = "11-QĐ/TW"
NAME = "Thái Thanh Quý"
TOPIC = "chuyển đổi số"
# Meaning search (issue 16): an English question and a Vietnamese paraphrase sharing no word
# with the seed's text (tests/search/semantic_judged.py).
QUESTION_EN = "How will the province attract skilled IT workers?"
PARAPHRASE_VI = "thủ trưởng thiếu nghị lực, mọi việc chẳng xong"


@dataclass(frozen=True)
class BenchQuery:
    label: str
    params: dict
    baseline: str = ""  # the words a newcomer would pass to icontains ('' = no baseline)


def widest_official() -> tuple[int, float] | None:
    """The person named in the most search entries and the share of entries naming them: on a
    corpus made with `generate_corpus --wide-facet` or `widen_facet`, that wide official."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p, count(*)::float / (SELECT count(*) FROM search_entry)"
            " FROM search_entry, unnest(person_ids) AS p"
            " GROUP BY p ORDER BY count(*) DESC, p LIMIT 1"
        )
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def search_mix() -> list[BenchQuery]:
    """The fixed mix; the official is the seed's best-known speaker, the pillar its first one,
    the wide facet the official named in the most entries (asked once per run)."""
    speaker = Person.objects.filter(full_name=NAME).values_list("id", flat=True).first()
    official = {"person": str(speaker)} if speaker else {}
    widest = widest_official()
    wide = []
    if widest:
        share = f"{100 * widest[1]:.1f} % of entries"
        name = Person.objects.filter(pk=widest[0]).values_list("full_name", flat=True).first()
        wide = [
            BenchQuery(f"wide facet ({share})", {"q": TOPIC, "person": str(widest[0])}),
            # Their name: a recognised name reads the people index, as wide as the facet.
            BenchQuery(f"wide name ({share})", {"q": name or ""}),
        ]
    return [
        BenchQuery("common word", {"q": COMMON_WORD}, COMMON_WORD),
        BenchQuery("rare word", {"q": RARE_WORD}, RARE_WORD),
        BenchQuery("phrase", {"q": PHRASE}, PHRASE.strip('"')),
        BenchQuery("accent-free", {"q": ACCENT_FREE}, ACCENT_FREE),
        BenchQuery("symbol", {"q": SYMBOL}, SYMBOL),
        BenchQuery("name", {"q": NAME}, NAME),
        BenchQuery("filtered by official", {"q": TOPIC, **official}),
        BenchQuery("faceted", {"q": TOPIC, "type": "statement", "sort": "newest"}),
        *wide,
        BenchQuery("meaning, English question", {"q": QUESTION_EN, "mode": "semantic"}),
        BenchQuery("hybrid, English question", {"q": QUESTION_EN}),
        BenchQuery("hybrid, Vietnamese paraphrase", {"q": PARAPHRASE_VI}),
    ]


def summary(seconds: list[float]) -> dict[str, float]:
    return {
        "n": len(seconds),
        "p50_ms": percentile(seconds, 0.5) * 1000,
        "p95_ms": percentile(seconds, 0.95) * 1000,
    }


def timed(run: Callable[[], object], repeats: int, warm_up: bool = True) -> dict[str, float]:
    if warm_up:
        run()  # connection, plans, cache
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
    return summary(seconds)


def captured_statements(params: dict) -> tuple[list[tuple[str, object]], int]:
    """The SQL statements `search()` runs for these parameters (savepoints left out)."""
    statements: list[tuple[str, object]] = []

    def capture(execute, sql, args, many, context):
        if not sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append((sql, args))
        return execute(sql, args, many, context)

    parsed, _ = parse_params(params, "vi")
    with connection.execute_wrapper(capture):
        result = search(parsed)
    return statements, result.total


def replay(statements: list[tuple[str, object]]) -> None:
    """Run the statements on the driver's own cursor, in one transaction as search() does."""
    with transaction.atomic(), connection.connection.cursor() as cursor:
        for sql, args in statements:
            cursor.execute(sql, args)
            cursor.fetchall()


def icontains_matches(words: str) -> QuerySet[Article]:
    """What a newcomer writes: substring match over title, lead and body, newest first."""
    match = (
        Q(title_vi__icontains=words)
        | Q(lead_vi__icontains=words)
        | Q(blocks__text_vi__icontains=words)
    )
    return Article.objects.published().filter(match).distinct().order_by("-published_at")


def icontains_baseline(words: str) -> list[int]:
    """Page 1 of the newcomer's search view: Paginator(matches, 20).get_page(1) counts first."""
    return [article.id for article in Paginator(icontains_matches(words), 20).get_page(1)]


def icontains_first_rows(words: str) -> list[int]:
    """The newcomer's query cut to its first 20 rows, no count: it stops at the 20th match."""
    return list(icontains_matches(words).values_list("id", flat=True)[:20])


def search_path(params: dict) -> str:
    with override("vi"):
        return f"{reverse('articles:search')}?{urlencode(params)}"


def fetch(base: str, path: str) -> None:
    import http.client

    host, port = base.removeprefix("http://").split(":")
    client = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        client.request("GET", path)
        response = client.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
    finally:
        client.close()


def fetch_all(base: str, paths: list[str], threads: int) -> None:
    """GET every path, `threads` at a time (warming servers and caches before timing)."""
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda path: fetch(base, path), paths))


def page_targets(sample: int) -> dict[str, list[tuple[str, str]]]:
    """Public page URLs in both languages for the newest `sample` articles and their records."""
    articles = list(Article.objects.published().order_by("-published_at")[:sample])
    people = list(
        Person.objects.filter(statements__article__in=articles).distinct().order_by("id")[:sample]
    )
    documents = list(
        Document.objects.filter(statements__article__in=articles).distinct().order_by("id")[:sample]
    )
    targets = {}
    for label, objects in (("article", articles), ("person", people), ("document", documents)):
        urls = []
        for lang in ("vi", "en"):
            with override(lang):
                urls += [(label, quote(obj.get_absolute_url())) for obj in objects]
        targets[label] = urls
    return targets


def database_url() -> str:
    """A DATABASE_URL for the database this process uses, so gunicorn serves the same data."""
    settings = connection.settings_dict
    host = quote(settings["HOST"] or "localhost", safe="")
    return (
        f"postgres://{quote(settings['USER'] or '')}:{quote(settings['PASSWORD'] or '')}"
        f"@{host}:{settings['PORT'] or 5432}/{quote(settings['NAME'])}"
    )


def server_env() -> dict[str, str]:
    """gunicorn's environment: this database, and every search built (the query cache would
    answer a repeated search from memory, and the bench times what a search costs)."""
    return {"DATABASE_URL": database_url(), "QUERY_CACHE_SECONDS": "0"}


def corpus_figures() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM search_entry")
        entries = cursor.fetchone()[0]
    return {
        "articles": Article.objects.count(),
        "statements": Statement.objects.count(),
        "search_entries": entries,
        "vectors": Embedding.objects.count(),
        "database_bytes": size,
    }


def semantic_figures(sample: int = 50) -> dict[str, float]:
    """Embedding time per 1,000 units (a sample of the stored texts) and disk per million
    vectors (measured on 20,000 random ones); empty when the model cannot be loaded."""
    try:
        per_1000 = embedding_seconds_per_1000(sample)
    except SemanticUnavailable:
        return {}
    return {"embedding_s_per_1000": per_1000, "disk_bytes_per_million": disk_bytes_per_million()}


def run_bench(
    repeats: int = 20,
    baseline_repeats: int = 3,
    clients: int = 8,
    duration: float = 15.0,
    workers: int = 4,
    sample: int = 100,
    warm: bool = True,
    log: Callable[[str], None] = print,
) -> dict:
    """Every figure of the benchmark, as a JSON-ready dict."""
    mix = search_mix()
    result: dict = {
        "corpus": corpus_figures(),
        "options": {
            "repeats": repeats,
            "baseline_repeats": baseline_repeats,
            "clients": clients,
            "duration": duration,
            "workers": workers,
            "sample": sample,
            "warm": warm,
        },
        "search": [],
        "pages": [],
        "semantic": semantic_figures(),
    }
    targets = page_targets(sample)
    with gunicorn(workers=workers, extra_env=server_env()) as base:
        # Every worker answers a few searches first: its first request opens a database
        # connection and fills PostgreSQL's caches, which is not what a search costs.
        paths = [search_path(query.params) for query in mix]
        fetch_all(base, paths * workers, workers)
        for query, path in zip(mix, paths, strict=True):
            log(f"search: {query.label}")
            statements, hits = captured_statements(query.params)
            row = {
                "label": query.label,
                "path": path,
                "hits": hits,
                "statements": len(statements),
                "http": timed(lambda path=path: fetch(base, path), repeats),
                "sql": timed(lambda s=statements: replay(s), repeats),
            }
            row["http_over_sql"] = row["http"]["p50_ms"] / row["sql"]["p50_ms"]
            if query.baseline and baseline_repeats:
                # A single baseline run is not warmed up first: at a million articles each
                # run reads gigabytes, more than the page cache keeps, and takes minutes.
                warm_up = baseline_repeats > 1
                row["baseline"] = timed(
                    lambda w=query.baseline: icontains_baseline(w), baseline_repeats, warm_up
                )
                row["baseline_over_http"] = row["baseline"]["p50_ms"] / row["http"]["p50_ms"]
                row["first_rows"] = timed(
                    lambda w=query.baseline: icontains_first_rows(w), baseline_repeats, warm_up
                )
            result["search"].append(row)
        for label, urls in targets.items():
            log(f"pages: {label} ({len(urls)} URLs, {clients} clients, {duration:.0f}s)")
            if not urls:
                continue
            if warm:  # each page once first, so the timed run measures the cached site
                fetch_all(base, [path for _, path in urls], clients)
            load = run_load(base, urls, clients, duration)
            result["pages"].append({"label": label, "urls": len(urls), **load.summary(label)})
    return result


def table(result: dict) -> str:
    """The result as a Markdown table (also printed by the command)."""
    lines = [
        "| search | hits | HTTP p50 | HTTP p95 | SQL p50 | SQL p95 | HTTP/SQL | icontains p50 "
        "| icontains/HTTP | first 20 only p50 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["search"]:
        baseline = row.get("baseline")
        lines.append(
            f"| {row['label']} | {row['hits']} | {row['http']['p50_ms']:.1f} "
            f"| {row['http']['p95_ms']:.1f} | {row['sql']['p50_ms']:.1f} "
            f"| {row['sql']['p95_ms']:.1f} | {row['http_over_sql']:.2f} "
            + (
                f"| {baseline['p50_ms']:.0f} | {row['baseline_over_http']:.0f}x "
                f"| {row['first_rows']['p50_ms']:.0f} |"
                if baseline
                else "| – | – | – |"
            )
        )
    lines += [
        "",
        "| page | URLs | requests | errors | req/s | p50 ms | p95 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["pages"]:
        lines.append(
            f"| {row['label']} | {row['urls']} | {row['requests']} | {row['errors']} "
            f"| {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} |"
        )
    corpus = result["corpus"]
    lines += [
        "",
        f"corpus: {corpus['articles']:,} articles, {corpus['statements']:,} statements, "
        f"{corpus['search_entries']:,} search entries, database "
        f"{corpus['database_bytes'] / 2**30:.2f} GiB",
    ]
    if figures := result.get("semantic"):
        lines.append(
            f"meaning search: {corpus.get('vectors', 0):,} vectors, embedding "
            f"{figures['embedding_s_per_1000']:.0f} s per 1,000 units, "
            f"{figures['disk_bytes_per_million'] / 1e9:.2f} GB per million vectors"
        )
    return "\n".join(lines)


# The fixed cost: what every request pays, measured on whatever corpus this database holds
# (the seed, for the figures in docs/scaling.md). One gunicorn worker, one request at a time,
# so the medians are service times, not queueing.
FIXED_COST_SEARCH = {"q": TOPIC}


def fixed_cost_targets() -> list[tuple[str, str]]:
    article = Article.objects.published().order_by("pk").first()
    if article is None:
        raise LookupError("no published article: run `manage.py load_seed` first")
    with override("vi"):
        article_page = quote(article.get_absolute_url())
    return [
        ("search page", search_path(FIXED_COST_SEARCH)),
        ("api article detail", f"/api/v1/articles/{article.pk}"),
        ("article page (cached)", article_page),
        ("/healthz", "/healthz"),
    ]


def explain_timings(sql: str, args: object) -> tuple[float, float]:
    """(planning, execution) milliseconds of one statement, from EXPLAIN (ANALYZE, SUMMARY)."""
    import json

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, SUMMARY, FORMAT JSON) {sql}", args)
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    return plan[0]["Planning Time"], plan[0]["Execution Time"]


def statement_costs(params: dict, repeats: int) -> list[dict]:
    """Median planning and execution time of each SELECT a search runs, in its order."""
    statements, _ = captured_statements(params)
    rows = []
    for number, (sql, args) in enumerate(statements, 1):
        head = " ".join(sql.split())[:70]
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        with transaction.atomic():
            timings = [explain_timings(sql, args) for _ in range(repeats)]
        rows.append(
            {
                "statement": number,
                "sql": head,
                "plan_ms": percentile([plan for plan, _ in timings], 0.5),
                "execute_ms": percentile([run for _, run in timings], 0.5),
            }
        )
    return rows


def run_fixed_cost(repeats: int = 50, log: Callable[[str], None] = print) -> dict:
    """Per-URL medians through one gunicorn worker, and the search page's SQL plan/run split."""
    targets = fixed_cost_targets()
    result: dict = {"corpus": corpus_figures(), "repeats": repeats, "urls": [], "statements": []}
    with gunicorn(workers=1, extra_env=server_env()) as base:
        fetch_all(base, [path for _, path in targets] * 3, 1)
        for label, path in targets:
            log(f"fixed cost: {label}")
            result["urls"].append(
                {"label": label, "path": path, **timed(lambda p=path: fetch(base, p), repeats)}
            )
    result["statements"] = statement_costs(FIXED_COST_SEARCH, max(5, repeats // 5))
    return result


def fixed_cost_table(result: dict) -> str:
    lines = [
        f"| URL ({result['repeats']} requests, one at a time) | p50 ms | p95 ms |",
        "|---|---:|---:|",
    ]
    for row in result["urls"]:
        lines.append(f"| {row['label']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} |")
    lines += [
        "",
        f"| search page SQL: {FIXED_COST_SEARCH['q']} | plan ms (p50) | execute ms (p50) |",
        "|---|---:|---:|",
    ]
    for row in result["statements"]:
        lines.append(
            f"| {row['statement']}. `{row['sql']}` "
            f"| {row['plan_ms']:.2f} | {row['execute_ms']:.2f} |"
        )
    lines.append(
        f"| total | {sum(r['plan_ms'] for r in result['statements']):.2f} "
        f"| {sum(r['execute_ms'] for r in result['statements']):.2f} |"
    )
    corpus = result["corpus"]
    lines.append(f"\ncorpus: {corpus['articles']:,} articles, {corpus['search_entries']:,} entries")
    return "\n".join(lines)
