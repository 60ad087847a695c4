"""The newsroom's own records: when each record's Vietnamese and English were last edited.

One row per translated record (generic relation), kept by signals in translation_state.py, so the
admin can show "English out of date" without touching the content models.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationStatus(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    vi_edited_at = models.DateTimeField(_("Vietnamese last edited"), null=True, blank=True)
    en_edited_at = models.DateTimeField(_("English last edited"), null=True, blank=True)
    en_reviewed_at = models.DateTimeField(_("English last reviewed"), null=True, blank=True)
    en_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("English reviewed by"),
    )

    class Meta:
        verbose_name = _("translation status")
        verbose_name_plural = _("translation statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="translation_status_unique_record"
            ),
        ]
        # Role permissions, checked by the admin (see roles.py).
        permissions = [
            ("edit_original", _("Can edit Vietnamese (original) fields")),
            ("review_translation", _("Can mark English translations reviewed")),
            ("publish", _("Can publish and unpublish articles")),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} #{self.object_id}"

    @property
    def english_out_of_date(self) -> bool:
        if self.vi_edited_at is None or self.en_edited_at is None:
            return False  # nothing changed, or no English yet (that is "missing")
        checked = max(t for t in (self.en_edited_at, self.en_reviewed_at) if t is not None)
        return self.vi_edited_at > checked
