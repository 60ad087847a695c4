"""Measuring one `send_alerts` run on a large corpus (`manage.py bench_alerts`, docs/scaling.md).

It makes N alerts over the corpus's own officials, documents, pillars and words (through the
sign-up's `alert_for`, the path a reader's follow takes), one confirmed subscriber per alert
(half of them following a second alert), then makes a batch of published articles new: their
entries are re-indexed now and forgotten by the sightings, exactly what a batch of archived
reports entered today looks like to the alerts. It times the run's steps as `delivery.run()`
runs them and the real worker (`db_worker --batch`) sending to the in-memory mail backend,
counts the rows written, and removes what it made (addresses @bench.invalid) unless asked not to.
"""

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain, pairwise

from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings
from django_tasks_db.models import DBTaskResult

from articles.alerts import delivery, finding, rules, signup
from articles.alerts.models import Alert, AlertItem, Digest, Sighting, Subscriber, Subscription
from articles.models import Article
from articles.search import clean_query

DOMAIN = "bench.invalid"
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@dataclass
class BenchReport:
    figures: dict[str, object] = field(default_factory=dict)

    def timed(self, name: str, step: Callable[[], object]) -> object:
        started = time.monotonic()
        result = step()
        self.figures[f"{name}_seconds"] = round(time.monotonic() - started, 2)
        return result


def column_values(sql: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


def alert_fields(count: int, rng: random.Random) -> list[dict]:
    """`count` distinct normalised alerts: about a third officials, a fifth documents, the
    pillars, then a word or two from the corpus's titles, then an official with such words."""
    public = "FROM public.search_entry WHERE public_from <= now()"
    people = column_values(f"SELECT object_id {public} AND kind = 'person' ORDER BY 1")  # noqa: S608
    documents = column_values(f"SELECT object_id {public} AND kind = 'document' ORDER BY 1")  # noqa: S608
    pillars = column_values(
        f"SELECT DISTINCT unnest(pillar_ids) {public} AND kind = 'article' ORDER BY 1"  # noqa: S608
    )
    titles = column_values(
        "SELECT title_vi FROM public.search_entry TABLESAMPLE SYSTEM (5)"
        " WHERE kind = 'article' LIMIT 5000"
    )
    empty = {"q": "", "types": [], "person_ids": [], "document_ids": [], "pillar_ids": []}
    wanted: list[dict] = []
    wanted += [{**empty, "person_ids": [p]} for p in people[: count // 3]]
    wanted += [{**empty, "document_ids": [d]} for d in documents[: count // 5]]
    wanted += [{**empty, "pillar_ids": [p]} for p in pillars]
    # What readers follow is specific: a word or two-word phrase found in under 0.5 % of
    # titles (a word in every title, "của", would match every new entry; nobody follows it).
    frequency: Counter[str] = Counter()
    for title in titles:
        words = [w.lower() for w in title.split() if w.isalpha()]
        frequency.update(set(words) | {f"{a} {b}" for a, b in pairwise(words)})
    rare = sorted(t for t, n in frequency.items() if n <= len(titles) // 200 and len(t) > 2)
    rng.shuffle(rare)
    # Then each term on its own, then an official with a term ("what X said about roads").
    combined = (
        {**empty, "q": term, "person_ids": [people[(k + round_ * 7) % len(people)]]}
        for round_ in range(len(people))
        for k, term in enumerate(rare)
    )
    seen = {rules.alert_key(f) for f in wanted}
    for fields in chain(({**empty, "q": t} for t in rare), combined if people else ()):
        if len(wanted) >= count:
            break
        fields["q"] = clean_query(fields["q"]).text.lower()
        key = rules.alert_key(fields)
        if fields["q"] and key not in seen:
            seen.add(key)
            wanted.append(fields)
    return wanted[:count]


def make_alerts(count: int, rng: random.Random, report: BenchReport) -> list[Alert]:
    wanted = alert_fields(count, rng)
    alerts = report.timed("create_alerts", lambda: [signup.alert_for(f) for f in wanted])
    report.figures["alerts"] = len(alerts)
    report.figures["create_alert_ms_each"] = round(
        1000 * report.figures["create_alerts_seconds"] / max(1, len(alerts)), 2
    )
    return alerts


def make_subscribers(alerts: list[Alert], rng: random.Random, report: BenchReport) -> None:
    now = rules.now()
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{i}@{DOMAIN}", language=("vi", "en")[i % 2])
        for i in range(len(alerts))
    )
    subscriptions = []
    for subscriber, alert in zip(subscribers, alerts, strict=True):
        followed = {alert.pk}
        if rng.random() < 0.5:
            followed.add(rng.choice(alerts).pk)
        subscriptions += [
            Subscription(subscriber=subscriber, alert_id=pk, confirmed_at=now) for pk in followed
        ]
    Subscription.objects.bulk_create(subscriptions)
    report.figures["subscribers"] = len(subscribers)
    report.figures["subscriptions"] = len(subscriptions)


def publish_batch(size: int) -> int:
    """`size` published articles become new to the alerts: their entries (the article, its
    statements and photos) are indexed now and their sightings forgotten. Returns the entries."""
    ids = list(
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__lte=rules.now())
        .order_by("?")
        .values_list("pk", flat=True)[:size]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """CREATE TEMP TABLE bench_batch ON COMMIT DROP AS
            SELECT 'article'::text AS kind, id AS object_id FROM articles_article
                WHERE id = ANY(%(ids)s)
            UNION ALL SELECT 'statement', id FROM articles_statement WHERE article_id = ANY(%(ids)s)
            UNION ALL SELECT 'photo', id FROM articles_photo WHERE article_id = ANY(%(ids)s)""",
            {"ids": ids},
        )
        cursor.execute(
            """DELETE FROM alerts_sighting s USING bench_batch b
            WHERE s.kind = b.kind AND s.object_id = b.object_id"""
        )
        cursor.execute(
            """UPDATE public.search_entry e SET indexed_at = now() FROM bench_batch b
            WHERE e.kind = b.kind AND e.object_id = b.object_id"""
        )
        return cursor.rowcount


def row_counts() -> dict[str, int]:
    return {
        "sightings": Sighting.objects.count(),
        "alert_items": AlertItem.objects.count(),
        "digests": Digest.objects.count(),
        "task_rows": DBTaskResult.objects.count(),
    }


def send_run(report: BenchReport, prefix: str, cap: int) -> None:
    """One `send_alerts` run, step by step as `delivery.run()` does it."""
    before = row_counts()
    until = rules.now()
    report.timed(f"{prefix}_retry", delivery.retry_unsent)
    # find_items() sights first, then looks per alert.
    report.figures[f"{prefix}_items"] = report.timed(
        f"{prefix}_find", lambda: finding.find_items(until)
    )
    report.figures[f"{prefix}_digests"] = report.timed(
        f"{prefix}_digests", lambda: delivery.make_digests(cap)
    )
    report.timed(f"{prefix}_prune", delivery.prune_pending)
    steps = ("retry", "find", "digests", "prune")
    report.figures[f"{prefix}_send_alerts_seconds"] = round(
        sum(report.figures[f"{prefix}_{s}_seconds"] for s in steps), 2
    )
    after = row_counts()
    for name, count in after.items():
        report.figures[f"{prefix}_rows_{name}"] = count - before[name]
    report.figures[f"{prefix}_rows_alert_marks_moved"] = Alert.objects.filter(mark=until).count()


def run_worker(report: BenchReport, prefix: str, max_tasks: int | None) -> None:
    """The real worker, in this process (so the in-memory outbox counts what it sent)."""
    mail.outbox = []
    limit = ["--max-tasks", str(max_tasks)] if max_tasks else []
    options = ["--batch", "--no-reload", "--no-startup-delay", "--interval", "0", *limit]
    with override_settings(MAILERS=LOCMEM, ALERTS_SEND_DELAY=0):
        report.timed(f"{prefix}_worker", lambda: call_command("db_worker", *options))
    report.figures[f"{prefix}_emails"] = len(mail.outbox)
    mail.outbox = []


def clean_up() -> None:
    """Remove what a bench made: its subscribers (with their subscriptions, items and digests),
    the alerts left with nobody, and the task rows of its digests."""
    mine = Subscriber.objects.filter(email__endswith=f"@{DOMAIN}")
    tasks = list(Digest.objects.filter(subscriber__in=mine).values_list("task_id", flat=True))
    DBTaskResult.objects.filter(id__in=[t for t in tasks if t]).delete()
    mine.delete()
    Alert.objects.filter(subscriptions__isnull=True).delete()


def bench(
    alerts: int,
    new_articles: int,
    cap: int | None,
    keep: bool = False,
    worker_tasks: int | None = None,
    seed: int = 17,
) -> BenchReport:
    rng = random.Random(seed)  # noqa: S311 - a repeatable sample, not a secret
    report = BenchReport()
    cap = cap or alerts * 2
    clean_up()
    made = make_alerts(alerts, rng, report)
    make_subscribers(made, rng, report)
    # A run with nothing new: the state every later run starts from.
    send_run(report, "idle", cap)
    report.figures["new_articles"] = new_articles
    report.figures["new_entries"] = publish_batch(new_articles)
    send_run(report, "batch", cap)
    run_worker(report, "batch", worker_tasks)
    send_run(report, "again", cap)
    run_worker(report, "again", None)
    report.figures["corpus_articles"] = Article.objects.count()
    report.figures["when"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if not keep:
        clean_up()
    return report
