"""Finding what is new for each alert, making digests, and sending them (`send_alerts`).

A run has three steps, each committed on its own so that a run stopped anywhere loses nothing:

1. `find_items()`: first `sight()` records, once per entry, the entries that became public
   since the last run (a Sighting stamped with this run's moment). Then per alert, in one
   transaction, the entries sighted after the alert's high-water mark that its search finds
   become AlertItems of its confirmed subscriptions, and the mark moves to this run's moment.
   An alert costs one row whatever its search matched before (no baseline); a run stopped
   half way leaves the marks it did not move, and the next run looks again from them.
2. `make_digests()`: per subscriber, in one transaction, a Digest takes every waiting item and
   its sending task is enqueued. With the database task backend the task row commits with the
   digest, so there is never a digest without its task or a task without its digest.
3. `retry_unsent()`: a digest still unsent whose task failed, vanished or hung (a worker killed
   mid-send) is enqueued again.

The task (`send_digest`) locks its digest, sends, and marks it sent in the same transaction, so
a digest enqueued twice is still sent once.
"""

import datetime as dt
import logging
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Max, Q
from django.tasks import task
from django.tasks.base import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from articles.alerts import rules
from articles.alerts.models import (
    Alert,
    AlertItem,
    ConfirmationSend,
    Digest,
    Sighting,
    Subscriber,
    Subscription,
)
from articles.search import SearchEntry, SqlBuilder, clean_query, run_bounded
from people.models import Person

logger = logging.getLogger(__name__)

OVERLAP = dt.timedelta(hours=1)
FOUND_CAP = 200  # new entries recorded per alert and run: the digest's "more" link has the rest
EXCERPT_CHARS = 300
RUN_LOCK = 1_700_017  # pg advisory lock: one finding run at a time (issue 17)


def items_per_alert() -> int:
    return rules.setting("ALERTS_ITEMS_PER_ALERT", 5)


# ---------------------------------------------------------------- 1. finding


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


# ---------------------------------------------------------------- 2. digests


def waiting_subscribers(cap: int) -> list[int]:
    return list(
        AlertItem.objects.filter(
            digest__isnull=True,
            subscription__confirmed_at__isnull=False,
            subscription__subscriber__disabled_at__isnull=True,
        )
        .values_list("subscription__subscriber_id", flat=True)
        .distinct()
        .order_by("subscription__subscriber_id")[:cap]
    )


def enqueue(digest: Digest) -> None:
    result = send_digest.enqueue(digest.pk)
    digest.task_id = str(result.id)
    digest.enqueued_at = rules.now()
    digest.attempts += 1
    digest.save(update_fields=["task_id", "enqueued_at", "attempts"])


def make_digests(cap: int) -> int:
    """One digest per subscriber with waiting items, enqueued; returns how many were made."""
    made = 0
    for subscriber_id in waiting_subscribers(cap):
        with transaction.atomic():
            subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
            if subscriber is None:  # unsubscribed meanwhile
                continue
            digest = Digest.objects.create(subscriber=subscriber, enqueued_at=rules.now())
            taken = AlertItem.objects.filter(
                subscription__subscriber=subscriber,
                subscription__confirmed_at__isnull=False,
                digest__isnull=True,
            ).update(digest=digest)
            if not taken:
                digest.delete()
                continue
            enqueue(digest)
        made += 1
    return made


# ---------------------------------------------------------------- 3. retries


def needs_retry(digest: Digest, stale_before: dt.datetime) -> bool:
    if not digest.task_id:
        return True
    try:
        status = send_digest.get_result(digest.task_id).status
    except TaskResultDoesNotExist:  # pruned, or enqueued on another backend
        return True
    if status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
        return True
    return status == TaskResultStatus.RUNNING and digest.enqueued_at < stale_before


def retry_unsent() -> int:
    stale_before = rules.now() - rules.setting("ALERTS_STALE_AFTER", dt.timedelta(hours=1))
    retried = 0
    # Capped: a digest that fails for a reason other than the mail server (which counts on the
    # subscriber) is not retried forever.
    unsent = Digest.objects.filter(
        sent_at__isnull=True,
        subscriber__disabled_at__isnull=True,
        attempts__lt=rules.setting("ALERTS_MAX_FAILURES", 5),
    )
    for digest in unsent.order_by("pk"):
        with transaction.atomic():
            locked = (
                Digest.objects.select_for_update(skip_locked=True)
                .filter(pk=digest.pk, sent_at__isnull=True)
                .first()
            )
            if locked is not None and needs_retry(locked, stale_before):
                enqueue(locked)
                retried += 1
    return retried


@dataclass
class RunReport:
    found: int = 0
    digests: int = 0
    retried: int = 0
    pruned: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def prune_pending() -> int:
    """Unconfirmed sign-ups past their link's expiry go, and addresses left with nothing."""
    expiry = rules.setting("ALERTS_CONFIRM_MAX_AGE", dt.timedelta(days=3))
    cutoff = rules.now() - expiry
    deleted, _ = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    orphans, _ = Subscriber.objects.filter(
        subscriptions__isnull=True, created_at__lt=cutoff
    ).delete()
    ConfirmationSend.objects.filter(sent_at__lt=rules.now() - dt.timedelta(days=1)).delete()
    # Alerts nobody follows any more hold no personal data, but nothing needs them either.
    Alert.objects.filter(subscriptions__isnull=True, created_at__lt=cutoff).delete()
    return deleted + orphans


def run(cap: int | None = None) -> RunReport:
    started = time.monotonic()
    cap = cap or rules.setting("ALERTS_MAX_DIGESTS_PER_RUN", 5000)
    report = RunReport()
    report.retried = retry_unsent()
    report.found = find_items()
    report.digests = make_digests(cap)
    report.pruned = prune_pending()
    report.seconds = time.monotonic() - started
    return report


# ---------------------------------------------------------------- the e-mail


@dataclass
class ItemView:
    title: str
    speaker: str
    excerpt: str
    url: str
    date: dt.date | None


@dataclass
class AlertView:
    label: str
    items: list[ItemView]
    more: int
    more_url: str


def excerpt(entry: SearchEntry, lang: str) -> str:
    lead = getattr(entry, f"lead_{lang}") or entry.lead_vi
    body = getattr(entry, f"body_{lang}") or entry.body_vi
    text = " ".join(f"{lead} {body}".split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"


def digest_views(digest: Digest, lang: str) -> list[AlertView]:
    """What the digest shows, in `lang`: per alert, its newest items still public."""
    items = list(digest.items.select_related("subscription__alert").order_by("-public_from"))
    keys = {(item.kind, item.object_id) for item in items}
    condition = Q(pk__in=[])
    for kind in {kind for kind, _ in keys}:
        condition |= Q(kind=kind, object_id__in=[oid for k, oid in keys if k == kind])
    # Public still: an article unpublished since the run is not mailed.
    entries = {
        (e.kind, e.object_id): e
        for e in SearchEntry.objects.filter(condition, public_from__lte=rules.now())
    }
    speakers = dict(
        Person.objects.filter(
            pk__in={e.person_ids[0] for e in entries.values() if e.kind == "statement"}
        ).values_list("pk", "full_name")
    )
    grouped: dict[int, list] = defaultdict(list)
    alerts = {}
    for item in items:
        entry = entries.get((item.kind, item.object_id))
        if entry is not None:
            grouped[item.subscription.alert_id].append(entry)
            alerts[item.subscription.alert_id] = item.subscription.alert
    shown = items_per_alert()
    search_path = reverse("articles:search")
    views = []
    for alert_id, found in grouped.items():
        alert = alerts[alert_id]
        views.append(
            AlertView(
                label=rules.describe(alert),
                items=[
                    ItemView(
                        title=getattr(e, f"title_{lang}") or e.title_vi,
                        speaker=speakers.get(e.person_ids[0], "") if e.kind == "statement" else "",
                        excerpt=excerpt(e, lang),
                        url=rules.absolute(getattr(e, f"url_{lang}") or e.url_vi),
                        date=e.date,
                    )
                    for e in found[:shown]
                ],
                more=max(0, len(found) - shown),
                more_url=rules.absolute(
                    f"{search_path}?{rules.search_query_string(alert)}&sort=newest"
                ),
            )
        )
    return views


def build_message(digest: Digest) -> EmailMultiAlternatives | None:
    subscriber = digest.subscriber
    lang = subscriber.language
    with translation.override(lang):
        views = digest_views(digest, lang)
        if not views:
            return None
        token = rules.subscriber_token(subscriber)
        unsubscribe = rules.link("alerts:unsubscribe", lang, token=token)
        count = sum(len(v.items) + v.more for v in views)
        context = {
            "alerts": views,
            "manage_url": rules.link("alerts:manage", lang, token=token),
            "unsubscribe_url": unsubscribe,
            "count": count,
            "lang": lang,
        }
        subject = ngettext(
            "%(n)s new item for your alerts", "%(n)s new items for your alerts", count
        ) % {"n": count}
        message = EmailMultiAlternatives(
            subject=f"{gettext('Nghệ An meeting archive')}: {subject}",
            body=render_to_string("alerts/email/digest.txt", context),
            to=[subscriber.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",  # RFC 3834: no auto-replies
            },
        )
        message.attach_alternative(
            render_to_string("alerts/email/digest.html", context), "text/html"
        )
        return message


def record_failure(subscriber_id: int, error: BaseException) -> None:
    limit = rules.setting("ALERTS_MAX_FAILURES", 5)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None:
            return
        subscriber.failures += 1
        subscriber.last_failure = f"{type(error).__name__}: {error}"[:1000]
        subscriber.last_failure_at = rules.now()
        if subscriber.failures >= limit:
            subscriber.disabled_at = rules.now()
        subscriber.save(
            update_fields=["failures", "last_failure", "last_failure_at", "disabled_at"]
        )


@task()
def send_digest(digest_id: int) -> str:
    """Send one digest, once. A failure is recorded on the subscriber and raised, so the task
    fails and the next `send_alerts` enqueues it again (until the subscriber is disabled)."""
    failure = None
    with transaction.atomic():
        digest = (
            Digest.objects.select_for_update()
            .select_related("subscriber")
            .filter(pk=digest_id)
            .first()
        )
        if digest is None:
            return "gone"  # unsubscribed: the digest went with the subscriber
        if digest.sent_at is not None:
            return "already sent"
        subscriber = digest.subscriber
        if subscriber.disabled_at is not None:
            return "subscriber disabled"
        message = build_message(digest)
        if message is not None:
            try:
                message.send()
            except Exception as error:  # any backend error: SMTP refusal, timeout, bounce
                failure = error
        if failure is None:
            digest.sent_at = rules.now()
            digest.save(update_fields=["sent_at"])
            if subscriber.failures:
                Subscriber.objects.filter(pk=subscriber.pk).update(failures=0)
    if failure is not None:
        record_failure(digest.subscriber_id, failure)
        raise failure
    # Pacing: one worker sends at most one digest per ALERTS_SEND_DELAY seconds.
    time.sleep(rules.setting("ALERTS_SEND_DELAY", 0.0))
    return "sent" if message is not None else "nothing left to show"
