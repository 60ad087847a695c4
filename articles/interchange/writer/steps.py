"""The generic steps of a write: match, validate, save, count; keep or prune a record's rows."""

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, connection
from django.db.models import FileField, Max, Model
from django.utils.translation import override
from modeltranslation.translator import NotRegistered, translator

from articles.interchange.shape import ArticleFile, ImportRefused
from articles.interchange.writer.rows import Row


def _translated_fields(model: type[Model]) -> tuple[str, ...]:
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def _same(obj: Model, name: str, value: Any) -> bool:
    model_field = obj._meta.get_field(name)
    current = getattr(obj, model_field.attname)
    if model_field.is_relation:
        return current == (value.pk if value is not None else None)
    if isinstance(model_field, FileField):
        return (current.name or "") == (value or "")
    return current == value


class Steps:
    """What writing any record takes; the records themselves are in shared.py and article.py."""

    def __init__(self, file: ArticleFile, *, replace: bool) -> None:
        self.file = file
        self.replace = replace
        self.found: dict[str, dict[int, Model]] = {}  # kind -> file id -> database record
        self.new: set[tuple[type[Model], int]] = set()
        self.explicit_ids: set[type[Model]] = set()
        self.tally: Counter[tuple[str, str]] = Counter()

    def count(self, model: type[Model], what: str) -> None:
        with override("en"):  # like the rest of the command's messages
            self.tally[(str(model._meta.verbose_name_plural), what)] += 1

    def writes(self, obj: Model) -> bool:
        """Whether this import may change `obj` and its own rows."""
        return self.replace or (type(obj), obj.pk) in self.new

    def get(self, kind: str, file_id: int | None) -> Model | None:
        return None if file_id is None else self.found[kind][file_id]

    def validate(self, obj: Model, row: Row) -> None:
        model = type(obj)
        translated = _translated_fields(model)
        for name in translated:
            column = f"{name}_vi"
            required = column in row.values and not model._meta.get_field(name).blank
            if required and not getattr(obj, column):
                raise ImportRefused([f"{row.places[column]}: the Vietnamese text is missing"])
        # Links were resolved to saved records; generated columns are computed by PostgreSQL.
        derived = [f.name for f in model._meta.concrete_fields if f.is_relation or f.generated]
        try:
            obj.full_clean(exclude=[*translated, *derived])
        except ValidationError as error:
            with override("en"):  # like the rest of the command's messages
                messages = error.message_dict
            raise ImportRefused(
                [
                    f"{row.places.get(name, row.where) if name != NON_FIELD_ERRORS else row.where}"
                    f": {' '.join(texts)}"
                    for name, texts in messages.items()
                ]
            ) from None

    def save(self, obj: Model, row: Row, **options: Any) -> None:
        try:
            obj.save(**options)
        except (IntegrityError, DataError) as error:
            reason = str(error).splitlines()[0]
            raise ImportRefused([f"{row.where}: the database refused it ({reason})"]) from None

    def put(self, row: Row, existing: Model | None, **links: Model | None) -> Model:
        """Create the row's record, or bring `existing` to the row's values (with replace)."""
        values = {**row.values, **links}
        if existing is not None and not self.replace:
            self.count(row.model, "kept")
            return existing
        if existing is None:
            obj = row.model(**values)
            free = row.file_id is not None and not (
                row.model._base_manager.filter(pk=row.file_id).exists()
            )
            if free:
                obj.pk = row.file_id
                self.explicit_ids.add(row.model)
                # With a pk set, reading an unset generated column would query the row.
                for model_field in row.model._meta.concrete_fields:
                    if model_field.generated:
                        obj.__dict__.setdefault(model_field.attname, None)
            self.validate(obj, row)
            self.save(obj, row, force_insert=True)
            self.new.add((row.model, obj.pk))
            self.count(row.model, "created")
            return obj
        changed = [name for name, value in values.items() if not _same(existing, name, value)]
        if not changed:
            self.count(row.model, "unchanged")
            return existing
        for name in changed:
            setattr(existing, name, values[name])
        self.validate(existing, row)
        self.save(existing, row)
        self.count(row.model, "updated")
        return existing

    def delete(self, obj: Model) -> None:
        obj.delete()
        self.count(type(obj), "deleted")

    def sync(
        self,
        current: Iterable[Model],
        rows: list[tuple[Row, dict[str, Model | None]]],
        *,
        prune: bool,
        natural_key: Callable[[Model], Any] | None = None,
    ) -> list[Model]:
        """Rows with ids of their own (a person's positions, an article's statements…): match
        each to a current one by id, else by `natural_key`; delete the unmatched if `prune`."""
        by_id = {obj.pk: obj for obj in current}
        chosen = [by_id.pop(row.file_id, None) for row, _ in rows]
        if natural_key is not None:
            spare = {natural_key(obj): obj for obj in by_id.values()}
            for i, (row, links) in enumerate(rows):
                if chosen[i] is None:
                    match = spare.pop(natural_key(row.model(**row.values, **links)), None)
                    if match is not None:
                        chosen[i] = by_id.pop(match.pk)
        if prune:
            for obj in by_id.values():
                self.delete(obj)
        return [self.put(row, obj, **links) for (row, links), obj in zip(rows, chosen, strict=True)]

    def replace_list(
        self,
        current: Iterable[Model],
        rows: list[tuple[Row, dict[str, Model | None]]],
        signature: Callable[[Model], tuple],
    ) -> None:
        """Rows without ids (attendees, agenda items, body blocks…): left alone when the current
        list already equals the file's, otherwise replaced by it."""
        existing = list(current)
        wanted = [row.model(**row.values, **links) for row, links in rows]
        if [signature(o) for o in existing] == [signature(o) for o in wanted]:
            for obj in existing:
                self.count(type(obj), "unchanged")
            return
        for obj in existing:
            self.delete(obj)
        for row, links in rows:
            self.put(row, None, **links)

    def remember(self, kind: str, file_id: int, obj: Model) -> Model:
        found = self.found.setdefault(kind, {})
        for other_id, other in found.items():
            if other == obj:
                raise ImportRefused(
                    [
                        f"{kind}: the records with ids {other_id} and {file_id} both match "
                        f"record {obj.pk} of the database (same natural key); merge them"
                    ]
                )
        found[file_id] = obj
        return obj

    def reset_sequences(self) -> None:
        """Rows inserted with explicit ids leave the id sequences behind: move them on, never
        back (a sequence is not transactional, and this transaction may yet be rolled back)."""
        with connection.cursor() as cursor:
            for model in self.explicit_ids:
                top = model._base_manager.aggregate(top=Max("pk"))["top"]
                cursor.execute(
                    "SELECT setval(seq, %s) FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass"
                    " AS seq) AS s WHERE %s > coalesce(pg_sequence_last_value(seq), 0)",
                    [
                        top,
                        connection.ops.quote_name(model._meta.db_table),
                        model._meta.pk.column,
                        top,
                    ],
                )
