"""The alerts' rules, written once: addresses, what an alert searches, signed links, limits."""

import datetime as dt
import hashlib
import hmac
import json
import unicodedata
from collections.abc import Mapping

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from articles.search import Kind, SearchParams, clean_query, parse_params

# Items an alert sends when its search names no type: what was said and what was reported.
DEFAULT_KINDS = (Kind.ARTICLE, Kind.STATEMENT)


def setting(name: str, default):
    return getattr(settings, name, default)


# ---------------------------------------------------------------- addresses


def normalise_email(raw: str) -> str:
    """One spelling per address: NFKC, no surrounding space, the domain in lower case.

    The local part keeps its case (RFC 5321 leaves it to the receiving server). Raises
    ValidationError for anything that is not an address.
    """
    text = unicodedata.normalize("NFKC", raw or "").strip()
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        raise ValidationError("not an address")
    address = f"{local}@{domain.lower()}"
    validate_email(address)
    if len(address) > 254:
        raise ValidationError("too long")
    return address


def keyed_hash(value: str) -> str:
    """What the rate limits count by: never the address or network address itself."""
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------- what an alert searches


def alert_fields(data: Mapping, lang: str) -> tuple[dict, list[str]]:
    """The normalised search an alert follows, from search-page parameters.

    Only what says *what* to follow is kept (words, type, official, document, pillar); paging,
    sorting and dates are not. Filters resolve through parse_params(), so a hidden or unknown
    official, document or pillar is dropped (with its message) exactly as the search drops it.
    """
    params, messages = parse_params(data, lang=lang, public_only=True)
    fields = {
        "q": clean_query(params.q).text.lower(),
        "types": sorted(set(params.types)),
        "person_ids": sorted(set(params.person_ids)),
        "document_ids": sorted(set(params.document_ids)),
        "pillar_ids": sorted(set(params.pillar_ids)),
    }
    return fields, messages


def is_empty(fields: Mapping) -> bool:
    return not any(fields.values())


def alert_key(fields: Mapping) -> str:
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def alert_params(alert, lang: str) -> SearchParams:
    """The alert's search, for finding new items: newest first, the public's records only."""
    return SearchParams(
        q=alert.q,
        lang=lang,
        types=tuple(alert.types) or DEFAULT_KINDS,
        person_ids=tuple(alert.person_ids),
        document_ids=tuple(alert.document_ids),
        pillar_ids=tuple(alert.pillar_ids),
        sort="newest",
        public_only=True,
    )


def search_query_string(alert) -> str:
    """The alert as search-page parameters (the "more" link, the edit form)."""
    pairs: list[tuple[str, object]] = [("q", alert.q)] if alert.q else []
    pairs += [("type", t) for t in alert.types]
    pairs += [("person", i) for i in alert.person_ids]
    pairs += [("document", i) for i in alert.document_ids]
    pairs += [("pillar", i) for i in alert.pillar_ids]
    return urlencode(pairs)


def describe(alert) -> str:
    """A reader's label for an alert in the active language, e.g. “budget” · Nguyễn Văn A."""
    from articles import visibility

    parts = [f"“{alert.q}”"] if alert.q else []
    for records, ids in (
        (visibility.people(), alert.person_ids),
        (visibility.documents(), alert.document_ids),
        (visibility.topics(), alert.pillar_ids),
    ):
        if ids:
            parts += [str(record) for record in records.filter(pk__in=ids)]
    parts += [str(Kind(t).label) for t in alert.types]
    return " · ".join(parts)


# ---------------------------------------------------------------- signed links

CONFIRM_SALT = "alerts.confirm"
SUBSCRIBER_SALT = "alerts.subscriber"


def confirm_token(subscription) -> str:
    return signing.dumps(
        {"s": subscription.pk, "k": subscription.subscriber.key}, salt=CONFIRM_SALT
    )


def read_confirm_token(token: str) -> dict | None:
    max_age = setting("ALERTS_CONFIRM_MAX_AGE", dt.timedelta(days=3))
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        return None


def subscriber_token(subscriber) -> str:
    """The key to one subscriber's page and one-click unsubscribe: no expiry, since every
    e-mail carries it and an old e-mail must still unsubscribe."""
    return signing.dumps({"s": subscriber.pk, "k": subscriber.key}, salt=SUBSCRIBER_SALT)


def subscriber_from_token(token: str, queryset: QuerySet):
    try:
        data = signing.loads(token, salt=SUBSCRIBER_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return queryset.filter(pk=data.get("s"), key=data.get("k")).first()


def absolute(path: str) -> str:
    return setting("SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def link(name: str, lang: str, **kwargs) -> str:
    """An absolute link to an alerts page in `lang` (e-mails are read away from the site)."""
    with translation.override(lang):
        return absolute(reverse(name, kwargs=kwargs or None))


def now() -> dt.datetime:
    return timezone.now()
