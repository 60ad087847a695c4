"""Signing up: the follow form's one answer, the limits, and the confirmation e-mails."""

import datetime as dt
import logging
from collections.abc import Mapping

from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from articles.alerts import rules
from articles.alerts.models import Alert, ConfirmationSend, Subscriber, Subscription

logger = logging.getLogger(__name__)


def network_of(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def network_limited(network: str) -> bool:
    """Too many confirmation mails asked from this network address in the last hour."""
    limit = rules.setting("ALERTS_CONFIRMATIONS_PER_IP", 20)
    since = rules.now() - dt.timedelta(hours=1)
    sent = ConfirmationSend.objects.filter(
        network_hash=rules.keyed_hash(network), sent_at__gte=since
    )
    return sent.count() >= limit


def address_limited(address: str) -> bool:
    """Too many confirmation mails sent to this address in the last day (silently: the form
    answers the same, so nobody learns the address was asked for)."""
    limit = rules.setting("ALERTS_CONFIRMATIONS_PER_ADDRESS", 3)
    since = rules.now() - dt.timedelta(days=1)
    sent = ConfirmationSend.objects.filter(
        address_hash=rules.keyed_hash(address), sent_at__gte=since
    )
    return sent.count() >= limit


def alert_for(fields: Mapping) -> Alert:
    """The one shared alert for these normalised fields."""
    key = rules.alert_key(fields)
    try:
        with transaction.atomic():
            # The mark: what the search finds now is not news (one row, however much it finds).
            alert, _ = Alert.objects.get_or_create(
                key=key, defaults={**fields, "mark": rules.now()}
            )
    except IntegrityError:  # made by a concurrent sign-up
        alert = Alert.objects.get(key=key)
    return alert


def sign_up(address: str, fields: Mapping, lang: str, network: str) -> bool:
    """Record the wish and mail the address; False when the network address is over its limit.

    Otherwise the caller answers the same whatever happened (new, pending or confirmed address,
    address over its limit), so the answer tells nobody who follows what.
    """
    with transaction.atomic():
        # Concurrent sign-ups for one address or from one network wait here, so the counts
        # below cannot both pass the limit (every server process shares the database).
        with connection.cursor() as cursor:
            for value in (address, network):
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(hashtextextended(%s, 17))",
                    [rules.keyed_hash(value)],
                )
        if network_limited(network):
            return False
        alert = alert_for(fields)
        subscriber, created = Subscriber.objects.get_or_create(
            email=address, defaults={"language": lang}
        )
        if not created and not subscriber.subscriptions.filter(confirmed_at__isnull=False):
            # Nothing confirmed yet: the latest sign-up's language is the one they read.
            subscriber.language = lang
            subscriber.save(update_fields=["language"])
        subscription, _ = Subscription.objects.get_or_create(subscriber=subscriber, alert=alert)
        if address_limited(address):
            return True
        ConfirmationSend.objects.create(
            address_hash=rules.keyed_hash(address), network_hash=rules.keyed_hash(network)
        )
    try:
        send_confirmation(subscription)
    except Exception:  # the mail server is down: log it; the reader may simply try again
        logger.exception("confirmation mail not sent")
    return True


def send_confirmation(subscription: Subscription) -> None:
    subscriber = subscription.subscriber
    lang = subscriber.language
    with translation.override(lang):
        context = {
            "alert": rules.describe(subscription.alert),
            "already": subscription.confirmed_at is not None,
            "confirm_url": rules.link(
                "alerts:confirm", lang, token=rules.confirm_token(subscription)
            ),
            "manage_url": rules.link(
                "alerts:manage", lang, token=rules.subscriber_token(subscriber)
            ),
            "days": rules.setting("ALERTS_CONFIRM_MAX_AGE", dt.timedelta(days=3)).days,
        }
        subject = (
            gettext("You already follow this")
            if context["already"]
            else gettext("Confirm your alert")
        )
        EmailMessage(
            subject=f"{gettext('Nghệ An meeting archive')}: {subject}",
            body=render_to_string("alerts/email/confirm.txt", context),
            to=[subscriber.email],
        ).send()
