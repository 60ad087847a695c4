"""A record as the file gives it (`Row`), and one order agreeing with several lists."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

LANGUAGES = ("vi", "en")


@dataclass
class Row:
    """One record as the file gives it: model field values, and where in the file each is."""

    model: type[Model]
    where: str
    file_id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)

    def set(self, name: str, value: Any, key: str | None = None, *, at: str | None = None) -> None:
        self.values[name] = value
        self.places[name] = at or f"{self.where}.{key or name}"

    def text(self, name: str, lang_map: Any, key: str | None = None, *, at: str = "") -> None:
        """A translated field from its language map, into the `<name>_vi` / `_en` columns."""
        for lang in LANGUAGES:
            place = f"{at or self.where}.{key or name}.{lang}"
            self.set(f"{name}_{lang}", getattr(lang_map, lang), at=place)


def agreeing_order(lists: list[list[Any]], priority: Callable[[Any], Any]) -> list[Any]:
    """The keys of all `lists` in one order that keeps each list's order, taking the smallest
    `priority` whenever several keys could come next (lists in disagreement: priority decides)."""
    waiting: dict[Any, set[Any]] = {}
    for keys in lists:
        for i, key in enumerate(keys):
            waiting.setdefault(key, set()).update(keys[:i])
    order = []
    while waiting:
        ready = [key for key, before in waiting.items() if not before] or list(waiting)
        chosen = min(ready, key=priority)
        order.append(chosen)
        del waiting[chosen]
        for before in waiting.values():
            before.discard(chosen)
    return order
