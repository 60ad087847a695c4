"""The two newsroom roles, as groups: no accounts and no passwords are created here.

- editor: every permission on people, articles and the newsroom (history, translation status),
  including editing the Vietnamese original and publishing.
- translator: may view everything and change records, but the admin lets them edit only English
  (`*_en`) fields and mark translations reviewed; it refuses any change to other fields.

`sync_roles` runs from a data migration and again after every `migrate`, so models added later
still reach the groups.
"""

from django.contrib.auth.management import create_permissions

EDITOR = "editor"
TRANSLATOR = "translator"
CONTENT_APPS = ("people", "articles", "newsroom")


def sync_roles(apps) -> None:
    """Create or complete both groups with the models known to `apps` (a migration state)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content = Permission.objects.filter(content_type__app_label__in=CONTENT_APPS)

    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.add(*content)

    translator, _ = Group.objects.get_or_create(name=TRANSLATOR)
    translator.permissions.add(
        *content.filter(codename__startswith="view_"),
        *content.filter(codename__startswith="change_").exclude(content_type__app_label="newsroom"),
        *content.filter(content_type__app_label="newsroom", codename="review_translation"),
    )


def ensure_permissions(apps) -> None:
    """Permissions are normally created after all migrations; the data migration needs them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def sync_roles_after_migrate(sender, apps=None, **kwargs) -> None:
    # `flush` (as in transactional tests) sends post_migrate without a migration state.
    from django.apps import apps as installed_apps

    sync_roles(apps or installed_apps)


def can_edit_original(user) -> bool:
    return user.has_perm("newsroom.edit_original")


def can_publish(user) -> bool:
    return user.has_perm("newsroom.publish")


def can_review_translation(user) -> bool:
    return user.has_perm("newsroom.review_translation")
