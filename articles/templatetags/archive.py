"""Template helpers of the public site: safe JSON-LD, the language a text is shown in, numbers in
the reader's format, and the page's alternates in the other languages."""

import json
from decimal import Decimal

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from archive.lib import renditions
from archive.lib.numbers import reader_number
from archive.lib.text import without_honorific
from articles.site import alternates

register = template.Library()

# The characters that could end a <script> element or open a comment inside it. Escaped as
# JSON \u sequences, the data stays the same JSON but can never break out of its element.
_SCRIPT_DATA_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data: dict) -> SafeString:
    """A <script type="application/ld+json"> data block. Browsers never execute it, so CSP does
    not block it, and its content is escaped so that '</script>' in a record cannot close it."""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_DATA_ESCAPES)),  # noqa: S308 - escaped just above
    )


@register.filter
def title_only(title: str) -> str:
    """A printed title or attribution as a title: without "đồng chí"/"comrade" (an honorific)."""
    return without_honorific(title or "")


@register.filter
def lang_of(obj: Model, field: str) -> str:
    """The language in which `obj.<field>` is displayed: the active one when translated, else
    the original Vietnamese that modeltranslation falls back to (for the `lang` attribute)."""
    language = translation.get_language()
    if getattr(obj, f"{field}_{language}", None):
        return language
    return settings.LANGUAGE_CODE


@register.filter
def number(value: Decimal | int | float | None) -> str:
    """A number as readers of the active language write it (1.234,5 in vi, 1,234.5 in en),
    without trailing zeros from the decimal column."""
    return reader_number(value)


@register.simple_tag(takes_context=True)
def page_alternates(context: template.Context) -> list[alternates.Alternate]:
    """The alternates a view named, or a fallback built from the request."""
    named = context.get("alternates")
    if named:
        return named
    request = context.get("request")
    if request is None:
        return alternates.for_view("articles:home")
    return alternates.for_request(request)


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, url: str) -> str:
    """`url` with the scheme and host of the current request (for canonical, hreflang, OG)."""
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


@register.simple_tag
def original_url(obj: Model) -> str:
    """The record's page in the original language (Vietnamese), e.g. a statement's permalink."""
    with translation.override(settings.LANGUAGE_CODE):
        return obj.get_absolute_url()


@register.filter
def dimensions(image: FieldFile) -> tuple[int, int] | None:
    """(width, height) of a stored image, for the <img> attributes that reserve its space
    before it loads (so anchors such as #statement-3 stay put); None when it cannot be read."""
    if not image:
        return None
    try:
        return image.width, image.height
    except (OSError, ValueError, TypeError):
        return None


@register.simple_tag
def relation_sentence(relation: Model, outgoing: bool) -> SafeString:
    """A document relation as a sentence, the other document as a link: "This document makes
    <a>Resolution of the 19th Provincial Party Congress</a> concrete." """
    other = relation.target if outgoing else relation.source
    link = render_to_string("includes/document_ref.html", {"document": other})
    before, _, after = relation.sentence(outgoing).partition("%(document)s")
    return format_html("{}{}{}", before, link, after)


@register.filter
def srcset(photo) -> str:
    """The WebP renditions of a photo for <img srcset> (archive/lib/renditions.py), or ""."""
    size = dimensions(photo.image)
    if not size:
        return ""
    return renditions.srcset(photo.image.storage, photo.image.name, size[0])


@register.filter
def http_url(url: str) -> str:
    """The URL if it is an http(s) address, else "" (a fixture or import could carry a
    javascript: URL past the form validation that the admin applies)."""
    return url if url.lower().startswith(("https://", "http://")) else ""
