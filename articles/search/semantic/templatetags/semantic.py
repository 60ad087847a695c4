"""`{% related_statements record %}`: statements nearest in meaning, for a page's sidebar."""

from django import template

from articles.models import Article, Document, Statement
from articles.search.semantic.neighbours import related_statement_ids

register = template.Library()
RELATED = 5


def statements_in_order(ids: list[int]) -> list[Statement]:
    found = Statement.objects.filter(pk__in=ids).select_related("speaker", "article")
    by_id = {s.pk: s for s in found.prefetch_related("documents", "targets")}
    return [by_id[pk] for pk in ids if pk in by_id]


@register.inclusion_tag("semantic/related_statements.html")
def related_statements(record: Article | Document) -> dict:
    """Public statements nearest in meaning to an article (its title and lead: from other
    articles only, its own are on the page) or to a document's title (those citing it are
    listed on its page already)."""
    if isinstance(record, Article):
        found = related_statement_ids("article", record.pk, limit=RELATED)
        ids = [pk for pk, elsewhere in found if elsewhere]
    else:
        ids = [pk for pk, _ in related_statement_ids("document", record.pk, limit=RELATED)]
    return {"statements": statements_in_order(ids) if ids else []}
