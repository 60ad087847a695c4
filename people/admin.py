"""The newsroom admin for people, organizations and positions (see newsroom.admin_base)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from archive.lib.images import checked_image
from archive.newsroom.admin_base import (
    NewsroomAdmin,
    TranslatedAdmin,
    TranslatedTabularInline,
    bilingual,
)
from archive.newsroom.concurrency import ConcurrencyGuardedForm
from people.models import Organization, Person, Position


class PersonAdminForm(ConcurrencyGuardedForm):
    def clean_portrait(self):
        # The same checks as article photos: a portrait is served to every reader.
        return checked_image(self.cleaned_data.get("portrait"))


class PositionInline(TranslatedTabularInline):
    model = Position
    fields = ["order", "organization", "role", "title", "start_date", "end_date", "attested_on"]
    autocomplete_fields = ["organization"]
    ordering = ["order", "pk"]


@admin.register(Person)
class PersonAdmin(NewsroomAdmin):
    form = PersonAdminForm
    list_display = ["full_name", "portrait_thumbnail", "position_count", "statement_count"]
    search_fields = ["full_name__unaccent", "slug"]
    prepopulated_fields = {"slug": ["full_name"]}
    inlines = [PositionInline]

    def get_queryset(self, request):
        # Statements are counted through the reverse relation: people never imports articles.
        return (
            super()
            .get_queryset(request)
            .annotate(
                position_total=Count("positions", distinct=True),
                statement_total=Count("statements", distinct=True),
            )
        )

    @admin.display(description=_("portrait"))
    def portrait_thumbnail(self, person: Person) -> str:
        if not person.portrait:
            return "—"
        return format_html(
            '<img src="{}" alt="" class="admin-thumb" width="60" loading="lazy">',
            person.portrait.url,
        )

    @admin.display(description=_("positions"), ordering="position_total")
    def position_count(self, person: Person) -> int:
        return person.position_total

    @admin.display(description=_("statements"), ordering="statement_total")
    def statement_count(self, person: Person) -> int:
        return person.statement_total


@admin.register(Organization)
class OrganizationAdmin(TranslatedAdmin):
    list_display = ["name", "short_name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = bilingual("name", "short_name")
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug_vi": ["name_vi"], "slug_en": ["name_en"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")


@admin.register(Position)
class PositionAdmin(TranslatedAdmin):
    list_display = ["person", "title", "organization", "attested_on"]
    list_filter = ["organization"]
    search_fields = [*bilingual("title", "role"), "person__full_name__unaccent"]
    autocomplete_fields = ["person", "organization"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "organization")
