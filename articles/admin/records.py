"""The newsroom admin for articles and their records.

Every admin builds on newsroom.admin_base: tabbed Vietnamese/English fields, history with
restore, refusal of saves over someone else's changes, translator limits, translation status.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.newsroom import translation_state
from archive.newsroom.admin_base import (
    CompactInline,
    SortableInlineMixin,
    TabularInline,
    TranslatedAdmin,
    TranslatedStackedInline,
    TranslatedTabularInline,
    bilingual,
)
from archive.newsroom.concurrency import ConcurrencyGuardedForm
from archive.newsroom.roles import can_publish
from articles.admin.photo_upload import PhotoForm
from articles.admin.translate import translate_view
from articles.admin.views import article_preview
from articles.ingest.views import ingest_view
from articles.models import (
    AgendaItem,
    Article,
    ArticleDocument,
    Attendance,
    BodyBlock,
    Document,
    DocumentRelation,
    Meeting,
    Photo,
    Statement,
    Target,
    Topic,
)
from articles.search import SearchAdminMixin


class PhotoAdminForm(ConcurrencyGuardedForm, PhotoForm):
    pass


@admin.display(description=_("thumbnail"))
def thumbnail(photo: Photo) -> str:
    if not photo or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" class="admin-thumb" width="120" loading="lazy">',
        photo.image.url,
        photo.alt_text,
    )


def _object_id(request) -> str | None:
    match = request.resolver_match
    return match.kwargs.get("object_id") if match else None


# --- inlines of the article form, each in its order field ---


class ArticleDocumentInline(SortableInlineMixin, TabularInline):
    model = ArticleDocument
    fields = ["order", "document", "role"]
    autocomplete_fields = ["document"]
    ordering = ["order", "pk"]
    verbose_name = _("document discussed or cited")
    verbose_name_plural = _("documents discussed or cited")


class BodyBlockInline(SortableInlineMixin, TabularInline):
    """The body as one ordered list: rows move by drag or by their move buttons (keyboard), and
    the script sets the hidden order numbers (newsroom/sortable_inline.js). Vietnamese and
    English side by side, one row per block, rather than language tabs in every row."""

    model = BodyBlock
    fields = ["order", "kind", "text_vi", "text_en", "photo"]
    ordering = ["order", "pk"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            # Only this article's photos can stand in its body.
            kwargs["queryset"] = Photo.objects.filter(article_id=_object_id(request) or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _excerpt(text: str, length: int = 75) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@admin.display(description=_("English"))
def english_state(obj) -> str:
    done = translation_state.completeness(obj)
    return str(done)


class StatementInline(CompactInline):
    """One line per statement; the full form is the statement's own change page."""

    model = Statement
    fields = ["order", "speaker", "kind", "summary", english_state, "edit_link"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")

    @admin.display(description=_("text"))
    def summary(self, statement: Statement) -> str:
        return _excerpt(statement.text_vi)


@admin.display(description=_("thumbnail"))
def small_thumbnail(photo: Photo) -> str:
    if not photo or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="" class="admin-thumb-small" width="48" loading="lazy">',
        photo.image.url,
    )


class PhotoInline(CompactInline):
    model = Photo
    # Folded (<details>, one click to open): the body's photo rows already show every photo.
    classes = ["collapse"]
    fields = ["order", small_thumbnail, "summary", "credit", english_state, "edit_link"]

    @admin.display(description=_("caption"))
    def summary(self, photo: Photo) -> str:
        return _excerpt(photo.caption_vi)


@admin.display(description=_("value"))
def target_goal(target: Target) -> str:
    """The value as the public page reads it: "thuộc nhóm 30" for a rank, "100%", "12 xã"."""
    return target.value_text()


class ReportedTargetInline(CompactInline):
    model = Target
    fk_name = "article"
    # Folded like the photos: the targets table of the article page lists them all, and the seven
    # of the seed (since it reports them) kept the form over five screens.
    classes = ["collapse"]
    fields = [
        "order",
        "summary",
        "goal",
        "deadline_year",
        "outcome",
        english_state,
        "edit_link",
    ]
    verbose_name = _("target reported in this article")
    verbose_name_plural = _("targets reported in this article")

    @admin.display(description=_("indicator"))
    def summary(self, target: Target) -> str:
        return _excerpt(target.indicator_vi, 70)

    @admin.display(description=_("value"))
    def goal(self, target: Target) -> str:
        return target_goal(target)


# The new-article form: no rows yet to link to, so statements, photos and targets are entered
# in full here, as before; the change form shows them one line each (the inlines above).


class StatementEntryInline(TranslatedStackedInline):
    model = Statement
    fields = [
        "order",
        "speaker",
        "attribution",
        "kind",
        "text",
        "meeting",
        "documents",
        "targets",
    ]
    autocomplete_fields = ["speaker", "meeting", "documents", "targets"]
    ordering = ["order", "pk"]

    def get_queryset(self, request):
        # Each row's form reads its links: one query per relation, not per row.
        return super().get_queryset(request).prefetch_related("documents", "targets")


class PhotoEntryInline(TranslatedStackedInline):
    model = Photo
    form = PhotoForm
    fields = [
        "order",
        "image",
        thumbnail,
        "is_placeholder",
        "caption",
        "alt_text",
        "credit",
        "people_shown",
    ]
    readonly_fields = [thumbnail]
    autocomplete_fields = ["people_shown"]
    ordering = ["order", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("people_shown")


# A target's own fields, after the order and the record it hangs from (document or article).
TARGET_FIELDS = [
    "pillar",
    "indicator",
    "measure",
    "value",
    "unit",
    "deadline_year",
    "scope",
    "outcome",
    "meeting_note",
    "proposed_by",
]


class ReportedTargetEntryInline(TranslatedStackedInline):
    model = Target
    fk_name = "article"
    fields = ["order", "document", *TARGET_FIELDS]
    autocomplete_fields = ["document", "proposed_by"]
    ordering = ["order", "pk"]
    verbose_name = _("target reported in this article")
    verbose_name_plural = _("targets reported in this article")


# --- articles ---


class PublicStateFilter(admin.SimpleListFilter):
    title = _("public state")
    parameter_name = "public"

    def lookups(self, request, model_admin):
        return [
            ("live", _("Live")),
            ("scheduled", _("Scheduled")),
            ("draft", Article.Status.DRAFT.label),
        ]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "draft":
            return queryset.drafts()
        return queryset


@admin.register(Article)
class ArticleAdmin(SearchAdminMixin, TranslatedAdmin):
    change_form_template = "admin/articles/article/change_form.html"
    # Adds the link to "Import an article from text" (articles/ingest/views.py).
    change_list_template = "admin/articles/ingest_change_list.html"
    fieldsets = [
        (None, {"fields": ["title", "lead", "byline"]}),
        (_("Publication"), {"fields": [("status", "published_at")]}),
        # Rarely changed once set: folded away (<details>) to keep the form short.
        (
            _("Address and source"),
            {"fields": ["slug", "source_name", "source_url"], "classes": ["collapse"]},
        ),
        (_("Context"), {"fields": [("meeting", "topics")]}),
    ]
    inlines = [
        ArticleDocumentInline,
        BodyBlockInline,
        StatementInline,
        PhotoInline,
        ReportedTargetInline,
    ]
    autocomplete_fields = ["meeting", "topics"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4})}}
    prepopulated_fields = {"slug_vi": ["title_vi"], "slug_en": ["title_en"]}
    list_display = ["title", "public_state", "published_at", "meeting", "statement_count"]
    list_filter = [
        PublicStateFilter,
        "status",
        ("published_at", admin.DateFieldListFilter),
        ("updated_at", admin.DateFieldListFilter),  # the desk's "changed in the last 7 days"
        "topics",
        ("statements__speaker", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [*bilingual("title", "lead"), "byline__unaccent"]
    date_hierarchy = "published_at"
    actions = ["mark_english_reviewed", "publish", "unpublish"]

    def get_inlines(self, request, obj=None):
        if obj is not None:
            return self.inlines
        return [
            ArticleDocumentInline,
            BodyBlockInline,
            StatementEntryInline,
            PhotoEntryInline,
            ReportedTargetEntryInline,
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # A new article needs its address and source filled in: nothing folded away.
        return [
            (
                name,
                {**options, "classes": [c for c in options.get("classes", ()) if c != "collapse"]},
            )
            for name, options in fieldsets
        ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("meeting")
            .annotate(statement_total=Count("statements", distinct=True))
        )

    @admin.display(description=_("public state"), ordering="status")
    def public_state(self, article: Article) -> str:
        if article.status == Article.Status.DRAFT:
            return format_html(
                '<span class="public-state-draft">{}</span>', Article.Status.DRAFT.label
            )
        if article.published_at > timezone.now():
            return format_html('<span class="public-state-scheduled">{}</span>', _("Scheduled"))
        return format_html('<span class="public-state-live">{}</span>', _("Live"))

    @admin.display(description=_("statements"), ordering="statement_total")
    def statement_count(self, article: Article) -> int:
        return article.statement_total

    # --- workflow ---
    def has_publish_permission(self, request) -> bool:
        return can_publish(request.user)

    @admin.action(description=_("Publish (a future time schedules it)"), permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Article.Status.PUBLISHED)

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Article.Status.DRAFT)

    def _set_status(self, request, queryset, status: str) -> None:
        now = timezone.now()
        live = scheduled = 0
        for article in queryset.exclude(status=status):
            article.status = status
            article._history_user = request.user
            article.save(update_fields=["status", "updated_at"])
            self.log_change(request, article, [{"changed": {"fields": ["status"]}}])
            if status == Article.Status.PUBLISHED:
                live += article.published_at <= now
                scheduled += article.published_at > now
        if status == Article.Status.DRAFT:
            self.message_user(request, _("Selected articles are drafts now."), messages.SUCCESS)
            return
        self.message_user(
            request,
            ngettext("%(count)d article is live.", "%(count)d articles are live.", live)
            % {"count": live}
            + " "
            + ngettext(
                "%(count)d is scheduled for later.", "%(count)d are scheduled for later.", scheduled
            )
            % {"count": scheduled},
            messages.SUCCESS,
        )

    # --- preview and "view on site" ---
    def get_urls(self):
        return [
            path(
                "ingest/",
                self.admin_site.admin_view(self.ingest_view),
                name="articles_article_ingest",
            ),
            path(
                "<path:object_id>/translate/",
                self.admin_site.admin_view(self.translate_view),
                name="articles_article_translate",
            ),
            path(
                "<path:object_id>/preview/<str:language>/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            *super().get_urls(),
        ]

    def ingest_view(self, request):
        return ingest_view(self, request)

    def translate_view(self, request, object_id: str):
        return translate_view(self, request, object_id)

    def preview_view(self, request, object_id: str, language: str):
        return article_preview(self, request, object_id, language)

    def get_view_on_site_url(self, obj=None):
        if obj is None or Article.objects.published().filter(pk=obj.pk).exists():
            return super().get_view_on_site_url(obj)
        # Not public yet: the staff-only preview stands in for the public page.
        return reverse("admin:articles_article_preview", args=[obj.pk, "vi"])


# --- the other records ---


class DocumentRelationInline(TabularInline):
    model = DocumentRelation
    fk_name = "source"
    fields = ["kind", "target"]
    autocomplete_fields = ["target"]
    verbose_name = _("relation to another document")
    verbose_name_plural = _("relations to other documents")


class DocumentTargetInline(TranslatedStackedInline):
    model = Target
    fk_name = "document"
    fields = ["order", "article", *TARGET_FIELDS]
    autocomplete_fields = ["article", "proposed_by"]
    ordering = ["order", "pk"]


@admin.register(Document)
class DocumentAdmin(SearchAdminMixin, TranslatedAdmin):
    list_display = ["symbol", "title", "kind", "issuer", "issued_on", "status"]
    list_filter = ["kind", "status", ("issued_on", admin.DateFieldListFilter), "issuer"]
    search_fields = ["symbol__unaccent", *bilingual("title", "summary")]
    autocomplete_fields = ["issuer"]
    prepopulated_fields = {"slug_vi": ["title_vi"], "slug_en": ["title_en"]}
    inlines = [DocumentRelationInline, DocumentTargetInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("issuer")


class AttendanceInline(TabularInline):
    model = Attendance
    fields = ["order", "person", "role"]
    autocomplete_fields = ["person"]
    ordering = ["order", "pk"]


class AgendaItemInline(TranslatedTabularInline):
    model = AgendaItem
    fields = ["order", "title", "document", "presenter"]
    autocomplete_fields = ["document", "presenter"]
    ordering = ["order", "pk"]


@admin.register(Meeting)
class MeetingAdmin(SearchAdminMixin, TranslatedAdmin):
    list_display = ["title", "date", "body", "chair"]
    list_filter = [("date", admin.DateFieldListFilter), "body"]
    search_fields = bilingual("title", "kind")
    autocomplete_fields = ["body", "chair"]
    prepopulated_fields = {"slug_vi": ["title_vi"], "slug_en": ["title_en"]}
    inlines = [AttendanceInline, AgendaItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("body", "chair")


@admin.register(AgendaItem)
class AgendaItemAdmin(TranslatedAdmin):
    list_display = ["title", "meeting", "order", "document"]
    list_filter = ["meeting"]
    search_fields = bilingual("title")
    autocomplete_fields = ["meeting", "document", "presenter"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting", "document")


@admin.register(Statement)
class StatementAdmin(SearchAdminMixin, TranslatedAdmin):
    list_display = ["excerpt", "speaker", "kind", "article", "order"]
    list_filter = ["kind", ("speaker", admin.RelatedOnlyFieldListFilter), "article"]
    search_fields = [*bilingual("text", "attribution"), "speaker__full_name__unaccent"]
    autocomplete_fields = ["article", "meeting", "speaker", "documents", "targets"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker", "article")

    @admin.display(description=_("text"))
    def excerpt(self, statement: Statement) -> str:
        return statement.text[:120]


@admin.register(Photo)
class PhotoAdmin(SearchAdminMixin, TranslatedAdmin):
    form = PhotoAdminForm
    list_display = [thumbnail, "caption", "credit", "article", "is_placeholder"]
    list_filter = ["is_placeholder", "article"]
    search_fields = [*bilingual("caption", "alt_text"), "credit__unaccent"]
    autocomplete_fields = ["article", "people_shown"]
    readonly_fields = [thumbnail]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")


class TargetPillarFilter(admin.RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        return field.get_choices(include_blank=False, limit_choices_to={"kind": Topic.Kind.PILLAR})


@admin.register(Target)
class TargetAdmin(SearchAdminMixin, TranslatedAdmin):
    list_display = ["indicator", target_goal, "deadline_year", "pillar", "outcome"]
    list_filter = [
        ("pillar", TargetPillarFilter),
        "outcome",
        "deadline_year",
        "document",
        ("proposed_by", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = bilingual("indicator", "scope", "meeting_note")
    autocomplete_fields = ["document", "article", "proposed_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("pillar")


@admin.register(Topic)
class TopicAdmin(TranslatedAdmin):
    list_display = ["name", "kind", "order"]
    list_filter = ["kind"]
    search_fields = bilingual("name")
    prepopulated_fields = {"slug_vi": ["name_vi"], "slug_en": ["name_en"]}


@admin.register(BodyBlock)
class BodyBlockAdmin(TranslatedAdmin):
    list_display = ["__str__", "article", "order", "kind"]
    list_filter = ["kind", "article"]
    search_fields = bilingual("text")
    autocomplete_fields = ["article"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")
