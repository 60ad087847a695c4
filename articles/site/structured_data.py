"""schema.org JSON-LD for the public pages: NewsArticle, Person, Event, Legislation, Quotation,
ImageObject. Plain dicts; the `json_ld` template tag escapes them for a <script> data block.

Only what the records hold goes in: no guessed locations, roles or dates.
"""

from collections.abc import Iterable

from django.http import HttpRequest
from django.utils import timezone, translation

from articles.models import Article, Document, Meeting, Photo, Statement
from articles.site.alternates import ORIGINAL_LANGUAGE, for_object, languages_of
from people.models import Organization, Person, Position

CONTEXT = "https://schema.org"


def _absolute(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url)


def _compact(data: dict) -> dict:
    """Drop empty values: schema.org readers treat a missing property better than a blank one."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def organization_ld(request: HttpRequest, organization: Organization | None) -> dict | None:
    if organization is None:
        return None
    return _compact(
        {
            "@type": "Organization",
            "name": organization.name,
            "alternateName": organization.short_name,
            "url": _absolute(request, organization.get_absolute_url()),
        }
    )


def person_ref(request: HttpRequest, person: Person) -> dict:
    return {
        "@type": "Person",
        "name": person.full_name,
        "url": _absolute(request, person.get_absolute_url()),
    }


def person_ld(request: HttpRequest, person: Person, positions: Iterable[Position]) -> dict:
    positions = list(positions)
    return _compact(
        {
            "@context": CONTEXT,
            **person_ref(request, person),
            "alternateName": list(person.aliases),
            "jobTitle": [position.title for position in positions],
            "affiliation": [
                organization_ld(request, position.organization) for position in positions
            ],
            "image": _absolute(request, person.portrait.url) if person.portrait else None,
        }
    )


def image_ld(request: HttpRequest, photo: Photo) -> dict:
    return _compact(
        {
            "@type": "ImageObject",
            "contentUrl": _absolute(request, photo.image.url) if photo.image else None,
            "caption": photo.caption,
            "description": photo.alt_text,
            "creditText": photo.credit,
        }
    )


def quotation_ld(request: HttpRequest, statement: Statement) -> dict:
    return {
        "@type": "Quotation",
        "@id": _absolute(request, statement.get_absolute_url()),
        "text": statement.text,
        "creator": person_ref(request, statement.speaker),
    }


def legislation_ld(request: HttpRequest, document: Document, *, root: bool = False) -> dict:
    return _compact(
        {
            "@context": CONTEXT if root else None,
            "@type": "Legislation",
            "name": document.title,
            "legislationIdentifier": document.symbol,
            "legislationType": document.get_kind_display(),
            "legislationDate": document.issued_on.isoformat() if document.issued_on else None,
            "legislationPassedBy": organization_ld(request, document.issuer),
            "abstract": document.summary,
            "url": _absolute(request, document.get_absolute_url()),
        }
    )


def event_ld(
    request: HttpRequest,
    meeting: Meeting,
    attendees: Iterable[Person] = (),
    *,
    root: bool = False,
) -> dict:
    return _compact(
        {
            "@context": CONTEXT if root else None,
            "@type": "Event",
            "name": meeting.title,
            "startDate": meeting.date.isoformat(),
            "organizer": organization_ld(request, meeting.body),
            "attendee": [person_ref(request, person) for person in attendees],
            "url": _absolute(request, meeting.get_absolute_url()),
        }
    )


def article_ld(
    request: HttpRequest,
    article: Article,
    photos: Iterable[Photo],
    statements: Iterable[Statement],
    documents: Iterable[Document],
) -> dict:
    language = translation.get_language()
    urls = {alternate.code: alternate.url for alternate in for_object(article)}
    translations = {
        "workTranslation": [
            {"@id": _absolute(request, urls[code]), "inLanguage": code}
            for code in languages_of(article)
            if code != ORIGINAL_LANGUAGE
        ]
    }
    if language != ORIGINAL_LANGUAGE:
        translations = {
            "translationOfWork": {
                "@id": _absolute(request, urls[ORIGINAL_LANGUAGE]),
                "inLanguage": ORIGINAL_LANGUAGE,
            }
        }
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "NewsArticle",
            "headline": article.title,
            "description": article.lead,
            "inLanguage": language,
            "url": _absolute(request, article.get_absolute_url()),
            "datePublished": timezone.localtime(article.published_at).isoformat(),
            "dateModified": timezone.localtime(article.updated_at).isoformat(),
            "author": {"@type": "Person", "name": article.byline},
            "publisher": {"@type": "Organization", "name": article.source_name},
            "isBasedOn": article.source_url,
            **translations,
            "image": [image_ld(request, photo) for photo in photos],
            "about": event_ld(request, article.meeting) if article.meeting else None,
            "mentions": [legislation_ld(request, document) for document in documents],
            "hasPart": [quotation_ld(request, statement) for statement in statements],
        }
    )
