"""Create the editor and translator groups with their permissions (no users, no passwords)."""

from django.db import migrations

from archive.newsroom.roles import EDITOR, TRANSLATOR, ensure_permissions, sync_roles


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    sync_roles(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, TRANSLATOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_history_and_translation_status"),
        ("articles", "0002_target_article_and_deferred_orders"),
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
