from django.db import models
from django.utils.translation import gettext_lazy as _
from pgvector.django import HalfVectorField, HnswIndex

from articles.search.semantic.backends import DIMENSIONS


class Embedding(models.Model):
    """The meaning of one unit of text, and the search result it belongs to.

    Half-precision (2 bytes a number): the 4-bit model's vectors lose nothing measurable at
    half the size; a million rows take ~2.3 GB with their indexes (measure.py).
    """

    class Unit(models.TextChoices):
        ARTICLE = "article", _("Article title and lead")
        PARAGRAPH = "paragraph", _("Paragraph")
        STATEMENT = "statement", _("Statement")
        TARGET = "target", _("Target")
        PHOTO = "photo", _("Photo caption")
        DOCUMENT = "document", _("Document title")

    unit = models.CharField(max_length=20, choices=Unit.choices)
    object_id = models.BigIntegerField()  # the statement's, paragraph's (BodyBlock), … own id
    # The search result (SearchEntry kind and object id) a match on this unit shows.
    entry_kind = models.CharField(max_length=20)
    entry_id = models.BigIntegerField()
    # The article the unit was reported in (none for documents and targets): related statements
    # from other articles come first.
    article_id = models.BigIntegerField(null=True)
    public_from = models.DateTimeField(null=True)  # as the search index's: visibility.py
    model = models.CharField(max_length=40)  # the backend that made the vector
    text_hash = models.CharField(max_length=64)  # of the embedded text: unchanged text is kept
    embedding = HalfVectorField(dimensions=DIMENSIONS)
    embedded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("embedding")
        verbose_name_plural = _("embeddings")
        constraints = [
            models.UniqueConstraint(fields=["unit", "object_id"], name="embedding_unit_unique")
        ]
        indexes = [
            models.Index(fields=["entry_kind", "entry_id"], name="embedding_entry"),
            # The same text elsewhere (a paragraph quoting a statement) reuses its vector.
            models.Index(fields=["text_hash"], name="embedding_text_hash"),
            HnswIndex(
                name="embedding_hnsw_cosine",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["halfvec_cosine_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.object_id}"
