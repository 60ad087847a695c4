"""Where the seed fixtures live and what their photos need, read straight from the JSON.

The placeholder images must exist before `loaddata` runs, so their specification comes from the
fixture files rather than from the database.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


def fixture_paths() -> list[Path]:
    """Every fixture of the project, in a stable order."""
    return sorted(Path(settings.BASE_DIR, "fixtures").glob("*.json"))


@dataclass(frozen=True)
class PlaceholderSpec:
    """One photo whose original is not available: where its stand-in goes and what it says."""

    image: str  # storage name, relative to MEDIA_ROOT, as the fixture's `image` field gives it
    subject: str  # the names of the people shown (read the same in every language), or ""
    caption: str
    credit: str


def placeholder_specs(paths: list[Path]) -> list[PlaceholderSpec]:
    records = [record for path in paths for record in json.loads(path.read_text("utf-8"))]
    names = {
        record["pk"]: record["fields"]["full_name"]
        for record in records
        if record["model"] == "people.person"
    }
    specs = []
    for record in records:
        fields = record["fields"]
        if record["model"] != "articles.photo" or not fields.get("is_placeholder"):
            continue
        people = [names[pk] for pk in fields.get("people_shown", [])]
        specs.append(
            PlaceholderSpec(
                image=fields["image"],
                # A photo of no one in particular (the overview) names no one: its description
                # is in the page's language, in the caption and alt text.
                subject=", ".join(people),
                caption=fields["caption_vi"],
                credit=fields["credit"],
            )
        )
    return specs
