"""Translated fields of articles/ (vi original, en translation)."""

from modeltranslation.translator import TranslationOptions, register

from articles.models import (
    AgendaItem,
    Article,
    BodyBlock,
    Document,
    Meeting,
    Photo,
    Statement,
    Target,
    Topic,
)


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "slug", "description")


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "slug", "summary")


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "slug", "kind", "time_of_day", "other_attendees")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title",)


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "slug", "lead", "source_name")


@register(Photo)
class PhotoTranslation(TranslationOptions):
    fields = ("caption", "alt_text")


@register(BodyBlock)
class BodyBlockTranslation(TranslationOptions):
    fields = ("text",)


@register(Target)
class TargetTranslation(TranslationOptions):
    fields = ("indicator", "unit", "scope", "meeting_note")


@register(Statement)
class StatementTranslation(TranslationOptions):
    fields = ("attribution", "text")
