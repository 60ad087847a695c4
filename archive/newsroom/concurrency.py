"""No lost edits: optimistic concurrency for admin change forms.

The form carries a token, a digest of the record and of every inline row the form edits, taken
when the form was loaded. On save the stored state is locked (SELECT ... FOR UPDATE, inside the
admin's transaction) and digested again; if it differs, someone else saved in between and the save
is refused, showing the editor's version (the form, kept) beside the stored one. The refused form
carries the new token, so saving again deliberately replaces the other version.

A digest needs no version column on any model and also covers inline rows and many-to-many links.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_FIELD = "edit_token"  # noqa: S105 (a form field name, not a secret)


def _row_state(queryset: models.QuerySet) -> list:
    model = queryset.model
    # Explicit columns: modeltranslation's values() with no names would hide the _en columns.
    columns = [field.attname for field in model._meta.concrete_fields]
    rows = list(queryset.order_by("pk").values(*columns))
    for field in model._meta.many_to_many:
        links = {}
        for pk, linked in queryset.values_list("pk", field.name):
            if linked is not None:
                links.setdefault(pk, []).append(linked)
        for row in rows:
            row[field.name] = sorted(links.get(row[model._meta.pk.attname], []))
    return rows


def state_token(querysets: Iterable[models.QuerySet]) -> str:
    """Digest of the rows of `querysets`; it changes whenever any of those rows changes."""
    state = [_row_state(queryset) for queryset in querysets]
    encoded = json.dumps(state, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class FieldConflict:
    label: str
    yours: str
    stored: str


class ConcurrencyGuardedForm(forms.ModelForm):
    """A ModelForm that refuses to save over changes made since it was loaded.

    The admin sets `current_token(lock)`, returning the stored state's token.
    """

    edit_token = forms.CharField(label=_("edit token"), widget=forms.HiddenInput, required=False)
    current_token: Callable[[bool], str]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.edit_conflicts: list[FieldConflict] | None = None
        if not self.is_bound and self.instance.pk is not None:
            self.initial[TOKEN_FIELD] = self.current_token(False)

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        stored_token = self.current_token(True)
        if cleaned.get(TOKEN_FIELD) != stored_token:
            self.edit_conflicts = self._conflicting_fields(cleaned)
            # Re-rendered with the stored token: saving again is a deliberate overwrite.
            data = self.data.copy()
            data[self.add_prefix(TOKEN_FIELD)] = stored_token
            self.data = data
            raise forms.ValidationError(
                _(
                    "Not saved: someone else saved this record after you opened it. Your "
                    "version is kept in the form below; the stored version is shown beside it. "
                    "Merge what you need and save again to replace the stored version."
                ),
                code="edit_conflict",
            )
        return cleaned

    def _conflicting_fields(self, cleaned: dict) -> list[FieldConflict]:
        stored = type(self.instance)._base_manager.get(pk=self.instance.pk)
        history = getattr(stored, "history", None)
        latest = history.first() if history is not None else None
        self.stored_by = latest.history_user if latest else None
        self.stored_at = latest.history_date if latest else None
        conflicts = []
        for name, field in self.fields.items():
            if name == TOKEN_FIELD or name not in cleaned:
                continue
            stored_value = field.prepare_value(_model_value(stored, name))
            if field.has_changed(stored_value, self._raw_value(name)):
                conflicts.append(
                    FieldConflict(
                        label=str(field.label or name),
                        yours=_display(cleaned[name]),
                        stored=_display(_model_value(stored, name)),
                    )
                )
        return conflicts

    def _raw_value(self, name: str):
        widget = self.fields[name].widget
        return widget.value_from_datadict(self.data, self.files, self.add_prefix(name))


def _model_value(instance: models.Model, name: str):
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(instance, name).all())
    if field.is_relation:
        return getattr(instance, name)
    return getattr(instance, field.attname)


def _display(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, (list, tuple, models.QuerySet)):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)
