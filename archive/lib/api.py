"""Pieces every app's API schemas share: language maps, public-page URL maps, bounded paging.

Schemas get translated fields and URLs through ninja resolvers (`resolve_<field>`), so list
endpoints can hand ninja's paginator a plain queryset and still emit {"vi": …, "en": …} maps.
"""

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import override
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from ninja.responses import NinjaJSONEncoder

LANGUAGE_CODES: tuple[str, ...] = tuple(settings.MODELTRANSLATION_LANGUAGES)


class LangMap(Schema):
    """One translated field: the Vietnamese original and the English translation (null if none)."""

    vi: str | None
    en: str | None


class UrlMap(Schema):
    """A public page in each language."""

    vi: str
    en: str


class NotFound(Schema):
    detail: str = Field(examples=["Not Found"])


class InvalidInput(Schema):
    """Which parameter was refused and why (pydantic's error list)."""

    detail: list[dict[str, Any]]


def list_responses(item: type[Schema]) -> dict[int, Any]:
    """Responses of a paginated list endpoint, as documented in the OpenAPI schema."""
    return {200: list[item], 422: InvalidInput}


def detail_responses(item: type[Schema]) -> dict[int, Any]:
    """Responses of an endpoint giving one record by id."""
    return {200: item, 404: NotFound, 422: InvalidInput}


def lang_map(obj: Model, field: str) -> dict[str, str | None]:
    """Read each language's own column (`title_vi`, `title_en`): no fallback hides a gap."""
    return {lang: getattr(obj, f"{field}_{lang}") for lang in LANGUAGE_CODES}


def translated(field: str) -> staticmethod:
    """A ninja resolver returning the model field `field` as a language map."""

    def resolve(obj: Model) -> dict[str, str | None]:
        return lang_map(obj, field)

    return staticmethod(resolve)


def absolute_uri(context: dict[str, Any], path: str) -> str:
    """`path` made absolute: on the request's host when serving a request, on the context's
    `base_url` when a record is serialized without one (an export, see `as_api_json`)."""
    request = context.get("request")
    if request is not None:
        return request.build_absolute_uri(path)
    return urljoin(context["base_url"], path)


def page_urls(context: dict[str, Any], page: Callable[[], str]) -> dict[str, str]:
    """Absolute URL of a public page in each language; `page` reverses it in the active one."""
    urls = {}
    for lang in LANGUAGE_CODES:
        with override(lang):
            urls[lang] = absolute_uri(context, page())
    return urls


def public_urls(*, inside: str | None = None) -> staticmethod:
    """A ninja resolver giving the object's public page (get_absolute_url) in each language.

    A record without a page of its own (a photo, a target) is shown inside its parent's page:
    `inside` names that relation, and the URL points at `#<model name>-<id>` on that page.
    """

    def resolve(obj: Model, context: dict[str, Any]) -> dict[str, str]:
        if inside is None:
            return page_urls(context, obj.get_absolute_url)
        parent = getattr(obj, inside)
        anchor = f"#{obj._meta.model_name}-{obj.pk}"
        return page_urls(context, lambda: parent.get_absolute_url() + anchor)

    return staticmethod(resolve)


def absolute_file_url(context: dict[str, Any], file: Any) -> str | None:
    """Absolute URL of an uploaded file (photo, portrait), or None when there is none."""
    return absolute_uri(context, file.url) if file else None


def as_api_json(schema: type[Schema], obj: Any, *, base_url: str) -> Any:
    """`obj` exactly as an endpoint answering with `schema` sends it, without an HTTP request:
    the same validation and dump as django-ninja's, the same JSON encoder, decoded again.
    Absolute URLs are built on `base_url` (e.g. "https://archive.example")."""
    dumped = schema.model_validate(obj, context={"base_url": base_url}).model_dump()
    return json.loads(json.dumps(dumped, cls=NinjaJSONEncoder))


PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000  # with MAX_PAGE_SIZE, an offset of at most ten million rows


class BoundedPageNumberPagination(PaginationBase):
    """ninja page-number paging with hard bounds, so no request can ask for an absurd offset.

    A page size above MAX_PAGE_SIZE or a page beyond MAX_PAGE is refused with a 422 that says
    which bound was crossed; a page past the last one is simply empty.
    """

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="1-based page number.")
        page_size: int = Field(
            PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"At most {MAX_PAGE_SIZE}."
        )

    class Output(Schema):
        count: int = Field(description="Number of items on all pages together.")
        page: int
        page_size: int
        items: list[Any]

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "count": queryset.count(),
            "page": pagination.page,
            "page_size": pagination.page_size,
            "items": queryset[offset : offset + pagination.page_size],
        }
