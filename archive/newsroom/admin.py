"""The admin site's own names, in the reader's language (the Django defaults name Django)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Báo Nghệ An archive administration")
admin.site.site_title = _("Báo Nghệ An archive administration")
admin.site.index_title = _("Newsroom desk")
