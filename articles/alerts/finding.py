"""Step 1 of an alerts run (delivery.py has the whole run): what is new for each alert.

`sight()` records, once per entry, the entries that became public since the last run (a
Sighting stamped with this run's moment). Then per alert, in one transaction, the entries
sighted after the alert's high-water mark that its search finds become AlertItems of its
confirmed subscriptions, and the mark moves to this run's moment. An alert costs one row
whatever its search matched before (no baseline); a run stopped half way leaves the marks it
did not move, and the next run looks again from them.
"""

import datetime as dt
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Max, Q

from articles.alerts import rules
from articles.alerts.models import Alert, AlertItem, Sighting
from articles.search import SqlBuilder, clean_query, run_bounded

OVERLAP = dt.timedelta(hours=1)
FOUND_CAP = 200  # new entries recorded per alert and run: the digest's "more" link has the rest
RUN_LOCK = 1_700_017  # pg advisory lock: one finding run at a time (issue 17)


def followed_alerts():
    live = Q(
        subscriptions__confirmed_at__isnull=False,
        subscriptions__subscriber__disabled_at__isnull=True,
    )
    return Alert.objects.filter(live).distinct()


def became_public(until: str) -> str:
    """SQL: when readers could first see entry e: its publication time, or when it was indexed
    public if that is later (an archived report entered today, a draft published today)."""
    return f"GREATEST(e.public_from, LEAST(e.indexed_at, {until}))"


SIGHT = f"""INSERT INTO alerts_sighting (kind, object_id, seen_at, public_at)
    SELECT e.kind, e.object_id, %(until)s, {became_public("%(until)s")}
    FROM public.search_entry e
    WHERE e.public_from <= %(until)s
      AND (%(since)s::timestamptz IS NULL OR e.indexed_at > %(since)s OR e.public_from > %(since)s)
    ON CONFLICT (kind, object_id) DO NOTHING"""  # noqa: S608 - constant fragments


def sight(until: dt.datetime) -> int:
    """Record the entries public by `until` that no run has seen yet; returns how many.

    Only entries (re)indexed or scheduled since the last sighting are looked at. The window
    starts OVERLAP before it, because an entry's index time is set before its transaction
    commits: one committed after that run read the index is still seen, by this run, and so
    lands after every mark already set. An edit re-indexes an old record, but it was seen
    before: ON CONFLICT leaves it old. No sighting yet (a new installation): everything public
    is seen now, and `public_at` keeps it from anyone who confirmed later.
    """
    last = Sighting.objects.aggregate(last=Max("seen_at"))["last"]
    since = last - OVERLAP if last else None
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(SIGHT, {"until": until, "since": since})
        return cursor.rowcount


def matching(alert: Alert, fresh: list[int], until: dt.datetime) -> list[tuple]:
    """(kind, object_id, public_at) of the entries sighted after the alert's mark that its
    search finds, newest first. The conditions are the search's own (SqlBuilder.where():
    words, symbols, names, filters, the public scope), applied to the fresh entries only."""
    params = rules.alert_params(alert, "vi")
    query = clean_query(params.q)
    # narrow_facet: check the words on the few fresh rows instead of walking the word indexes.
    builder = SqlBuilder(params, query, narrow_facet=True)
    builder.args.update(fresh=fresh, mark=alert.mark, until=until, cap=FOUND_CAP)
    sql = f"""WITH {builder.q_cte()}, {builder.names_cte()}
        SELECT coalesce(json_agg(json_build_array(f.kind, f.object_id, f.public_at)), '[]')
        FROM (SELECT e.kind, e.object_id, s.public_at
              FROM public.search_entry e
              JOIN alerts_sighting s ON s.kind = e.kind AND s.object_id = e.object_id
              WHERE e.id = ANY(%(fresh)s) AND s.seen_at > %(mark)s AND s.seen_at <= %(until)s
                AND {builder.where()}
              ORDER BY s.public_at DESC, e.id DESC LIMIT %(cap)s) f"""  # noqa: S608 - constant fragments, values are parameters
    return [
        (kind, object_id, dt.datetime.fromisoformat(public_at))
        for kind, object_id, public_at in run_bounded(sql, builder.args)
    ]


def fresh_entry_ids(after: dt.datetime, until: dt.datetime) -> list[int]:
    """The index rows of the entries sighted in (after, until]: one read per run."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT e.id FROM alerts_sighting s
            JOIN public.search_entry e ON e.kind = s.kind AND e.object_id = s.object_id
            WHERE s.seen_at > %s AND s.seen_at <= %s""",
            [after, until],
        )
        return [row[0] for row in cursor.fetchall()]


@contextmanager
def one_run_at_a_time():
    """Two runs at once could each sight half of a batch and move a mark past the other's
    half; the second run waits for the first. A session lock, released however the run ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [RUN_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [RUN_LOCK])


def find_items(until: dt.datetime | None = None) -> int:
    """Record what is new for every followed alert; returns how many items were recorded."""
    with one_run_at_a_time():
        until = until or rules.now()
        sight(until)
        alerts = list(followed_alerts().filter(mark__lt=until).order_by("pk"))
        fresh = fresh_entry_ids(min(a.mark for a in alerts), until) if alerts else []
        recorded = 0
        unchanged = []
        for alert in alerts:
            found = matching(alert, fresh, until) if fresh else []
            if not found:
                unchanged.append(alert.pk)  # nothing to record: its mark moves with the others
                continue
            with transaction.atomic():
                subscriptions = list(
                    alert.subscriptions.filter(
                        confirmed_at__isnull=False, subscriber__disabled_at__isnull=True
                    )
                )
                items = [
                    AlertItem(
                        subscription=subscription,
                        kind=kind,
                        object_id=object_id,
                        public_from=when,
                    )
                    for subscription in subscriptions
                    for kind, object_id, when in found
                    if when >= subscription.confirmed_at  # only what is new since they followed
                ]
                AlertItem.objects.bulk_create(items, ignore_conflicts=True)
                Alert.objects.filter(pk=alert.pk).update(mark=until)
            recorded += len(items)
        # One statement for the alerts that found nothing, and for those nobody follows yet
        # (so a first confirmation starts from the last run, not from the alert's making).
        Alert.objects.filter(
            Q(pk__in=unchanged) | ~Q(pk__in=followed_alerts().values("pk")), mark__lt=until
        ).update(mark=until)
        return recorded
