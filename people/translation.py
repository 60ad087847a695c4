"""Translated fields of people/ (vi original, en translation). Personal names are not translated."""

from modeltranslation.translator import TranslationOptions, register

from people.models import Organization, Position


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "short_name", "slug")


@register(Position)
class PositionTranslation(TranslationOptions):
    fields = ("role", "title")
