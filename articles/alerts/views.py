"""Alerts pages: follow, confirm, one page per subscriber, unsubscribe. Thin: the rules live in
rules.py and signup.py."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from articles.alerts import rules, signup
from articles.alerts.models import Alert, Subscriber, Subscription


def current_lang() -> str:
    lang = get_language() or "vi"
    return lang if lang in ("vi", "en") else "vi"


def unsaved_alert(fields: dict) -> Alert:
    return Alert(**fields)


def invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/invalid_link.html", status=400)


def too_many(request: HttpRequest, context: dict) -> HttpResponse:
    context["error"] = _(
        "Too many sign-ups came from your network in the last hour. Please try again later."
    )
    return render(request, "alerts/follow.html", context, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    lang = current_lang()
    source = QueryDict(request.POST.get("search", "")) if request.method == "POST" else request.GET
    fields, messages = rules.alert_fields(source, lang)
    alert = unsaved_alert(fields)
    context = {
        "alert": alert,
        "label": rules.describe(alert) if not rules.is_empty(fields) else "",
        "search": rules.search_query_string(alert),
        "messages_": messages,
        "email": "",
        "error": "",
    }
    if rules.is_empty(fields):
        context["error"] = _(
            "Choose what to follow first: an official, a document, a pillar or a search."
        )
        return render(request, "alerts/follow.html", context, status=400)
    if request.method == "GET":
        return render(request, "alerts/follow.html", context)
    context["email"] = request.POST.get("email", "")[:320]
    network = signup.network_of(request)
    if signup.network_limited(network):
        return too_many(request, context)
    try:
        address = rules.normalise_email(context["email"])
    except ValidationError:
        context["error"] = _("Enter a valid e-mail address.")
        return render(request, "alerts/follow.html", context, status=400)
    if not signup.sign_up(address, fields, lang, network):
        return too_many(request, context)
    # The same answer for a new, a pending and a confirmed address: nobody learns who follows.
    return redirect("alerts:follow-sent")


@never_cache
def follow_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/follow_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners open links); POST confirms."""
    data = rules.read_confirm_token(token)
    subscription = None
    if isinstance(data, dict):
        subscription = (
            Subscription.objects.select_related("subscriber", "alert")
            .filter(pk=data.get("s"), subscriber__key=data.get("k"))
            .first()
        )
    if subscription is None:
        return invalid_link(request)
    context = {"label": rules.describe(subscription.alert), "confirmed": False}
    if request.method == "POST":
        with transaction.atomic():
            Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
                confirmed_at=rules.now()
            )
        context["confirmed"] = True
        context["manage_url"] = reverse(
            "alerts:manage", kwargs={"token": rules.subscriber_token(subscription.subscriber)}
        )
    return render(request, "alerts/confirm.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = rules.subscriber_from_token(token, Subscriber.objects.all())
    if subscriber is None:
        return invalid_link(request)
    notice = ""
    if request.method == "POST":
        notice = change(request, subscriber)
    subscriptions = subscriber.subscriptions.select_related("alert").order_by("created_at")
    rows = [
        {
            "id": s.pk,
            "label": rules.describe(s.alert),
            "q": s.alert.q,
            "confirmed": s.confirmed_at is not None,
            "search_url": f"{reverse('articles:search')}?{rules.search_query_string(s.alert)}",
        }
        for s in subscriptions
    ]
    context = {
        "subscriber": subscriber,
        "rows": rows,
        "notice": notice,
        "unsubscribe_url": reverse("alerts:unsubscribe", kwargs={"token": token}),
        "languages": [("vi", "Tiếng Việt"), ("en", "English")],
    }
    return render(request, "alerts/manage.html", context)


def change(request: HttpRequest, subscriber: Subscriber) -> str:
    """One change from the subscriber's page: remove or re-word an alert, or the language."""
    action = request.POST.get("action", "")
    if action == "language":
        lang = request.POST.get("language", "")
        if lang in ("vi", "en"):
            Subscriber.objects.filter(pk=subscriber.pk).update(language=lang)
            subscriber.language = lang
            return _("Your e-mails will come in the language you chose.")
        return _("Choose a language from the list.")
    chosen = request.POST.get("subscription", "")
    subscription = (
        subscriber.subscriptions.filter(pk=int(chosen)).select_related("alert").first()
        if chosen.isascii() and chosen.isdigit() and len(chosen) < 19
        else None
    )
    if subscription is None:
        return _("That alert is no longer on your list.")
    if action == "remove":
        subscription.delete()
        return _("The alert was removed.")
    if action == "edit":
        data = QueryDict(rules.search_query_string(subscription.alert), mutable=True)
        data["q"] = request.POST.get("q", "")[:300]
        fields, _messages = rules.alert_fields(data, current_lang())
        if rules.is_empty(fields):
            return _("An alert needs words or a filter: to stop it, remove it.")
        alert = signup.alert_for(fields)
        with transaction.atomic():
            if subscriber.subscriptions.filter(alert=alert).exclude(pk=subscription.pk).exists():
                subscription.delete()  # they follow that already
            else:
                Subscription.objects.filter(pk=subscription.pk).update(alert=alert)
        return _("The alert was changed.")
    return _("Nothing was changed.")


@csrf_exempt  # RFC 8058 one-click: mail providers POST here without our cookies
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners open links); POST deletes the subscriber and all their data."""
    try:
        signing.loads(token, salt=rules.SUBSCRIBER_SALT)
    except signing.BadSignature:
        return invalid_link(request)
    subscriber = rules.subscriber_from_token(token, Subscriber.objects.all())
    if request.method == "POST":
        if subscriber is not None:
            subscriber.delete()  # subscriptions, items and digests go with it
        return render(request, "alerts/unsubscribe.html", {"done": True})
    return render(request, "alerts/unsubscribe.html", {"done": subscriber is None})
