"""Base classes for every newsroom admin: history, no lost edits, translator limits, translation
status columns and filter, bilingual accent-insensitive search.

articles/admin.py and people/admin.py build on these; this module imports neither app.
"""

import unicodedata

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.forms.models import _get_foreign_key
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from archive.newsroom import translation_state
from archive.newsroom.concurrency import TOKEN_FIELD, ConcurrencyGuardedForm, state_token
from archive.newsroom.roles import can_edit_original, can_review_translation

MAX_INLINE_ROWS = 1000  # bound on rows read from a POST's TOTAL_FORMS
HISTORY_VALUE_CHARS = 5000  # previous values shown whole, not cut at 100 characters


def bilingual(*fields: str) -> list[str]:
    """search_fields for translated fields: both languages, accents optional (unaccent)."""
    return [f"{field}_{language}__unaccent" for field in fields for language in ("vi", "en")]


def locked_fields(model: type[models.Model]) -> list[str]:
    """Form fields a translator may not change: everything but the English translations."""
    base_names = set(translation_state.translated_fields(model))
    names = []
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if not field.editable or field.primary_key or field.name in base_names:
            continue
        if translation_state.is_english_field(model, field.name):
            continue
        names.append(field.name)
    return names


class TranslatorLimitsMixin:
    """Translators see the Vietnamese original and every other field read-only."""

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if can_edit_original(request.user):
            return readonly
        return readonly + [name for name in locked_fields(self.model) if name not in readonly]


class NewsroomInlineMixin(TranslatorLimitsMixin):
    extra = 0
    show_change_link = True


class TranslatedStackedInline(NewsroomInlineMixin, TranslationStackedInline):
    pass


class TranslatedTabularInline(NewsroomInlineMixin, TranslationTabularInline):
    pass


class TabularInline(NewsroomInlineMixin, admin.TabularInline):
    pass


class StackedInline(NewsroomInlineMixin, admin.StackedInline):
    pass


def _posted(request: HttpRequest, key: str) -> bool:
    return (
        key in request.POST
        or key in request.FILES
        or f"{key}_0" in request.POST  # split date/time widgets
        or f"{key}-clear" in request.POST  # clearable file inputs
    )


def _stored_value(instance: models.Model | None, field: models.Field):
    if instance is None:
        return None
    if field.many_to_many:
        return list(getattr(instance, field.name).all())
    return getattr(instance, field.attname)


def _refused_in(model_admin, request, instance, prefix: str) -> list[str]:
    """Locked fields a POST tries to change on `instance` (None: a row the POST adds)."""
    refused = []
    for name in locked_fields(model_admin.model):
        key = f"{prefix}-{name}" if prefix else name
        if not _posted(request, key):
            continue
        db_field = model_admin.model._meta.get_field(name)
        form_field = model_admin.formfield_for_dbfield(db_field, request)
        if form_field is None:
            continue
        posted = form_field.widget.value_from_datadict(request.POST, request.FILES, key)
        initial = form_field.prepare_value(_stored_value(instance, db_field))
        if form_field.has_changed(initial, posted):
            refused.append(key)
    return refused


class NewsroomAdmin(TranslatorLimitsMixin, SimpleHistoryAdmin):
    """History, no lost edits and translator limits for every record's admin."""

    form = ConcurrencyGuardedForm
    change_form_template = "admin/newsroom/change_form.html"
    object_history_form_template = "admin/newsroom/object_history_form.html"
    list_per_page = 50

    class Media:
        js = ["newsroom/vietnamese_slug.js"]

    # --- search: both languages, accents optional, NFC like the stored text ---
    def get_search_results(self, request, queryset, search_term):
        search_term = unicodedata.normalize("NFC", search_term.replace("\x00", ""))
        return super().get_search_results(request, queryset, search_term)

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoricalRecordContextHelper(
            self.model, historical_record, max_displayed_delta_change_chars=HISTORY_VALUE_CHARS
        )

    # --- no lost edits ---
    def get_fields(self, request, obj=None):
        # The token is rendered by the change form template, outside the fieldsets.
        return [name for name in super().get_fields(request, obj) if name != TOKEN_FIELD]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or obj.pk is None:
            return form

        def current_token(lock: bool) -> str:
            return self.edit_token(request, obj, lock=lock)

        return type(form.__name__, (form,), {"current_token": staticmethod(current_token)})

    def edit_token(self, request: HttpRequest, obj: models.Model, *, lock: bool = False) -> str:
        """Digest of the record and of the inline rows its form edits."""
        record = self.model._base_manager.filter(pk=obj.pk)
        if lock:
            # Serializes concurrent saves of one record: the second waits, then sees the change.
            list(record.select_for_update().values_list("pk", flat=True))
        querysets = [record]
        for inline in self.get_inline_instances(request, obj):
            fk = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)
            querysets.append(inline.model._base_manager.filter(**{fk.name: obj.pk}))
        return state_token(querysets)

    # --- translators: refuse, never silently drop, a change to a locked field ---
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        refusal = self._refuse_locked_changes(request, object_id)
        return refusal or super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        refusal = self._refuse_locked_changes(request, object_id)
        return refusal or super().history_form_view(request, object_id, version_id, extra_context)

    def _refuse_locked_changes(self, request, object_id) -> HttpResponse | None:
        if request.method != "POST" or object_id is None or can_edit_original(request.user):
            return None
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return None
        refused = self.refused_changes(request, obj)
        if not refused:
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change refused"),
            "opts": self.model._meta,
            "original": obj,
            "refused": refused,
        }
        return TemplateResponse(request, "admin/newsroom/refused.html", context, status=403)

    def refused_changes(self, request: HttpRequest, obj: models.Model) -> list[str]:
        """Names of the posted fields, main form and inline rows, that the user may not change."""
        refused = _refused_in(self, request, obj, prefix="")
        for formset_class, inline in self.get_formsets_with_inlines(request, obj):
            prefix = formset_class.get_default_prefix()
            fk = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)
            rows = {str(row.pk): row for row in inline.model.objects.filter(**{fk.name: obj})}
            try:
                total = min(int(request.POST.get(f"{prefix}-TOTAL_FORMS", 0)), MAX_INLINE_ROWS)
            except ValueError:
                total = 0
            for index in range(total):
                row_prefix = f"{prefix}-{index}"
                row = rows.get(request.POST.get(f"{row_prefix}-id", ""))
                refused += _refused_in(inline, request, row, row_prefix)
        return refused


class TranslationStateFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        queryset = model_admin.get_queryset(request)
        model = model_admin.model
        missing = queryset.filter(translation_state.missing_english_q(model)).count()
        outdated = queryset.filter(translation_state.english_out_of_date(model)).count()
        return [
            ("missing", _("Missing English (%(count)d)") % {"count": missing}),
            ("outdated", _("English out of date (%(count)d)") % {"count": outdated}),
            ("complete", _("Complete and current")),
        ]

    def queryset(self, request, queryset):
        model = queryset.model
        missing = translation_state.missing_english_q(model)
        outdated = translation_state.english_out_of_date(model)
        if self.value() == "missing":
            return queryset.filter(missing)
        if self.value() == "outdated":
            return queryset.filter(outdated)
        if self.value() == "complete":
            return queryset.exclude(missing).exclude(outdated)
        return queryset


class TranslatedAdmin(NewsroomAdmin, TabbedTranslationAdmin):
    """Admin of a translated record: Vietnamese and English tabs (Vietnamese first) and status."""

    actions = ["mark_english_reviewed"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(english_outdated=translation_state.english_out_of_date(self.model))
        )

    def get_prepopulated_fields(self, request, obj=None):
        # Read-only fields cannot be prepopulated (translators see slugs read-only).
        readonly = set(self.get_readonly_fields(request, obj))
        return {
            field: sources
            for field, sources in super().get_prepopulated_fields(request, obj).items()
            if field not in readonly
        }

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), TranslationStateFilter]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "english"]

    @admin.display(description=_("English"))
    def english(self, obj) -> str:
        done = translation_state.completeness(obj)
        state = "complete" if done.complete else "missing"
        label = _("complete") if done.complete else _("missing")
        if getattr(obj, "english_outdated", False):
            state, label = "outdated", _("out of date")
        return format_html(
            '<span class="translation-state translation-{}">{} {}</span>', state, done, label
        )

    def has_review_translation_permission(self, request) -> bool:
        return can_review_translation(request.user)

    @admin.action(
        description=_("Mark English reviewed (still matches the Vietnamese)"),
        permissions=["review_translation"],
    )
    def mark_english_reviewed(self, request, queryset):
        for obj in queryset:
            translation_state.mark_reviewed(obj, request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "%(count)d record marked reviewed.", "%(count)d records marked reviewed.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["translation_status"] = translation_state.status_of(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)
