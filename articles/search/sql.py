"""The search SQL: one statement per page (count, bounded candidates, ranking, headlines, facets).

Every value goes in as a parameter; the fragments assembled here are constants. Run with
`run_bounded()`, which applies the statement timeout.
"""

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import OperationalError, connection, transaction

from archive.lib.db import is_statement_timeout
from articles.models import Document, Topic
from articles.search.entry import HIGHLIGHT_START, HIGHLIGHT_STOP
from articles.search.planner import date_slice_bounds, facet_is_narrow
from articles.search.query import (
    CANDIDATE_CAP,
    FACET_SIZE,
    NAME_MATCH,
    CleanQuery,
    SearchParams,
    SearchTimeout,
    wants_meaning,
)
from articles.search.semantic.neighbours import EF_SEARCH, NEAR_ARGS, near_entries_sql
from people.models import Person

HEADLINE_TITLE = f'HighlightAll=true, StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_STOP}"'
HEADLINE_SNIPPET = (
    f'MaxFragments=2, MinWords=8, MaxWords=30, FragmentDelimiter=" … ", '
    f'StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_STOP}"'
)
# y/i spelling variants (Quý = Quí) are folded in by public.vi_aliases() (see the migration).
TSQUERY = {
    "vi": "public.vi_aliases(websearch_to_tsquery('public.vi', %(fts)s))",
    "en": "public.vi_aliases(websearch_to_tsquery('public.en_vn', %(fts)s))",
    "rest_vi": "public.vi_aliases(websearch_to_tsquery('public.vi', %(rest)s))",
    "rest_en": "public.vi_aliases(websearch_to_tsquery('public.en_vn', %(rest)s))",
    # Tone-exact: the words typed with tone marks, spelled so (query.exact_words()).
    "exact": "websearch_to_tsquery('public.vi_exact', %(exact_fts)s)",
}
# Marks every match in a field; snippets.py cuts the excerpt (one field, whole sentences).
HEADLINE_ALL = HEADLINE_TITLE
EXACT_FIRST_BONUS = 10  # tone-exact matches before folded ones when both are shown
NAMED_PERSON_BONUS = 100  # the record of the person a query names, before all that names them
SEARCH_WORK_MEM = "64MB"

ORDERS = {
    "relevance": "c.score DESC, c.date DESC NULLS LAST, c.id DESC",
    "newest": "c.date DESC NULLS LAST, c.id DESC",
    "oldest": "c.date ASC NULLS LAST, c.id ASC",
}


@dataclass
class SqlBuilder:
    """The pieces of the search SQL for one query; every value goes in as a parameter."""

    params: SearchParams
    query: CleanQuery
    args: dict = field(default_factory=dict)
    slice_bounds: list[dt.date] | None = None  # None: read date_slice_bounds() when needed
    narrow_facet: bool | None = None  # None: ask facet_is_narrow() (planner.py)
    # Vietnamese words must match with their tone marks as typed (results.py decides).
    exact: bool = False
    # Folded matching, tone-exact matches ranked first (the fallback when exact found few).
    exact_first: bool = False
    # The question's meaning (semantic.query_vector()); '' searches by words only.
    vector: str = ""

    def __post_init__(self) -> None:
        if self.narrow_facet is None:
            self.narrow_facet = facet_is_narrow(self.params)
        if self.fused:
            self.args.update(qvec=self.vector, **NEAR_ARGS)
        q = self.query
        self.args.update(
            fts=q.fts,
            plain=q.plain,
            rest=q.rest,
            codes=list(q.symbol_keys),
            name=q.name,
            named_people=list(q.named_people),
            exact=q.has_diacritics,
            exact_fts=q.exact_fts,
            types=list(self.params.types),
            persons=list(self.params.person_ids),
            documents=list(self.params.document_ids),
            pillars=list(self.params.pillar_ids),
            date_from=self.params.date_from,
            date_to=self.params.date_to,
            name_match=NAME_MATCH,
        )

    @property
    def fused(self) -> bool:
        """Meaning takes part: a question's vector, and a search that wants it."""
        return bool(self.vector) and wants_meaning(self.params, self.query)

    @property
    def has_text(self) -> bool:
        return bool(self.query.fts)

    def q_cte(self) -> str:
        # same_vi/same_en: the phrase is the query itself (one word), ranked once and doubled.
        return f"""q AS (SELECT *, pvi = vi AS same_vi, pen = en AS same_en FROM (
            SELECT {TSQUERY["vi"]} AS vi, {TSQUERY["en"]} AS en,
            websearch_to_tsquery('public.vi_exact', %(fts)s) AS ex,
            {TSQUERY["exact"]} AS exw,
            phraseto_tsquery('public.vi', %(plain)s) AS pvi,
            phraseto_tsquery('public.en_vn', %(plain)s) AS pen) terms)"""  # noqa: S608 - constant fragments

    def names_cte(self) -> str:
        """People whose accent-folded, y/i-unified name is close to the query (typos)."""
        if not self.query.name:
            return (
                "names AS (SELECT NULL::bigint AS object_id, NULL::text AS title,"
                " 0::real AS sim, '' AS key WHERE false)"
            )
        public = "AND n.public_from <= now()" if self.params.public_only else ""
        return f"""names AS (
            SELECT n.object_id, n.title_vi AS title, similarity(n.name_key, k.key) AS sim,
                   n.name_key AS key
            FROM public.search_entry n, (SELECT public.vn_name_key(%(name)s) AS key) k
            WHERE n.kind = 'person' AND n.name_key %% k.key {public}
            ORDER BY sim DESC, n.object_id LIMIT 5)"""  # noqa: S608 - constant fragments, values are parameters

    def text_match(self) -> str:
        match = self.params.match
        # Written out (not taken from q): an immutable expression of constants is folded at
        # planning, so the GIN indexes take it as an index condition and the planner knows
        # how common the words are (date order for common words, bitmap scan for rare ones).
        # With a narrow facet the words are checked on the facet's entries instead: the
        # function behind @@ is not an index condition (planner.py).
        if self.narrow_facet:
            vi = f"ts_match_vq(e.search_vi, {TSQUERY['vi']})"
            en = f"ts_match_vq(e.search_en, {TSQUERY['en']})"
        else:
            vi, en = f"e.search_vi @@ {TSQUERY['vi']}", f"e.search_en @@ {TSQUERY['en']}"
        found = vi if match == "vi" else en if match == "en" else f"({vi} OR {en})"
        if self.exact:
            # Words typed with tone marks are Vietnamese, spelled so in the Vietnamese text
            # (English text folds them: "Quí" would find "Quý"). search_exact has no GIN index:
            # the folded match (indexed) finds the candidates, the spelling is checked on those.
            # As a function, not `@@`: the planner would multiply the two words' frequencies as
            # if independent, when every exact match is also a folded one, and so expect a
            # common phrase to be rare and read all its entries (3.5 s instead of 0.1 s at 100k).
            found = f"({found} AND ts_match_vq(e.search_exact, {TSQUERY['exact']}))"
        return found

    def filters(self) -> list[str]:
        """What narrows the results whatever matched them: visibility and the facets."""
        p = self.params
        conditions = []
        if p.public_only:
            conditions.append("e.public_from <= now()")
        if p.types:
            conditions.append("e.kind = ANY(%(types)s)")
        # A narrow facet is read from its GIN index (planner.py). A wide one is checked on the
        # rows the words find, written as the function behind @>, which no index serves: as an
        # operator, every date slice ANDed the words with the facet's table-wide bitmap, built
        # again in each slice (the 5 % official at 1M: 287,555 entries, 62 of 133 ms).
        contains = "e.{0} @> %({1})s::bigint[]"
        if not self.narrow_facet:
            contains = "arraycontains(e.{0}, %({1})s::bigint[])"
        for column, arg in (
            ("person_ids", "persons"),
            ("document_ids", "documents"),
            ("pillar_ids", "pillars"),
        ):
            if getattr(p, column):
                conditions.append(contains.format(column, arg))
        if p.date_from:
            conditions.append("e.date >= %(date_from)s")
        if p.date_to:
            conditions.append("e.date <= %(date_to)s")
        return conditions

    def where(self) -> str:
        conditions = self.filters()
        if self.fused and self.params.mode == "semantic":
            conditions.append("false")  # meaning only: nothing is matched by its words
        ways = []
        if self.query.named_people:
            # A recognised name: what names the person (their statements, meetings, documents)
            # rather than every text holding its syllables (Thái, Thanh and Quý are in many
            # names). Read from the people GIN index, not the words' far larger bitmaps.
            ways.append("e.person_ids && %(named_people)s::bigint[]")
        elif self.has_text and not self.query.only_symbols:
            ways.append(self.text_match())
        if self.query.symbol_keys:
            rest = (
                f" AND (e.search_vi @@ {TSQUERY['rest_vi']} OR e.search_en @@ {TSQUERY['rest_en']})"
                if self.query.rest
                else ""
            )
            ways.append(f"(e.code_keys && %(codes)s::text[]{rest})")
        if self.query.name:
            # An array parameter keeps this branch an index condition on (kind, object_id),
            # so the whole OR is answered by the indexes without re-reading any vector.
            ways.append(
                "(e.kind = 'person' AND e.object_id = ANY(ARRAY("
                "SELECT object_id FROM names WHERE sim >= %(name_match)s)))"
            )
        if ways:
            conditions.append("(" + " OR ".join(ways) + ")")
        elif self.query.text:
            conditions.append("false")
        return " AND ".join(conditions) or "true"

    def score(self) -> str:
        if not (self.has_text or self.query.symbol_keys or self.query.name):
            return "0"
        parts = ["0"]
        # Symbols alone: the document itself, then what cites it, newest first (reading and
        # ranking 1,000 texts for a symbol they all hold says only how often they repeat it).
        if self.has_text and not self.query.only_symbols:
            # Cover density plus a phrase bonus, in the language that matched best. Each call
            # decompresses the vector again, so none is made twice for the same value.
            ranked = (
                "CASE WHEN e.in_{0} THEN CASE WHEN q.same_{0}"
                " THEN 2::real * ts_rank_cd(e.{1}, q.{0})"
                " ELSE ts_rank_cd(e.{1}, q.{0}) + ts_rank_cd(e.{1}, q.p{0}) END ELSE 0 END"
            )
            parts.append(
                f"GREATEST({ranked.format('vi', 'search_vi')}, {ranked.format('en', 'search_en')})"
            )
            if self.query.has_diacritics:
                # The user typed diacritics: words spelled exactly so outrank folded look-alikes.
                parts.append(
                    "CASE WHEN e.search_exact @@ q.ex"
                    " THEN 0.2 + ts_rank_cd(e.search_exact, q.ex) ELSE 0 END"
                )
            if self.exact_first and self.query.exact_fts:
                parts.append(
                    f"CASE WHEN e.search_exact @@ q.exw THEN {EXACT_FIRST_BONUS} ELSE 0 END"
                )
        if self.query.symbol_keys:
            parts.append("CASE WHEN e.code_keys && %(codes)s::text[] THEN 1 ELSE 0 END")
            parts.append("CASE WHEN e.symbol_key = ANY(%(codes)s::text[]) THEN 1 ELSE 0 END")
        if self.query.named_people:
            # Recognised: the person's own record first, however often texts repeat the name.
            parts.append(
                "CASE WHEN e.kind = 'person' AND e.object_id = ANY(%(named_people)s::bigint[])"
                f" THEN {NAMED_PERSON_BONUS} ELSE 0 END"
            )
        if self.query.name:
            # A name query is about the person: their own record outranks texts naming them.
            parts.append(
                "COALESCE((SELECT 3 * sim FROM names WHERE names.object_id = e.object_id"
                " AND e.kind = 'person' AND sim >= %(name_match)s), 0)"
            )
        return " + ".join(parts)

    def matches(self, limit: str) -> str:
        """The newest `limit` matches (cheap columns only), newest first.

        One branch per date slice (planner.py), newest slice first (NULL dates
        sort first in DESC order); each is planned with its own date range, so the planner
        picks per slice between walking the (date DESC, id DESC) index and stopping early
        (common words) and a bitmap of the slice's own GIN indexes (rarer ones: their date
        conditions are the indexes' predicates). Append runs the branches in order and the
        LIMIT stops it once enough rows came back (parallel plans, which could interleave
        branches, are off in run_bounded()).

        Phrases and symbols stay unsliced: PostgreSQL underestimates how many rows a phrase
        matches (by 8x on the 100k corpus), so it would pick a GIN bitmap in every slice;
        walking the date index is as fast for them. So do searches within a narrow facet:
        they read the facet's few entries once; and recognised names, whose people index
        has no slices (sliced, each slice ANDed it with a date-range bitmap: 45 ms at 1M).
        """
        columns = "e.id, e.kind, e.date, e.person_ids, e.document_ids, e.pillar_ids"
        select = f"SELECT {columns} FROM public.search_entry e WHERE {self.where()}"  # noqa: S608 - constant fragments
        order = f"ORDER BY e.date DESC, e.id DESC LIMIT {limit}"
        if (
            self.query.has_phrase
            or self.query.symbol_keys
            or self.query.named_people
            or self.narrow_facet
        ):
            bounds = []
        elif self.slice_bounds is None:
            bounds = date_slice_bounds()
        else:
            bounds = self.slice_bounds
        if not bounds:
            return f"{select} {order}"
        names = [f"slice_{i}" for i in range(len(bounds))]
        self.args.update(zip(names, bounds, strict=True))
        ranges = ["e.date IS NULL", f"e.date >= %({names[0]})s"]
        ranges += [
            f"e.date >= %({new})s AND e.date < %({old})s" for old, new in itertools.pairwise(names)
        ]
        ranges.append(f"e.date < %({names[-1]})s")
        branches = [f"({select} AND {date_range} {order})" for date_range in ranges]
        return "\n UNION ALL ".join(branches) + f" LIMIT {limit}"

    def candidates(self, cap: int) -> str:
        """`cand`: the results to count, facet and page; `scored`: them with their score.

        By words only they are the keyword candidates. With meaning (`fused`) the keyword
        candidates are ranked as always (`kcand`, `kscored`), the nearest units to the question
        are grouped by result and filtered like any result (`near`, semantic/neighbours.py),
        and the two lists are fused by reciprocal rank fusion: 1 / (K + rank) summed over the
        lists a result is in. Words keep priority when they are precise on their own: a
        document symbol, a phrase or an excluded word gets no meaning at all (wants_meaning()),
        and when an official's name is found among the people every result the words find
        comes first, and meaning only adds what follows.
        """
        if not self.fused:
            return self.keyword_candidates(cap)
        if self.query.name:
            words_first = "EXISTS (SELECT 1 FROM names WHERE sim >= %(name_match)s)"
        else:
            words_first = "false"
        near = near_entries_sql(" AND ".join(self.filters()) or "true", self.params.public_only)
        return f"""{self.keyword_candidates(cap, cand="kcand", scored="kscored")},
        {near},
        cand AS MATERIALIZED (
            SELECT id, kind, date, person_ids, document_ids, pillar_ids FROM kcand
            UNION SELECT id, kind, date, person_ids, document_ids, pillar_ids FROM near),
        kranked AS MATERIALIZED (
            SELECT *, row_number() OVER (ORDER BY score DESC, date DESC NULLS LAST, id DESC)
                   AS krank
            FROM kscored),
        scored AS MATERIALIZED (
            SELECT c.id, c.date, coalesce(k.in_vi, false) AS in_vi,
                   coalesce(k.in_en, false) AS in_en,
                   (coalesce(1.0 / (%(rrf_k)s + k.krank), 0)
                    + coalesce(1.0 / (%(rrf_k)s + n.srank), 0)
                    + CASE WHEN k.id IS NOT NULL AND {words_first} THEN 1 ELSE 0 END
                   )::float8 AS score,
                   k.id IS NOT NULL AS by_words, n.id IS NOT NULL AS by_meaning
            FROM cand c LEFT JOIN kranked k ON k.id = c.id LEFT JOIN near n ON n.id = c.id)"""  # noqa: S608 - constant fragments, values are parameters

    def keyword_candidates(self, cap: int, cand: str = "cand", scored: str = "scored") -> str:
        """`matches`: the newest `cap` + 1 matches; `cand`: the first `cap`; `scored`: ranked.

        `matches` holds one row more than `cap`, so its count tells "more than `cap`" without a
        second scan. Ranking reads each row's vectors, so it runs on the bounded set only.
        """
        in_vi = "s.search_vi @@ q.vi" if self.has_text else "false"
        if self.has_text and self.exact:
            in_vi += " AND s.search_exact @@ q.exw"
        in_en = "s.search_en @@ q.en" if self.has_text else "false"
        if self.has_text and self.exact:
            in_en += " AND s.search_exact @@ q.exw"
        self.args["cap"] = cap
        columns = (
            "s.search_vi, s.search_en, s.search_exact, s.code_keys, s.symbol_key, s.kind,"
            " s.object_id"
        )
        why = "" if cand == "kcand" else ", true AS by_words, false AS by_meaning"
        return f"""matches AS MATERIALIZED ({self.matches("%(cap)s + 1")}),
        {cand} AS MATERIALIZED (SELECT * FROM matches ORDER BY date DESC, id DESC LIMIT %(cap)s),
        {scored} AS MATERIALIZED (
            SELECT e.id, e.date, e.in_vi, e.in_en, ({self.score()})::float8 AS score{why}
            FROM (SELECT c.id, c.date, {in_vi} AS in_vi, {in_en} AS in_en, {columns}
                  FROM {cand} c JOIN public.search_entry s ON s.id = c.id, q OFFSET 0) e, q)"""  # noqa: S608 - constant fragments, values are parameters

    def labels(self, facet: str, table: str, label: str) -> str:
        # A public entry may name a record the public may not see (an organization lists every
        # post holder): a person or document is offered only when its own entry is public.
        visible = ""
        if self.params.public_only and facet in ("person", "document"):
            visible = f"""WHERE EXISTS (SELECT 1 FROM public.search_entry o
                          WHERE o.kind = '{facet}' AND o.object_id = g.v
                            AND o.public_from <= now())"""  # noqa: S608 - constant fragments
        # Counted and sorted first, then checked most frequent first until FACET_SIZE are
        # visible: at 1M the candidates name ~5,000 people, and checking them all cost 26 ms.
        return f"""(SELECT coalesce(json_agg(json_build_array(f.v, f.n, {label})
                                 ORDER BY f.n DESC, f.v), '[]')
            FROM (SELECT g.v, g.n FROM (SELECT unnest({facet}_ids) AS v, count(*) AS n
                                        FROM cand GROUP BY v ORDER BY n DESC, v) g {visible}
                  ORDER BY g.n DESC, g.v LIMIT {FACET_SIZE}) f JOIN {table} t ON t.id = f.v)"""  # noqa: S608 - constant fragments, values are parameters

    def selected(self, arg: str, table: str, label: str) -> str:
        return f"""(SELECT coalesce(json_agg(json_build_array(t.id, {label})), '[]')
            FROM {table} t WHERE t.id = ANY(%({arg})s::bigint[]))"""  # noqa: S608 - constant fragments, values are parameters

    def shown_text(self, lang: str) -> tuple[str, str, str, str]:
        """SQL of a hit's title, lead and body with every match marked, and the language of
        the lead and body (snippets.py cuts one excerpt from them).

        An English page shows the English text when there is one, but the excerpt in
        Vietnamese when only the Vietnamese matched, and a Vietnamese page the English excerpt
        when only the English matched: an excerpt without the match explains nothing.
        Tone-exact searches mark only the exact spellings (`sở` is no match for `số`).
        """
        if self.has_text:
            vi_config, vi_query = (
                ("public.vi_exact", "q.ex") if self.exact else ("public.vi", "q.vi")
            )
            vi, en = (
                f"ts_headline('{vi_config}', e.{{0}}_vi, {vi_query}, %(hl_{{1}})s)",
                "ts_headline('public.en_vn', e.{0}_en, q.en, %(hl_{1})s)",
            )
            fields = {
                name: (vi.format(name, hl), en.format(name, hl))
                for name, hl in (("title", "title"), ("lead", "all"), ("body", "all"))
            }
        else:
            fields = {
                "title": ("e.title_vi", "e.title_en"),
                "lead": ("e.lead_vi", "e.lead_en"),
                "body": ("left(e.body_vi, 2000)", "left(e.body_en, 2000)"),
            }
        vi_title, en_title = fields["title"]
        if lang == "en":
            english = "e.title_en <> '' AND (p.in_en OR NOT p.in_vi)"
            title = f"CASE WHEN e.title_en <> '' THEN {en_title} ELSE {vi_title} END"
        else:
            english = "e.title_en <> '' AND p.in_en AND NOT p.in_vi"
            title = vi_title
        lead, body = (
            f"CASE WHEN {english} THEN {fields[name][1]} ELSE {fields[name][0]} END"
            for name in ("lead", "body")
        )
        return title, lead, body, f"CASE WHEN {english} THEN 'en' ELSE 'vi' END"

    def page_sql(self) -> str:
        """One statement: count, candidates, ranked page with headlines, facets and labels."""
        p = self.params
        lang = p.lang
        self.args.update(per_page=p.per_page, offset=(p.page - 1) * p.per_page)
        self.args.update(hl_title=HEADLINE_TITLE, hl_all=HEADLINE_ALL)
        order = ORDERS[p.sort]
        person_label = "t.full_name"
        title = f"coalesce(nullif(t.title_{lang}, ''), t.title_vi)"
        document_label = f"coalesce(nullif(t.symbol, ''), left({title}, 300))"
        pillar_label = f"coalesce(nullif(t.name_{lang}, ''), t.name_vi)"
        people, documents, topics = (
            Person._meta.db_table,
            Document._meta.db_table,
            Topic._meta.db_table,
        )
        title, lead, body, snippet_lang = self.shown_text(lang)
        # A page past the end shows the last page instead of nothing.
        offset = (
            "LEAST(%(offset)s,"
            " GREATEST((SELECT count(*) FROM cand) - 1, 0) / %(per_page)s * %(per_page)s)"
        )
        # Every word match (counted up to the cap, one more tells "more than"), and what
        # meaning alone adds.
        words = "(SELECT count(*) FROM matches)"
        total = words
        if self.fused:
            total += " + (SELECT count(*) FROM scored WHERE NOT by_words)"
        return f"""WITH {self.q_cte()}, {self.names_cte()},
        {self.candidates(CANDIDATE_CAP)},
        page AS (SELECT c.id, c.score, c.in_vi, c.in_en, c.by_words, c.by_meaning,
                        row_number() OVER (ORDER BY {order}) AS ord
                 FROM scored c ORDER BY {order} LIMIT %(per_page)s OFFSET {offset})
        SELECT json_build_object(
          'total', {total},
          'words', {words},
          'candidates', (SELECT count(*) FROM cand),
          'offset', {offset},
          'lexemes', (SELECT numnode(vi) + numnode(en) FROM q),
          'names', (SELECT coalesce(json_agg(json_build_array(object_id, title, sim, key,
                    (SELECT public.vn_name_key(%(name)s)))), '[]') FROM names),
          'rows', (SELECT coalesce(json_agg(json_build_object(
                    'kind', e.kind, 'id', e.object_id, 'date', e.date, 'score', p.score,
                    'in_vi', p.in_vi, 'in_en', p.in_en,
                    'by_words', p.by_words, 'by_meaning', p.by_meaning,
                    'url', CASE WHEN %(lang)s = 'en' THEN e.url_en ELSE e.url_vi END,
                    'citation', CASE WHEN %(lang)s = 'en' AND e.citation_en <> '' THEN e.citation_en
                                     ELSE e.citation_vi END,
                    'title', {title}, 'lead', {lead}, 'body', {body},
                    'snippet_lang', {snippet_lang}) ORDER BY p.ord), '[]')
                   FROM page p JOIN public.search_entry e ON e.id = p.id, q),
          'facets', json_build_object(
            'type', (SELECT coalesce(json_agg(json_build_array(kind, n)
                                              ORDER BY n DESC, kind), '[]')
                     FROM (SELECT kind, count(*) AS n FROM cand GROUP BY kind) t),
            'year', (SELECT coalesce(json_agg(json_build_array(y, n) ORDER BY y DESC), '[]')
                     FROM (SELECT extract(year FROM date)::int AS y, count(*) AS n FROM cand
                           WHERE date IS NOT NULL GROUP BY y) t),
            'match', json_build_array(
                json_build_array('vi', (SELECT count(*) FROM scored WHERE in_vi)),
                json_build_array('en', (SELECT count(*) FROM scored WHERE in_en))),
            'person', {self.labels("person", people, person_label)},
            'document', {self.labels("document", documents, document_label)},
            'pillar', {self.labels("pillar", topics, pillar_label)}),
          'selected', json_build_object(
            'person', {self.selected("persons", people, person_label)},
            'document', {self.selected("documents", documents, document_label)},
            'pillar', {self.selected("pillars", topics, pillar_label)}))"""  # noqa: S608 - constant fragments, values are parameters

    def export_sql(self, cap: int) -> str:
        text = "CASE WHEN %(lang)s = 'en' AND e.title_en <> '' THEN e.{0}_en ELSE e.{0}_vi END"
        return f"""WITH {self.q_cte()}, {self.names_cte()}, {self.candidates(cap)}
        SELECT e.kind, e.object_id, {text.format("title")},
               left(concat_ws(' ', {text.format("lead")}, {text.format("body")}), 300),
               e.date, CASE WHEN %(lang)s = 'en' THEN e.url_en ELSE e.url_vi END,
               CASE WHEN %(lang)s = 'en' AND e.citation_en <> '' THEN e.citation_en
                    ELSE e.citation_vi END,
               c.score
        FROM scored c JOIN public.search_entry e ON e.id = c.id
        ORDER BY {ORDERS[self.params.sort]}"""  # noqa: S608 - constant fragments, values are parameters


def bound_transaction(cursor, timeout_ms: int) -> None:
    """Limit the current transaction's statements to `timeout_ms`; set how they may run.

    No parallel workers: the sliced candidate search relies on Append running its branches in
    order, and on 2 cores a search shares them with other requests anyway. More work_mem: a
    GIN bitmap of a common word over millions of entries outgrows the default 4 MB, turns lossy
    and makes PostgreSQL re-read every entry of the pages it covers. The HNSW scan of meaning
    search reads a longer candidate list, iteratively when filters drop some (neighbours.py).
    """
    cursor.execute(
        "SELECT set_config('statement_timeout', %s, true),"
        " set_config('max_parallel_workers_per_gather', '0', true),"
        " set_config('work_mem', %s, true),"
        " set_config('hnsw.ef_search', %s, true),"
        " set_config('hnsw.iterative_scan', 'relaxed_order', true)",
        [f"{int(timeout_ms)}ms", SEARCH_WORK_MEM, str(EF_SEARCH)],
    )


def people_named(name: str, public_only: bool) -> tuple[int, ...]:
    """The people whose name is `name`, diacritics and y/i aside (the same name key)."""
    public = "AND public_from <= now()" if public_only else ""
    sql = f"""SELECT coalesce(array_agg(object_id ORDER BY object_id), '{{}}')
        FROM public.search_entry
        WHERE kind = 'person' AND name_key = public.vn_name_key(%s) {public}"""  # noqa: S608 - constant fragments, the name is a parameter
    # Under the search's own timeout like the search: a locked or slow index is a SearchTimeout
    # (the page's or the export's 503), not a database error.
    return tuple(run_bounded(sql, [name]))


def run_bounded(sql: str, args: Mapping | Sequence, timeout_ms: int | None = None):
    """Run one statement under bound_transaction(), by default with the search timeout
    (settings.SEARCH_TIMEOUT_MS); a timeout raises SearchTimeout."""
    if timeout_ms is None:
        timeout_ms = settings.SEARCH_TIMEOUT_MS
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            bound_transaction(cursor, timeout_ms)
            cursor.execute(sql, args)
            return cursor.fetchone()[0]
    except OperationalError as error:
        if is_statement_timeout(error):
            raise SearchTimeout from error
        raise
