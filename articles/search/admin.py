"""Admin search boxes through the search index: both languages, diacritics optional, symbols."""

from articles.search.kinds import KIND_OF_MODEL
from articles.search.query import EXPORT_CAP, SearchParams, SearchTimeout, clean_query
from articles.search.sql import SqlBuilder, run_bounded


def matching_ids(kind: str, text: str) -> list[int]:
    """Ids of objects of `kind` matching `text` in either language, drafts included (admin)."""
    params = SearchParams(q=text, types=(kind,), public_only=False, sort="newest")
    query = clean_query(text)
    if not query.text:
        return []
    builder = SqlBuilder(params, query)
    sql = f"""WITH {builder.q_cte()}, {builder.names_cte()}
        SELECT array_agg(e.object_id) FROM (
            SELECT e.object_id FROM public.search_entry e
            WHERE {builder.where()} LIMIT %(cap)s) e"""  # noqa: S608 - values are parameters
    builder.args["cap"] = EXPORT_CAP
    return run_bounded(sql, builder.args) or []


class SearchAdminMixin:
    """Admin search through the search index: both languages, diacritics optional, symbols.

    Use on the ModelAdmin of an indexed model (Article, Statement, Person, Organization,
    Document, Target, Photo, Meeting); keep `search_fields` so the box shows, e.g.

        class ArticleAdmin(SearchAdminMixin, TabbedTranslationAdmin):
            search_fields = ["title_vi"]

    Objects matching through the index or through `search_fields` are both kept.
    """

    def get_search_results(self, request, queryset, search_term: str):
        filtered, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        kind = KIND_OF_MODEL.get(self.model)
        if not kind or not search_term.strip():
            return filtered, may_have_duplicates
        try:
            found = matching_ids(kind, search_term)
        except SearchTimeout:
            return filtered, may_have_duplicates
        return filtered | queryset.filter(pk__in=found), may_have_duplicates
