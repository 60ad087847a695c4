"""Export of one article with every record it links to, each exactly as the API gives it.

The article is its `GET /api/v1/articles/{id}` detail; beside it come the full details of every
record the file links to by id (`GET /api/v1/people/{id}`, `/organizations/{id}`,
`/documents/{id}`, `/meetings/{id}`), serialized by the API's own loaders and schemas with the
editor's scope (drafts included), and the topics in the shape the article detail gives them.
The file is closed under its links: the documents related to a document in it, the people who
proposed its targets, the organizations above and below one in it are all in it, so an import
into an empty database can resolve every id.
"""

from typing import Any

from archive.lib.api import as_api_json
from articles.api import load_article, load_document, load_meeting
from articles.api.schemas import ArticleDetail, DocumentDetail, MeetingDetail, TopicOut
from articles.api.scopes import EVERYTHING
from articles.interchange.shape import FORMAT, VERSION
from articles.models import ArticleDocument, Target, Topic
from people.api import load_organization, load_person
from people.models import Position
from people.schemas import OrganizationDetail, PersonDetail

DEFAULT_BASE_URL = "http://localhost:8000"


def _closure(start: set[int], load: Any, links: Any) -> list[dict]:
    """Serialized records from `start`, following `links(record) -> ids` until nothing is new."""
    found: dict[int, dict] = {}
    pending = {pk for pk in start if pk is not None}
    while pending:
        pk = pending.pop()
        found[pk] = load(pk)
        pending |= {linked for linked in links(found[pk]) if linked is not None} - set(found)
    return [found[pk] for pk in sorted(found)]


def export_article(article_id: int, *, base_url: str = DEFAULT_BASE_URL) -> dict[str, Any]:
    """The article file as a JSON-ready dict. Raises Http404 if there is no such article.
    `base_url` is the public site's address, on which the records' `url`s are built."""

    def as_json(schema: Any, obj: Any) -> Any:
        return as_api_json(schema, obj, base_url=base_url)

    article_obj = load_article(EVERYTHING, article_id)
    article = as_json(ArticleDetail, article_obj)
    statements = article["statements"]
    reported = sorted(Target.objects.filter(article=article_obj).values_list("pk", flat=True))

    meetings = _closure(
        {article["meeting_id"]} | {s["meeting_id"] for s in statements},
        lambda pk: as_json(MeetingDetail, load_meeting(EVERYTHING, pk)),
        lambda meeting: (),
    )
    documents = _closure(
        {d["id"] for d in article["documents"]}
        | {pk for s in statements for pk in s["document_ids"]}
        | {t["document_id"] for t in article["targets"]}
        | set(Target.objects.filter(pk__in=reported).values_list("document_id", flat=True))
        | {item["document_id"] for m in meetings for item in m["agenda_items"]},
        lambda pk: as_json(DocumentDetail, load_document(EVERYTHING, pk)),
        lambda document: [
            pk for r in document["relations"] for pk in (r["source_id"], r["target_id"])
        ],
    )
    targets = [target for document in documents for target in document["targets"]]
    people = _closure(
        {p["id"] for p in article["people"]}
        | {s["speaker_id"] for s in statements}
        | {pk for photo in article["photos"] for pk in photo["people_shown_ids"]}
        | {m["chair_id"] for m in meetings}
        | {a["person_id"] for m in meetings for a in m["attendees"]}
        | {item["presenter_id"] for m in meetings for item in m["agenda_items"]}
        | {t["proposed_by_id"] for t in targets},
        lambda pk: as_json(PersonDetail, load_person(EVERYTHING, pk)),
        lambda person: (),
    )
    organizations = _closure(
        {p["organization_id"] for person in people for p in person["positions"]}
        | {d["issuer_id"] for d in documents}
        | {m["body_id"] for m in meetings},
        lambda pk: as_json(OrganizationDetail, load_organization(EVERYTHING, pk)),
        lambda organization: [organization["parent_id"], *organization["child_ids"]],
    )
    topics = Topic.objects.filter(
        pk__in={t["id"] for t in article["topics"]}
        | {t["pillar"]["id"] for t in targets if t["pillar"]}
    ).order_by("pk")
    positions = Position.objects.filter(person__in=[p["id"] for p in people]).order_by("pk")
    return {
        "format": FORMAT,
        "version": VERSION,
        "article": article,
        "editorial": {
            "status": article_obj.status,
            "reported_target_ids": reported,
            "document_orders": [
                {"document_id": link.document_id, "order": link.order}
                for link in ArticleDocument.objects.filter(article=article_obj).order_by(
                    "order", "pk"
                )
            ],
            "positions": [
                {"id": p.pk, "order": p.order, "source_url": p.source_url} for p in positions
            ],
            "topics": [
                {
                    "id": topic.pk,
                    "description": {"vi": topic.description_vi, "en": topic.description_en},
                    "order": topic.order,
                }
                for topic in topics
            ],
        },
        "people": people,
        "organizations": organizations,
        "documents": documents,
        "meetings": meetings,
        "topics": [as_json(TopicOut, topic) for topic in topics],
    }
