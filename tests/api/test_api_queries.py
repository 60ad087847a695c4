"""Each endpoint runs a fixed number of SQL queries, however many records it returns."""

import pytest

from tests.builders import make_reported_article

pytestmark = pytest.mark.django_db

# Endpoint (with placeholders for the ids of the built article's records) -> query budget.
BUDGETS = {
    "/api/v1/articles/": 2,  # count, page
    "/api/v1/articles/{article}": 12,  # article + 7 prefetches + people, positions, docs, targets
    "/api/v1/people/": 3,  # count, page, positions
    "/api/v1/people/{person}": 3,  # person, positions, statement ids
    "/api/v1/organizations/": 2,
    "/api/v1/organizations/{organization}": 3,  # organization, posts, child ids
    "/api/v1/documents/": 2,
    "/api/v1/documents/{document}": 5,  # document, targets, relations, statements, articles
    "/api/v1/targets/": 2,
    "/api/v1/targets/{target}": 2,
    "/api/v1/statements/": 4,  # count, page, documents, targets
    "/api/v1/statements/{statement}": 3,
    "/api/v1/meetings/": 2,
    "/api/v1/meetings/{meeting}": 5,  # meeting, attendances, agenda, articles, statements
}


def build(size: int) -> dict[str, int]:
    """`size` records of every kind in one article, and a second, smaller article."""
    make_reported_article(size=1)
    article = make_reported_article(size=size)
    meeting = article.meeting
    document = article.document_links.order_by("order").first().document
    return {
        "article": article.pk,
        "person": meeting.chair_id,
        "organization": meeting.body.parent_id,
        "document": document.pk,
        "target": document.targets.first().pk,
        "statement": article.statements.first().pk,
        "meeting": meeting.pk,
    }


@pytest.mark.parametrize("size", [2, 8])
@pytest.mark.parametrize(("path", "budget"), BUDGETS.items())
def test_query_count_does_not_grow_with_the_data(
    client, django_assert_max_num_queries, size, path, budget
):
    ids = build(size)
    url = path.format(**ids)

    with django_assert_max_num_queries(budget):
        response = client.get(url)

    assert response.status_code == 200
    body = response.json()
    if "items" in body:  # make sure the list really holds several records
        assert len(body["items"]) >= 2
