"""Django's own strings that the admin shows and its Vietnamese catalogue lacks (newer than its
translation): the admin's templates, and the form messages an editor meets.

Listed here only so that `makemessages` collects them into locale/vi, where they are translated:
our catalogue comes first, so the admin shows them in Vietnamese. Nothing imports this module.
Keep each msgid exactly as Django writes it (django/contrib/admin/templates, admin/*.py).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_ADMIN_STRINGS = [
    gettext_noop("Select this object for an action - {}"),
    gettext_noop('The app "%s" could not be found.'),
    gettext_noop("Run"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    gettext_noop("Skip to main content"),
    gettext_noop("Hide counts"),
    gettext_noop("Show counts"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop(
        "Deleting the %(object_name)s “%(escaped_object)s” would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types of "
        "objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s “%(escaped_object)s” would require deleting the following "
        "protected related objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? All of the "
        "following related items will be deleted:"
    ),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Sidebar"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Pagination %(name)s entries"),
    gettext_noop("Pagination %(name)s"),
    gettext_noop("Search %(name)s"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Logout"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Select all objects on this page for an action"),
    ngettext_lazy("…and %(count)d more object.", "…and %(count)d more objects.", 2),
    ngettext_lazy("entry", "entries", 2),
    # django/db/models/fields, django/core/validators.py, django/forms
    gettext_noop("- Select an option -"),
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    gettext_noop(
        "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens."
    ),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Constraint “%(name)s” is violated."),
    gettext_noop("Enter a complete value."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("Messages"),
]
