"""Helpers for the import_article / export_article tests: run them, snapshot the database."""

import json
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management import call_command

from articles.models import Article, Document, Meeting, Target, Topic
from people.models import Organization, Person

API_HOST = "http://testserver"  # the test client's host, so exports and API answers agree

# Every table the import could write: the records, their many-to-many links and their history.
SNAPSHOT_APPS = ("articles", "people", "newsroom")


def export(article_id: int, tmp_path: Path, name: str = "export.json") -> dict:
    path = tmp_path / name
    call_command("export_article", str(article_id), output=str(path), base_url=API_HOST)
    return json.loads(path.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: Any, name: str = "import.json") -> str:
    """`data` as a file to import: a dict or list as JSON, a string as it is."""
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return str(path)


def import_file(path: str, **options: Any) -> None:
    call_command("import_article", path, **options)


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table the import could touch, in id order."""
    tables = {}
    for label in SNAPSHOT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tables[model._meta.label] = list(model._base_manager.order_by("pk").values())
    return tables


def counts() -> dict[str, int]:
    return {label: len(rows) for label, rows in snapshot().items()}


def empty_database() -> None:
    """Delete every article and record (not the history), as in a fresh archive."""
    Article.objects.all().delete()
    Meeting.objects.all().delete()
    Target.objects.all().delete()
    Document.objects.all().delete()
    Topic.objects.all().delete()
    Person.objects.all().delete()
    Organization.objects.update(parent=None)
    Organization.objects.all().delete()
