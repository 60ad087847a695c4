"""What was reported: articles and their body, meetings, statements, documents, targets, photos.

Human-readable fields are translated (vi original, en translation) through django-modeltranslation;
see translation.py for the list. Public URLs carry the id and a per-language slug.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from archive.lib.numbers import reader_number
from archive.lib.renditions import make_renditions
from archive.lib.text import NormalizedTextModel
from articles.search import SearchEntry as SearchEntry  # the search index's model, registered here
from people.models import Organization, Person


class VnCodeKey(Func):
    """SQL vn_code_key(): '11-QĐ/TW', '11 QD TW' and 'qđ 11/tw' all give '11QDTW'."""

    function = "public.vn_code_key"
    output_field = models.TextField()


class Topic(NormalizedTextModel):
    """A topic or, for the digital-transformation resolution, one of its pillars."""

    class Kind(models.TextChoices):
        PILLAR = "pillar", _("Pillar")
        TOPIC = "topic", _("Topic")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "order", "name"]
        verbose_name = _("topic or pillar")
        verbose_name_plural = _("topics and pillars")
        # modeltranslation adds slug_vi / slug_en; each language's slugs are unique.
        constraints = [
            models.UniqueConstraint(fields=["slug_vi"], name="topic_unique_slug_vi"),
            models.UniqueConstraint(fields=["slug_en"], name="topic_unique_slug_en"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:topic", kwargs={"pk": self.pk, "slug": self.slug})


class Document(NormalizedTextModel):
    """A resolution, regulation, directive, project or plan. Identity: symbol + issuer + date,
    because Party numbering restarts each term."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Resolution")
        CONGRESS_RESOLUTION = "congress_resolution", _("Congress resolution")
        REGULATION = "regulation", _("Regulation")
        DIRECTIVE = "directive", _("Directive")
        CONCLUSION = "conclusion", _("Conclusion")
        PROJECT = "project", _("Project")
        PLAN = "plan", _("Plan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    symbol = models.CharField(
        _("symbol"), max_length=60, blank=True, help_text=_("As printed, e.g. 11-QĐ/TW.")
    )
    symbol_key = models.GeneratedField(
        expression=VnCodeKey(F("symbol")), output_field=models.TextField(), db_persist=True
    )
    issuer = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents_issued",
        verbose_name=_("issuer"),
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(_("slug"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    related = models.ManyToManyField(
        "self",
        through="DocumentRelation",
        symmetrical=False,
        related_name="related_from",
        blank=True,
        verbose_name=_("related documents"),
    )

    class Meta:
        ordering = ["-issued_on", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["symbol_key", "issuer", "issued_on"],
                condition=~Q(symbol=""),
                nulls_distinct=False,
                name="document_unique_symbol_issuer_date",
            ),
            models.UniqueConstraint(fields=["slug_vi"], name="document_unique_slug_vi"),
            models.UniqueConstraint(fields=["slug_en"], name="document_unique_slug_en"),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("articles:document", kwargs={"pk": self.pk, "slug": self.slug})


class DocumentRelation(NormalizedTextModel):
    class Kind(models.TextChoices):
        IMPLEMENTS = "implements", _("implements")
        CONCRETIZES = "concretizes", _("makes concrete")
        REVIEWS = "reviews", _("reviews")
        REPLACES = "replaces", _("replaces")
        AMENDS = "amends", _("amends")

    source = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("document")
    )
    target = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="relations_in",
        verbose_name=_("related document"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("document relation")
        verbose_name_plural = _("document relations")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="docrel_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"

    def sentence(self, outgoing: bool) -> str:
        """The relation as a sentence on one document's page: `outgoing` on the source's page
        (the other document is the target), else on the target's. "%(document)s" stands for
        the other document."""
        return str((RELATION_SENTENCES_OUT if outgoing else RELATION_SENTENCES_IN)[self.kind])


# Each relation said as a sentence from either end ("%(document)s" is the other document).
RELATION_SENTENCES_OUT = {
    DocumentRelation.Kind.IMPLEMENTS: _("This document implements %(document)s."),
    DocumentRelation.Kind.CONCRETIZES: _("This document makes %(document)s concrete."),
    DocumentRelation.Kind.REVIEWS: _("This document reviews %(document)s."),
    DocumentRelation.Kind.REPLACES: _("This document replaces %(document)s."),
    DocumentRelation.Kind.AMENDS: _("This document amends %(document)s."),
}
RELATION_SENTENCES_IN = {
    DocumentRelation.Kind.IMPLEMENTS: _("%(document)s implements this document."),
    DocumentRelation.Kind.CONCRETIZES: _("%(document)s makes this document concrete."),
    DocumentRelation.Kind.REVIEWS: _("%(document)s reviews this document."),
    DocumentRelation.Kind.REPLACES: _("%(document)s replaces this document."),
    DocumentRelation.Kind.AMENDS: _("%(document)s amends this document."),
}


class Meeting(NormalizedTextModel):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200)
    body = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    kind = models.CharField(_("kind"), max_length=200, help_text=_("e.g. regular May session"))
    date = models.DateField(_("date"))
    time_of_day = models.CharField(_("time of day"), max_length=60, blank=True)
    chair = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_chaired",
        verbose_name=_("chair"),
    )
    attendees = models.ManyToManyField(
        Person, through="Attendance", related_name="meetings", verbose_name=_("attendees")
    )
    other_attendees = models.TextField(
        _("other attendees"), blank=True, help_text=_("Those the report names only as groups.")
    )

    class Meta:
        ordering = ["-date"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["slug_vi"], name="meeting_unique_slug_vi"),
            models.UniqueConstraint(fields=["slug_en"], name="meeting_unique_slug_en"),
        ]
        # A body's newest meetings (its page) without sorting all of them.
        indexes = [models.Index(fields=["body", "-date"], name="meeting_body_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:meeting", kwargs={"pk": self.pk, "slug": self.slug})


class Attendance(NormalizedTextModel):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        ATTENDEE = "attendee", _("attendee")
        PRESENTER = "presenter", _("presenter")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class AgendaItem(NormalizedTextModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=500)
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("document"),
    )
    presenter = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items_presented",
        verbose_name=_("presenter"),
    )

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "order"],
                name="agenda_item_order_unique",
                # Deferred, so reordering rows in one save can swap two orders.
                deferrable=models.Deferrable.DEFERRED,
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        """Articles the public may see: published, and not scheduled for later."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self) -> "ArticleQuerySet":
        """Published, with a publication time still to come: public only from then on."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self) -> "ArticleQuerySet":
        return self.filter(status=Article.Status.DRAFT)


class Article(NormalizedTextModel):
    class Status(models.TextChoices):
        # A document's "Draft" (a draft resolution) is another word in Vietnamese.
        DRAFT = "draft", pgettext_lazy("article status", "Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(_("slug"), max_length=200)
    lead = models.TextField(_("lead"))
    byline = models.CharField(_("byline"), max_length=200, help_text=_("Author as printed."))
    published_at = models.DateTimeField(
        _("published at"), help_text=_("Original publication time; a future time schedules it.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    source_name = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("meeting"),
    )
    topics = models.ManyToManyField(
        Topic, related_name="articles", blank=True, verbose_name=_("topics")
    )
    documents = models.ManyToManyField(
        Document, through="ArticleDocument", related_name="articles", verbose_name=_("documents")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["slug_vi"], name="article_unique_slug_vi"),
            models.UniqueConstraint(fields=["slug_en"], name="article_unique_slug_en"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:article", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def original_url(self) -> str:
        """The article's own address at its source, or "" when it is not known: an http(s) URL
        with a path, since a newspaper's home page is not the article (and a javascript: URL a
        fixture or import could carry is no link at all)."""
        url = self.source_url.strip()
        parts = urlsplit(url)
        if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
            return ""
        return url if parts.path.strip("/") or parts.query else ""


class ArticleDocument(NormalizedTextModel):
    """A document an article discusses (on the agenda) or merely cites."""

    class Role(models.TextChoices):
        DISCUSSED = "discussed", _("discussed")
        CITED = "cited", _("cited")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="document_links", verbose_name=_("article")
    )
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="article_links", verbose_name=_("document")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["article", "order"]
        verbose_name = _("document of an article")
        verbose_name_plural = _("documents of articles")
        constraints = [
            models.UniqueConstraint(fields=["article", "document"], name="article_document_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.get_role_display()})"


class Photo(NormalizedTextModel):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="photos", verbose_name=_("article")
    )
    image = models.ImageField(_("image"), upload_to="photos/%Y/%m/")
    is_placeholder = models.BooleanField(
        _("placeholder image"),
        default=False,
        help_text=_("The original photo is not available; a labelled placeholder stands in."),
    )
    caption = models.TextField(_("caption"))
    alt_text = models.CharField(_("alternative text"), max_length=300)
    credit = models.CharField(_("credit"), max_length=200)
    people_shown = models.ManyToManyField(
        Person, related_name="photos", blank=True, verbose_name=_("people shown")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["article", "order"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption[:80]

    def save(self, *args: object, **kwargs: object) -> None:
        super().save(*args, **kwargs)
        # The WebP renditions phones are sent (fixtures load without save(): load_seed and
        # `manage.py make_renditions` make theirs).
        if self.image:
            make_renditions(self.image.storage, self.image.name)


class BodyBlock(NormalizedTextModel):
    """One block of an article's body, in the original order: a heading, a paragraph or a photo."""

    class Kind(models.TextChoices):
        HEADING = "heading", _("Heading")
        PARAGRAPH = "paragraph", _("Paragraph")
        PHOTO = "photo", _("Photo")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("article")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"), blank=True)
    photo = models.OneToOneField(
        Photo,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="block",
        verbose_name=_("photo"),
    )

    class Meta:
        ordering = ["article", "order"]
        verbose_name = _("body block")
        verbose_name_plural = _("body blocks")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "order"],
                name="block_order_unique",
                # Deferred, so reordering rows in one save can swap two orders.
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=Q(kind="photo", photo__isnull=False)
                | (~Q(kind="photo") & Q(photo__isnull=True)),
                name="block_photo_iff_photo_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}#{self.order} {self.get_kind_display()}"


class Target(NormalizedTextModel):
    """A goal a document sets (or that a meeting asked it to set)."""

    class Outcome(models.TextChoices):
        IN_DRAFT = "in_draft", _("in the draft")
        TOO_LOW = "too_low", _("flagged as too low")
        PROPOSED = "proposed", _("proposed for addition")
        TO_QUANTIFY = "to_quantify", _("to be studied and quantified")

    class Measure(models.TextChoices):
        # What `value` counts. A quantity has a unit (%, communes…); a rank is a place among
        # others ("thuộc nhóm 30 tỉnh, thành phố": in the top 30), a whole number without unit.
        QUANTITY = "quantity", _("quantity (value and unit)")
        RANK = "rank", _("rank (in the top N)")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="targets", verbose_name=_("document")
    )
    # The article that reports the target and what the meeting said of it; lets editors enter
    # targets inline on the article they are reading from.
    article = models.ForeignKey(
        "Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("reported in"),
    )
    pillar = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        limit_choices_to={"kind": Topic.Kind.PILLAR},
        verbose_name=_("pillar"),
    )
    indicator = models.TextField(_("indicator"))
    measure = models.CharField(
        _("what the value measures"),
        max_length=10,
        choices=Measure.choices,
        default=Measure.QUANTITY,
        help_text=_("A rank is a place among others: 30 reads “in the top 30”; no unit."),
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    deadline_year = models.PositiveSmallIntegerField(_("deadline (year)"), null=True, blank=True)
    scope = models.TextField(_("scope"), blank=True)
    outcome = models.CharField(_("outcome at the meeting"), max_length=20, choices=Outcome.choices)
    meeting_note = models.TextField(_("what the meeting said"), blank=True)
    proposed_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets_proposed",
        verbose_name=_("proposed by"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return self.indicator[:80]

    def clean(self) -> None:
        super().clean()
        if self.measure != self.Measure.RANK:
            return
        errors = {}
        # Keyed by column (unit_vi, unit_en): those are the fields forms and files have.
        for code, _name in settings.LANGUAGES:
            if getattr(self, f"unit_{code}", ""):
                errors[f"unit_{code}"] = _("A rank has no unit: leave the unit empty.")
        if self.value is not None and (self.value < 1 or self.value != int(self.value)):
            errors["value"] = _("A rank is a whole number of at least 1 (30 for “in the top 30”).")
        if errors:
            raise ValidationError(errors)

    def value_text(self) -> str:
        """The value as a reader of the active language reads it: "in the top 30" for a rank,
        "100%", "12 xã"; "" when the target is not quantified."""
        if self.value is None:
            return ""
        number = reader_number(self.value)
        if self.measure == self.Measure.RANK:
            # Close to the source's wording ("thuộc nhóm 30 tỉnh, thành phố").
            return gettext("in the top %(rank)s") % {"rank": number}
        if self.unit == "%":
            return f"{number}%"
        return f"{number} {self.unit}".strip()


class Statement(NormalizedTextModel):
    """Who said what, in which article and meeting, about which documents and targets."""

    class Kind(models.TextChoices):
        QUOTE = "quote", _("direct quote")
        PARAPHRASE = "paraphrase", _("paraphrase")
        CONCLUSION = "conclusion", _("conclusion")
        PRESENTATION = "presentation", _("presentation")
        COMMENT = "comment", _("comment")
        # A photo caption says someone spoke ("… phát biểu góp ý…") but not what: a record of
        # attendance, never shown as a quote nor counted among what was said.
        SPOKE_UNREPORTED = "spoke_unreported", _("spoke; content not reported")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="statements", verbose_name=_("article")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("meeting"),
    )
    speaker = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="statements", verbose_name=_("speaker")
    )
    attribution = models.CharField(
        _("attribution as printed"),
        max_length=300,
        help_text=_("How the article names the speaker, e.g. Chủ tịch UBND tỉnh."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    documents = models.ManyToManyField(
        Document, related_name="statements", blank=True, verbose_name=_("documents")
    )
    targets = models.ManyToManyField(
        Target, related_name="statements", blank=True, verbose_name=_("targets")
    )

    class Meta:
        ordering = ["article", "order"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return f"{self.speaker}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#statement-{self.pk}"

    @property
    def is_reported(self) -> bool:
        """Whether the report gives what was said (not only that the speaker spoke)."""
        return self.kind != self.Kind.SPOKE_UNREPORTED


# Statements whose content the report gives: what pages count and quote as "what was said".
REPORTED_STATEMENTS = ~Q(kind=Statement.Kind.SPOKE_UNREPORTED)
