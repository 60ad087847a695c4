"""Base classes for every newsroom admin: history, no lost edits, translator limits, translation
status columns and filter, bilingual accent-insensitive search.

articles/admin.py and people/admin.py build on these; this module imports neither app.
"""

import copy
import unicodedata

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.forms.models import _get_foreign_key
from django.http import Http404, HttpRequest, HttpResponse
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
from simple_history.utils import get_history_model_for_model

from archive.newsroom import translation_state
from archive.newsroom.concurrency import TOKEN_FIELD, ConcurrencyGuardedForm, state_token
from archive.newsroom.roles import can_edit_original, can_review_translation

MAX_INLINE_ROWS = 1000  # bound on rows read from a POST's TOTAL_FORMS
HISTORY_VALUE_CHARS = 5000  # previous values shown whole, not cut at 100 characters


def bilingual(*fields: str) -> list[str]:
    """search_fields for translated fields: both languages, accents optional (unaccent)."""
    return [f"{field}_{language}__unaccent" for field in fields for language in ("vi", "en")]


def form_fields(model: type[models.Model]) -> list[str]:
    """The model's fields a form edits: each language's column of a translated field, not the
    untranslated base field modeltranslation keeps beside them."""
    base_names = set(translation_state.translated_fields(model))
    return [
        field.name
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.editable and not field.primary_key and field.name not in base_names
    ]


def locked_fields(model: type[models.Model]) -> list[str]:
    """Form fields a translator may not change: everything but the English translations."""
    return [
        name for name in form_fields(model) if not translation_state.is_english_field(model, name)
    ]


def pk_or_404(model: type[models.Model], object_id: str) -> object:
    """The key an admin URL names, or a 404 when it cannot be one ("abc" for a number): the
    views that look records up with it would otherwise fail with a server error."""
    try:
        return model._meta.pk.to_python(unquote(object_id))
    except ValidationError:
        raise Http404 from None


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
    # True only on the per-request copy that shows a version to a user who may not restore it.
    version_read_only = False

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

    # --- one transaction per saving view ---
    # A server runs requests outside any transaction, and the no-lost-edits guard locks the
    # record (SELECT ... FOR UPDATE), which needs one. Django's changeform and delete views open
    # it themselves; the translator check, django-simple-history's restore view and the list's
    # actions do not, so every view that saves opens it here, around everything it does.
    def _atomic(self) -> transaction.Atomic:
        return transaction.atomic(using=router.db_for_write(self.model))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with self._atomic():
            refusal = self._refuse_locked_changes(request, object_id)
            return refusal or super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        with self._atomic():  # actions (publish, mark reviewed…) and list edits
            return super().changelist_view(request, extra_context)

    # --- history: readable by all, restorable only by those who may edit the original ---
    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self.version_read_only:
            readonly += [name for name in form_fields(self.model) if name not in readonly]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        # Read-only fields cannot be prepopulated (translators see slugs read-only).
        readonly = set(self.get_readonly_fields(request, obj))
        return {
            field: sources
            for field, sources in super().get_prepopulated_fields(request, obj).items()
            if field not in readonly
        }

    def has_change_history_permission(self, request, obj=None) -> bool:
        # A restore saves the whole stored version, Vietnamese original, status and publication
        # time included, whatever the form shows: only users who may edit all of it restore.
        return can_edit_original(request.user) and super().has_change_history_permission(
            request, obj
        )

    def history_view(self, request, object_id, extra_context=None):
        pk_or_404(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        pk_or_404(self.model, object_id)
        pk_or_404(get_history_model_for_model(self.model), version_id)
        may_restore = self.has_change_history_permission(request)
        if request.method == "POST" and not may_restore:
            return self._refusal(
                request,
                self.get_object(request, unquote(object_id)),
                reason=_("Nothing was saved. Only editors may restore an earlier version."),
            )
        # django-simple-history reads the prepopulated_fields attribute, not the method, and
        # has no read-only mode: a copy of this admin for this request only carries both.
        version_admin = copy.copy(self)
        version_admin.version_read_only = not may_restore
        version_admin.prepopulated_fields = version_admin.get_prepopulated_fields(request)
        with self._atomic():
            return super(NewsroomAdmin, version_admin).history_form_view(
                request, object_id, version_id, extra_context
            )

    # --- translators: refuse, never silently drop, a change to a locked field ---
    def _refuse_locked_changes(self, request, object_id) -> HttpResponse | None:
        if request.method != "POST" or object_id is None or can_edit_original(request.user):
            return None
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return None
        refused = self.refused_changes(request, obj)
        if not refused:
            return None
        return self._refusal(request, obj, refused=refused)

    def _refusal(self, request, obj, *, refused=(), reason="") -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change refused"),
            "opts": self.model._meta,
            "original": obj,
            "refused": refused,
            "reason": reason,
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
            ("needed", _("Missing or out of date")),
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
        if self.value() == "needed":
            return queryset.filter(translation_state.needs_english_q(model))
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
