"""Translation completeness and freshness of every translated record.

A field needs English when its Vietnamese is filled. "English out of date": the Vietnamese changed
after the English was last edited or reviewed. The timestamps live in TranslationStatus, kept by
signals on every save (admin, shell, import or fixture), comparing the stored row with the new one.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from archive.newsroom.models import TranslationStatus

ORIGINAL, TRANSLATION = "vi", "en"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def translated_fields(model: type[models.Model]) -> list[str]:
    """Base names of the model's translated fields ([] for a model without translations)."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    return list(options.all_fields)


def localized(field: str, language: str) -> str:
    return build_localized_fieldname(field, language)


def is_english_field(model: type[models.Model], name: str) -> bool:
    return any(name == localized(field, TRANSLATION) for field in translated_fields(model))


def _blank(column: str) -> Q:
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def missing_english_q(model: type[models.Model]) -> Q:
    """Records with at least one field filled in Vietnamese and empty in English."""
    condition = Q(pk__in=[])
    for field in translated_fields(model):
        condition |= ~_blank(localized(field, ORIGINAL)) & _blank(localized(field, TRANSLATION))
    return condition


def english_out_of_date(model: type[models.Model]) -> Exists:
    """True where the Vietnamese changed after the English was last edited or reviewed."""
    english_checked = Greatest(
        Coalesce("en_edited_at", models.Value(_EPOCH)),
        Coalesce("en_reviewed_at", models.Value(_EPOCH)),
    )
    return Exists(
        TranslationStatus.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            en_edited_at__isnull=False,  # no English yet is "missing", not "out of date"
            vi_edited_at__gt=english_checked,
        )
    )


@dataclass(frozen=True)
class Completeness:
    filled: int
    needed: int

    @property
    def complete(self) -> bool:
        return self.filled == self.needed

    def __str__(self) -> str:
        return f"{self.filled}/{self.needed}"


def needs_english_q(model: type[models.Model]) -> Q:
    """The translation queue: English missing or out of date."""
    return missing_english_q(model) | Q(english_out_of_date(model))


def completeness(obj: models.Model) -> Completeness:
    needed = filled = 0
    for field in translated_fields(type(obj)):
        if getattr(obj, localized(field, ORIGINAL)):
            needed += 1
            filled += bool(getattr(obj, localized(field, TRANSLATION)))
    return Completeness(filled, needed)


def status_of(obj: models.Model) -> dict:
    """What the change form shows about a record's translation."""
    status = TranslationStatus.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).first()
    return {
        "completeness": completeness(obj),
        # Named as the form labels them, in the reader's language, not by column name.
        "missing": [
            str(obj._meta.get_field(field).verbose_name)
            for field in translated_fields(type(obj))
            if getattr(obj, localized(field, ORIGINAL))
            and not getattr(obj, localized(field, TRANSLATION))
        ],
        "record": status,
        "out_of_date": bool(status and status.english_out_of_date),
    }


def mark_reviewed(obj: models.Model, user) -> None:
    """A translator checked that the English still says what the Vietnamese says."""
    TranslationStatus.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults={"en_reviewed_at": timezone.now(), "en_reviewed_by": user},
    )


def _columns(model: type[models.Model], language: str) -> list[str]:
    return [localized(field, language) for field in translated_fields(model)]


def _remember_stored_values(sender, instance, **kwargs) -> None:
    columns = _columns(sender, ORIGINAL) + _columns(sender, TRANSLATION)
    stored = None
    if instance.pk is not None:
        stored = sender._base_manager.filter(pk=instance.pk).values(*columns).first()
    instance._translation_stored_values = stored


def _record_edits(sender, instance, created, **kwargs) -> None:
    stored = getattr(instance, "_translation_stored_values", None) or {}
    now = timezone.now()
    changes = {}
    for language, timestamp in ((ORIGINAL, "vi_edited_at"), (TRANSLATION, "en_edited_at")):
        columns = _columns(sender, language)
        current = {column: getattr(instance, column) or "" for column in columns}
        before = {column: stored.get(column) or "" for column in columns}
        if current != before:
            changes[timestamp] = now
    if changes:
        TranslationStatus.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(sender),
            object_id=instance.pk,
            defaults=changes,
        )


def connect_signals() -> None:
    for model in translator.get_registered_models(abstract=False):
        pre_save.connect(_remember_stored_values, sender=model, dispatch_uid=f"mt-pre-{model}")
        post_save.connect(_record_edits, sender=model, dispatch_uid=f"mt-post-{model}")
