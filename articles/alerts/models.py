"""Alerts in openparliament's shape: a shared saved search, who follows it, what was sent.

- `Alert` (openparliament's Topic): a search, normalised (articles/alerts/rules.py) so that all
  who follow the same thing share one row and it is searched once per run;
- `Subscriber`: an e-mail address (stored normalised) and the language chosen at sign-up; no
  account. Deleting it (unsubscribe) deletes its subscriptions, items and digests with it;
- `Subscription`: a subscriber follows an alert once confirmed (double opt-in, per alert);
- `Sighting`: when `send_alerts` first saw a search entry public, one row per entry (not per
  alert). It is the one timeline every alert's high-water mark (`Alert.mark`) points into, and
  it keeps an edit to an old record (which re-indexes it) from being news;
- `AlertItem`: a search entry found for one subscription, unique per
  (subscription, entry), so nothing is found twice; it waits with `digest` empty until a digest
  takes it, and is sent once that digest is;
- `Digest`: one e-mail to one subscriber, made and enqueued in one transaction and marked sent by
  the task that sends it, so a run that fails half way loses nothing and sends nothing twice;
- `ConfirmationSend`: when a confirmation mail went out, counted per address and per network
  address (both as keyed hashes) so the limits hold across every server process.
"""

import secrets

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Alert(models.Model):
    key = models.CharField(max_length=64, unique=True)  # sha256 of the normalised search
    q = models.CharField(max_length=300, blank=True)
    types = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    person_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    document_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    pillar_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The high-water mark: entries first seen public (Sighting.seen_at) up to this moment have
    # been looked at for this alert; a run looks at those after it, then moves it. Set to the
    # moment the alert is made, so nothing the search already finds is news, at the cost of
    # one row whatever it matches.
    mark = models.DateTimeField()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self) -> str:
        return self.q or self.key[:12]


class Sighting(models.Model):
    """A search entry `send_alerts` has seen public: written once, by the first run that sees it.

    `seen_at` is that run's moment, the timeline of every alert's mark: an entry committed late,
    or a scheduled one whose time has come, is seen by a later run and so lands after every mark
    already set. `public_at` is when readers could first see it (its publication time, or when
    it was indexed public if that is later: an archived report entered today); a subscriber gets
    only what became public after they confirmed. Keyed by (kind, object_id), which survive
    `rebuild_search_index`; an entry unpublished and published again is not news twice."""

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    seen_at = models.DateTimeField(db_index=True)
    public_at = models.DateTimeField()

    class Meta:
        verbose_name = _("entry seen public")
        verbose_name_plural = _("entries seen public")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="alerts_sighting_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} seen {self.seen_at}"


class Subscriber(models.Model):
    email = models.EmailField(max_length=254, unique=True)
    language = models.CharField(max_length=8, default="vi")
    # Signed into every link: a link made for a deleted subscriber never opens a new one's page.
    key = models.CharField(max_length=64, default=secrets.token_urlsafe, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    failures = models.PositiveIntegerField(default=0)  # failed sends in a row
    last_failure = models.TextField(blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)  # too many failures: not sent to

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return self.email


class Subscription(models.Model):
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="subscriptions")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "alert"], name="alerts_one_per_alert")
        ]

    def __str__(self) -> str:
        return f"{self.subscriber_id} → {self.alert_id}"


class Digest(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="digests")
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField()
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        indexes = [
            models.Index(
                name="alerts_digest_unsent",
                fields=["enqueued_at"],
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"digest {self.pk} → {self.subscriber_id}"


class AlertItem(models.Model):
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    public_from = models.DateTimeField()  # when it became public to the archive's readers
    found_at = models.DateTimeField(auto_now_add=True)
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )

    class Meta:
        verbose_name = _("alert item")
        verbose_name_plural = _("alert items")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "kind", "object_id"], name="alerts_item_once"
            )
        ]
        indexes = [
            models.Index(
                name="alerts_item_waiting",
                fields=["subscription"],
                condition=models.Q(digest__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} → {self.subscription_id}"


class ConfirmationSend(models.Model):
    address_hash = models.CharField(max_length=64, db_index=True)
    network_hash = models.CharField(max_length=64, db_index=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("confirmation sent")
        verbose_name_plural = _("confirmations sent")

    def __str__(self) -> str:
        return f"confirmation at {self.sent_at}"
