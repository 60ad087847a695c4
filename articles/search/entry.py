"""The search index: one denormalized row per searchable object, in both languages.

Every article, statement, person, organization, document, target, photo caption and meeting gets a
`SearchEntry` holding its display text per language, the facet ids it belongs to, and three
weighted tsvectors computed by PostgreSQL (stored generated columns, title A / lead B / body C):
`search_vi` (accent-folded Vietnamese), `search_en` (English, stemmed, no stop words) and
`search_exact` (Vietnamese with diacritics, only to rank exact-diacritic matches first).
The rows are written by indexing/, kept current by signals.py and rebuilt by
`manage.py rebuild_search_index`; query.py, sql.py and results.py read them.

This module imports nothing of `articles` (articles/models.py imports it to register the model),
and holds what both the writing and the reading side need.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from people.models import VnNameKey

TEXT_CONFIGS = ("vi", "en_vn", "vi_exact")
# ts_headline marks matches with these private-use characters: the indexer strips them from the
# stored text, the query cleaner from what users type, and results turn them into <mark>.
HIGHLIGHT_START, HIGHLIGHT_STOP = "\ue000", "\ue001"


class WeightedVector(Func):
    """SQL public.search_vector(config, a, b, c): a weighted A, b weighted B, c weighted C.

    The configuration is a literal in the template (never a column or a parameter), so the
    generated column is immutable and the planner can use the GIN index.
    """

    function = "public.search_vector"
    output_field = SearchVectorField()

    def __init__(self, config: str, *expressions, **extra) -> None:
        if config not in TEXT_CONFIGS:
            raise ValueError(f"unknown text search configuration {config!r}")
        self.template = f"%(function)s('public.{config}'::regconfig, %(expressions)s)"
        super().__init__(*expressions, **extra)


class IsNFC(Func):
    """`value IS NFC NORMALIZED`: the guard DESIGN.md asks for on stored text."""

    template = "(%(expressions)s IS NFC NORMALIZED)"
    output_field = models.BooleanField()


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        STATEMENT = "statement", _("Statement")
        PERSON = "person", _("Person")
        ORGANIZATION = "organization", _("Organization")
        DOCUMENT = "document", _("Document")
        TARGET = "target", _("Target")
        PHOTO = "photo", _("Photo")
        MEETING = "meeting", _("Meeting")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField()

    title_vi = models.TextField()
    title_en = models.TextField(blank=True)
    lead_vi = models.TextField(blank=True)
    lead_en = models.TextField(blank=True)
    body_vi = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    url_vi = models.CharField(max_length=500)
    url_en = models.CharField(max_length=500)
    citation_vi = models.TextField(blank=True)
    citation_en = models.TextField(blank=True)

    # Facets. `date` is the object's own date (meeting, document issue) or its article's.
    date = models.DateField(null=True)
    person_ids = ArrayField(models.BigIntegerField(), default=list)
    document_ids = ArrayField(models.BigIntegerField(), default=list)
    pillar_ids = ArrayField(models.BigIntegerField(), default=list)
    # Normalized document symbols found in the text or linked ('11QDTW'), matched exactly.
    code_keys = ArrayField(models.TextField(), default=list)
    # A document's own symbol key: the document itself outranks the texts that cite it.
    symbol_key = models.TextField(blank=True)
    # When the public may find it: the first publication time of an article it belongs to
    # (NULL: no published article yet). Compared with now() at query time, so scheduled
    # articles appear on time without reindexing.
    public_from = models.DateTimeField(null=True)
    indexed_at = models.DateTimeField(auto_now=True)

    search_vi = models.GeneratedField(
        expression=WeightedVector("vi", F("title_vi"), F("lead_vi"), F("body_vi")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    search_en = models.GeneratedField(
        expression=WeightedVector("en_vn", F("title_en"), F("lead_en"), F("body_en")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    search_exact = models.GeneratedField(
        expression=WeightedVector("vi_exact", F("title_vi"), F("lead_vi"), F("body_vi")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # Accent-folded, y/i-unified name for trigram "did you mean" (people only, see index).
    name_key = models.GeneratedField(
        expression=VnNameKey(F("title_vi")), output_field=models.TextField(), db_persist=True
    )

    class Meta:
        db_table = "search_entry"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique"),
            *[
                models.CheckConstraint(condition=IsNFC(F(name)), name=f"search_entry_{name}_nfc")
                for name in ("title_vi", "title_en", "lead_vi", "lead_en", "body_vi", "body_en")
            ],
        ]
        indexes = [
            GinIndex(name="search_entry_vi", fields=["search_vi"]),
            GinIndex(name="search_entry_en", fields=["search_en"]),
            GinIndex(name="search_entry_codes", fields=["code_keys"]),
            GinIndex(name="search_entry_people", fields=["person_ids"]),
            GinIndex(name="search_entry_documents", fields=["document_ids"]),
            GinIndex(name="search_entry_pillars", fields=["pillar_ids"]),
            models.Index(name="search_entry_date", fields=["-date", "-id"]),
            GinIndex(
                name="search_entry_name_trgm",
                fields=["name_key"],
                opclasses=["gin_trgm_ops"],
                condition=Q(kind="person"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title_vi[:60]}"
