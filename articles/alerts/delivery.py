"""Finding what is new for each alert, making digests, and sending them (`send_alerts`).

A run has three steps, each committed on its own so that a run stopped anywhere loses nothing:

1. `find_items()` (finding.py): the entries that became public since the last run, matched
   against each alert's search from its high-water mark, become items of its subscriptions.
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
from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.tasks.base import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from articles.alerts import rules
from articles.alerts.finding import find_items
from articles.alerts.models import (
    Alert,
    AlertItem,
    ConfirmationSend,
    Digest,
    Subscriber,
    Subscription,
)
from articles.search import SearchEntry
from people.models import Person

logger = logging.getLogger(__name__)

EXCERPT_CHARS = 300


def items_per_alert() -> int:
    return rules.setting("ALERTS_ITEMS_PER_ALERT", 5)


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
