"""Who: persons, organizations and the positions people hold in them (Popolo-inspired).

Vietnamese personal names are never translated; organization names and position titles are
(django-modeltranslation adds `_vi` and `_en` columns, see translation.py).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Func
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.lib.text import NormalizedTextModel


class VnNameKey(Func):
    """SQL vn_name_key(): accent-folded, lower-cased, y/i-unified key (Quý = Quí = quy)."""

    function = "public.vn_name_key"
    output_field = models.TextField()


class Organization(NormalizedTextModel):
    class Kind(models.TextChoices):
        PARTY = "party", _("Party body")
        STATE = "state", _("State body")
        ELECTED = "elected", _("Elected body")
        SCHOOL = "school", _("School")
        PRESS = "press", _("Press")

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organization"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        # modeltranslation adds slug_vi / slug_en; each language's slugs are unique.
        constraints = [
            models.UniqueConstraint(fields=["slug_vi"], name="organization_unique_slug_vi"),
            models.UniqueConstraint(fields=["slug_en"], name="organization_unique_slug_en"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:organization", kwargs={"pk": self.pk, "slug": self.slug})


class Person(NormalizedTextModel):
    full_name = models.CharField(
        _("full name"), max_length=200, help_text=_("As written in Vietnamese, never translated.")
    )
    name_key = models.GeneratedField(
        expression=VnNameKey(F("full_name")), output_field=models.TextField(), db_persist=True
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    aliases = ArrayField(
        models.CharField(max_length=200),
        default=list,
        blank=True,
        verbose_name=_("aliases"),
        help_text=_("Other spellings or forms of the name, e.g. Quí for Quý."),
    )
    portrait = models.ImageField(_("portrait"), upload_to="portraits/", blank=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            GinIndex(name="person_name_key_trgm", fields=["name_key"], opclasses=["gin_trgm_ops"])
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:person", kwargs={"pk": self.pk, "slug": self.slug})


class Position(NormalizedTextModel):
    """A post a person holds in an organization, as attested by a source at a date."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=200, help_text=_("e.g. Bí thư / Secretary"))
    title = models.CharField(
        _("full title"),
        max_length=300,
        help_text=_("Role and organization as one reads them, e.g. Bí thư Tỉnh ủy."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    attested_on = models.DateField(
        _("attested on"),
        null=True,
        blank=True,
        help_text=_("A date on which a source shows the person in this post."),
    )
    source_url = models.CharField(_("source"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["person", "order"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        return f"{self.person}: {self.title}"
