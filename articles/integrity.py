"""Integrity of the loaded records: what a reader or translator would find broken or missing.

Each check returns human-readable problems that name the record (`articles.Photo #3: …`).
"""

from collections.abc import Iterator

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import connection, models
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.translator import translator

from articles.models import BodyBlock, Photo, Statement

CHECKED_APPS = ("people", "articles")


def label(obj_or_model: models.Model | type[models.Model], pk: object = None) -> str:
    meta = obj_or_model._meta
    return f"{meta.app_label}.{meta.object_name} #{obj_or_model.pk if pk is None else pk}"


def is_filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def translation_problems() -> Iterator[str]:
    """Each translated field is filled in every language or in none (every one if required)."""
    for model in translator.get_registered_models(abstract=False):
        fields = translator.get_options_for_model(model).all_fields
        columns = {
            name: [f"{name}_{language}" for language in AVAILABLE_LANGUAGES] for name in fields
        }
        rows = model._base_manager.values("pk", *[c for cs in columns.values() for c in cs])
        for row in rows.order_by("pk"):
            record = label(model, row["pk"])
            for name, cols in columns.items():
                filled = [col for col in cols if is_filled(row[col])]
                empty = [col for col in cols if col not in filled]
                if filled and empty:
                    yield f"{record}: {', '.join(empty)} is empty but {', '.join(filled)} is filled"
                elif not filled and not model._meta.get_field(name).blank:
                    yield f"{record}: {name} is required but empty in every language"


def statement_problems() -> Iterator[str]:
    # The column is NOT NULL today; the check keeps the rule explicit should that ever change.
    for pk in Statement.objects.filter(speaker__isnull=True).values_list("pk", flat=True):
        yield f"{label(Statement, pk)}: statement without a speaker"


def photo_problems() -> Iterator[str]:
    for photo in Photo.objects.select_related("block").order_by("pk"):
        if not is_filled(photo.credit):
            yield f"{label(photo)}: photo without credit"
        if not photo.image:
            yield f"{label(photo)}: photo without an image"
        elif not default_storage.exists(photo.image.name):
            yield f"{label(photo)}: image file {photo.image.name} is missing from MEDIA_ROOT"
        if not hasattr(photo, "block"):
            yield f"{label(photo)}: photo is not placed in the article body"
    for pk in BodyBlock.objects.filter(kind=BodyBlock.Kind.PHOTO, photo__isnull=True).values_list(
        "pk", flat=True
    ):
        yield f"{label(BodyBlock, pk)}: photo block without a photo"


def normalization_problems() -> Iterator[str]:
    """Text must be NFC: loaddata bypasses the models' save(), which would normalize it."""
    for app_label in CHECKED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            text_columns = [
                field.column
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField) and not field.generated
            ]
            if not text_columns:
                continue
            quote = connection.ops.quote_name
            condition = " OR ".join(f"NOT ({quote(c)} IS NFC NORMALIZED)" for c in text_columns)
            pk_column = quote(model._meta.pk.column)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {pk_column} FROM {quote(model._meta.db_table)} "  # noqa: S608
                    f"WHERE {condition} ORDER BY {pk_column}"
                )
                for (pk,) in cursor.fetchall():
                    yield f"{label(model, pk)}: text is not in Unicode NFC form"


def find_problems() -> list[str]:
    return [
        *translation_problems(),
        *statement_problems(),
        *photo_problems(),
        *normalization_problems(),
    ]
