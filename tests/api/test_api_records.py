"""/api/v1/ documents, targets, statements and meetings: identity, links by id, filters."""

import pytest

from articles.models import ArticleDocument, DocumentRelation, Statement, Target
from tests.builders import (
    make_article,
    make_document,
    make_person,
    make_reported_article,
    make_statement,
    make_target,
)

pytestmark = pytest.mark.django_db


def test_document_list_gives_identity_newest_issue_first(api_get):
    article = make_reported_article(size=3)
    documents = sorted(
        (link.document for link in article.document_links.all()),
        key=lambda document: document.issued_on,
        reverse=True,
    )

    body = api_get("/api/v1/documents/")

    assert [item["id"] for item in body["items"]] == [d.pk for d in documents]
    item, document = body["items"][0], documents[0]
    assert item["symbol"] == document.symbol
    assert item["symbol_key"] == document.symbol.replace("-", "").replace("/", "")
    assert item["issuer_id"] == document.issuer_id
    assert item["issued_on"] == document.issued_on.isoformat()
    assert item["status"] == "draft"
    assert item["kind"] == "resolution"


def test_document_detail_gives_relations_targets_statements_and_articles(api_get):
    article = make_reported_article(size=2)
    first, last = (link.document for link in article.document_links.order_by("order"))
    statement = Statement.objects.get(documents=last)

    item = api_get(f"/api/v1/documents/{last.pk}")

    assert item["summary"] == {"vi": last.summary_vi, "en": last.summary_en}
    assert item["relations"] == [
        {"kind": "implements", "source_id": first.pk, "target_id": last.pk}
    ]
    assert [target["id"] for target in item["targets"]] == [last.targets.get().pk]
    assert item["targets"][0]["pillar"] is not None
    assert item["statement_ids"] == [statement.pk]
    assert item["article_ids"] == [article.pk]


def test_document_relations_to_hidden_documents_are_left_out(api_get):
    article = make_article()
    shown = make_document()
    ArticleDocument.objects.create(article=article, document=shown, role="cited")
    unpublished = make_document()
    DocumentRelation.objects.create(source=shown, target=unpublished, kind="reviews")

    assert api_get(f"/api/v1/documents/{shown.pk}")["relations"] == []
    api_get(f"/api/v1/documents/{unpublished.pk}", status=404)


def test_target_detail_has_pillar_and_the_statements_about_it(api_get):
    make_reported_article(size=2)
    target = Target.objects.order_by("pk").first()
    statement = target.statements.get()

    item = api_get(f"/api/v1/targets/{target.pk}")

    assert item["document_id"] == target.document_id
    assert item["indicator"] == {"vi": target.indicator_vi, "en": target.indicator_en}
    assert item["unit"] == {"vi": "%", "en": "%"}
    assert item["pillar"]["id"] == target.pillar_id
    assert item["proposed_by_id"] == target.proposed_by_id
    assert item["outcome"] == "in_draft"
    assert item["statement_ids"] == [statement.pk]
    assert item["url"]["vi"].endswith(
        f"/{target.document_id}-{target.document.slug_vi}/#target-{target.pk}"
    )


def test_targets_filter_by_deadline_outcome_document_and_pillar(api_get):
    article = make_reported_article(size=2)
    document = article.document_links.order_by("order").first().document
    later = make_target(document, deadline_year=2030, outcome=Target.Outcome.PROPOSED)

    def ids(**params):
        return [item["id"] for item in api_get("/api/v1/targets/", **params)["items"]]

    assert ids(deadline_year=2030) == [later.pk]
    assert ids(outcome="proposed") == [later.pk]
    assert set(ids(document=document.pk)) == set(document.targets.values_list("pk", flat=True))
    in_pillar = Target.objects.exclude(pillar=None)
    assert set(ids(pillar=in_pillar[0].pillar_id)) == {target.pk for target in in_pillar}
    assert later.pk not in ids(pillar=in_pillar[0].pillar_id)
    assert len(ids()) == 3


def test_statement_list_filters_by_speaker_document_article_and_kind(api_get):
    article = make_reported_article(size=3)
    other_article = make_article()
    speaker = make_person()
    quote = make_statement(other_article, speaker, kind=Statement.Kind.QUOTE)
    first = article.statements.order_by("order").first()
    document = first.documents.get()

    def ids(**params):
        return [item["id"] for item in api_get("/api/v1/statements/", **params)["items"]]

    assert ids(speaker=speaker.pk) == [quote.pk]
    assert ids(kind="quote") == [quote.pk]
    assert ids(document=document.pk) == [first.pk]
    assert ids(article=article.pk) == list(
        article.statements.order_by("order").values_list("pk", flat=True)
    )
    assert len(ids()) == 4


def test_statements_of_draft_articles_are_hidden(api_get):
    statement = make_statement(make_article(published=False), make_person())

    assert api_get("/api/v1/statements/")["count"] == 0
    api_get(f"/api/v1/statements/{statement.pk}", status=404)


def test_statement_detail_has_its_permalink_in_both_languages(api_get):
    article = make_article(slug_vi="bai-goc", slug_en="the-article")
    statement = make_statement(article, make_person(), kind=Statement.Kind.QUOTE)

    item = api_get(f"/api/v1/statements/{statement.pk}")

    assert item["article_id"] == article.pk
    assert item["url"]["vi"].endswith(f"/{article.pk}-bai-goc/#statement-{statement.pk}")
    assert item["url"]["en"].endswith(f"/{article.pk}-the-article/#statement-{statement.pk}")
    assert "/en/" in item["url"]["en"]
    assert "/en/" not in item["url"]["vi"]


def test_meeting_detail_gives_chair_attendees_with_roles_and_agenda(api_get):
    article = make_reported_article(size=2)
    meeting = article.meeting

    item = api_get(f"/api/v1/meetings/{meeting.pk}")

    assert item["chair_id"] == meeting.chair_id
    assert item["body_id"] == meeting.body_id
    assert item["kind"] == {"vi": "phiên họp thường kỳ", "en": "regular session"}
    assert item["attendees"][0] == {"person_id": meeting.chair_id, "role": "chair", "order": 0}
    assert [a["role"] for a in item["attendees"][1:]] == ["attendee", "attendee"]
    assert [a["order"] for a in item["agenda_items"]] == [1, 2]
    assert item["agenda_items"][0]["title"] == {
        "vi": "Nội dung thử 1",
        "en": "Test agenda item 1",
    }
    assert item["agenda_items"][0]["document_id"] == (
        article.document_links.order_by("order").first().document_id
    )
    assert item["article_ids"] == [article.pk]
    assert item["statement_ids"] == list(
        article.statements.order_by("order").values_list("pk", flat=True)
    )


def test_meetings_reported_only_by_drafts_are_hidden(api_get):
    shown = make_reported_article(size=1).meeting
    hidden = make_reported_article(size=1, status="draft").meeting

    body = api_get("/api/v1/meetings/")

    assert [item["id"] for item in body["items"]] == [shown.pk]
    api_get(f"/api/v1/meetings/{hidden.pk}", status=404)
