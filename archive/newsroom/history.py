"""History of every record (django-simple-history): who changed what and when, with the previous
values, viewable and restorable from the admin.

The history tables live in this app, so history needs no migration in articles or people.
"""

import simple_history
from django.apps import apps
from django.db import models

TRACKED_APPS = ("people", "articles")


def register_models() -> None:
    for app_label in TRACKED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if hasattr(model._meta, "simple_history_manager_attribute"):
                continue
            # Generated columns are derived from others; history keeps the inputs.
            generated = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, models.GeneratedField)
            ]
            simple_history.register(model, app="archive.newsroom", excluded_fields=generated)
