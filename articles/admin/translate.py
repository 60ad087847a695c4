"""The translator's side-by-side view of one article: every translated field of the article and
of its body blocks, photos, statements and targets, Vietnamese on the left and English on the
right, each saved on its own (a small form per segment).

Which segments need English, and when an English is out of date, is translation_state's rule;
a save writes only the English column and is refused when the record changed since the page
was loaded (the same digest as the change forms' no-lost-edits guard).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from archive.newsroom import translation_state
from archive.newsroom.admin_base import pk_or_404
from archive.newsroom.concurrency import state_token
from articles.models import Article, BodyBlock, Photo, Statement, Target

# The kinds of record a segment belongs to, as posted by its form, in the page's order.
SEGMENT_MODELS: dict[str, type[models.Model]] = {
    "article": Article,
    "block": BodyBlock,
    "photo": Photo,
    "statement": Statement,
    "target": Target,
}
MISSING, OUTDATED, DONE = "missing", "outdated", "done"


@dataclass
class Segment:
    kind: str
    record: models.Model
    field: str
    label: str
    vietnamese: str
    english: str
    state: str
    token: str
    error: str = ""

    @property
    def anchor(self) -> str:
        return f"segment-{self.kind}-{self.record.pk}-{self.field}"

    @property
    def change_url(self) -> str:
        opts = self.record._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.record.pk])


def _records(article: Article) -> list[tuple[str, models.Model]]:
    return [
        ("article", article),
        *(("block", block) for block in article.blocks.order_by("order", "pk")),
        *(("photo", photo) for photo in article.photos.order_by("order", "pk")),
        *(
            ("statement", s)
            for s in article.statements.select_related("speaker").order_by("order", "pk")
        ),
        *(("target", target) for target in article.targets.order_by("order", "pk")),
    ]


def record_token(record: models.Model) -> str:
    return state_token([type(record)._base_manager.filter(pk=record.pk)])


def segments_of(article: Article) -> list[Segment]:
    segments = []
    for kind, record in _records(article):
        outdated = translation_state.status_of(record)["out_of_date"]
        token = record_token(record)
        opts = record._meta
        for field in translation_state.fields_needing_english(record):
            english = getattr(record, translation_state.localized(field, "en")) or ""
            if not translation_state.has_english(record, field):
                state = MISSING
            elif outdated:
                state = OUTDATED
            else:
                state = DONE
            segments.append(
                Segment(
                    kind=kind,
                    record=record,
                    field=field,
                    label=f"{opts.verbose_name}: {opts.get_field(field).verbose_name}",
                    vietnamese=getattr(record, translation_state.localized(field, "vi")),
                    english=english,
                    state=state,
                    token=token,
                )
            )
    return segments


class SegmentRefused(Exception):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def save_segment(request: HttpRequest, article: Article) -> tuple[str, models.Model, str]:
    """Write one posted English field; raise SegmentRefused (nothing written) otherwise."""
    model = SEGMENT_MODELS.get(request.POST.get("kind", ""))
    field = request.POST.get("field", "")
    if model is None or field not in translation_state.translated_fields(model):
        # Only a translated field's English column is ever written here.
        raise SegmentRefused(_("Only English translations can be saved here."), 403)
    opts = model._meta
    if not request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        raise PermissionDenied
    link = {"id": article.pk} if model is Article else {"article": article}
    try:
        pk = opts.pk.to_python(request.POST.get("pk", ""))
    except ValidationError:
        raise SegmentRefused(_("This segment no longer exists."), 404) from None
    # Locked until the transaction ends: a concurrent save waits, then sees this one.
    record = model._base_manager.select_for_update().filter(pk=pk, **link).first()
    if record is None:
        raise SegmentRefused(_("This segment no longer exists."), 404)
    if request.POST.get("edit_token") != record_token(record):
        raise SegmentRefused(
            _(
                "Not saved: someone else changed this record after you opened the page. "
                "Your English is kept below; check the Vietnamese and save again."
            ),
            409,
        )
    column = translation_state.localized(field, "en")
    form_field = opts.get_field(column).formfield()
    try:
        value = form_field.clean(request.POST.get("english", ""))
    except ValidationError as error:
        raise SegmentRefused(" ".join(error.messages), 400) from None
    setattr(record, column, value)
    record._history_user = request.user
    try:
        record.validate_constraints()  # e.g. an English slug another record already has
    except ValidationError as error:
        raise SegmentRefused(" ".join(error.messages), 400) from None
    record.save()
    return request.POST["kind"], record, field


def translate_view(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    article = Article.objects.filter(pk=pk_or_404(Article, object_id)).first()
    if article is None:
        raise Http404
    if not model_admin.has_view_or_change_permission(request, article):
        raise PermissionDenied
    refused: SegmentRefused | None = None
    if request.method == "POST":
        try:
            with transaction.atomic():
                kind, record, field = save_segment(request, article)
        except SegmentRefused as error:
            refused = error
        else:
            messages.success(request, _("Saved."))
            url = reverse("admin:articles_article_translate", args=[article.pk])
            return HttpResponseRedirect(f"{url}#segment-{kind}-{record.pk}-{field}")
    article.refresh_from_db()
    segments = segments_of(article)
    if refused is not None:
        for segment in segments:
            if (segment.kind, str(segment.record.pk), segment.field) == (
                request.POST.get("kind"),
                request.POST.get("pk"),
                request.POST.get("field"),
            ):
                segment.error = refused.message
                segment.english = request.POST.get("english", "")  # the translator's text, kept
    todo = [segment for segment in segments if segment.state != DONE or segment.error]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Translate side by side"),
        "opts": Article._meta,
        "original": article,
        "segments": todo,
        "done": len(segments) - sum(segment.state != DONE for segment in segments),
        "total": len(segments),
        "refused": refused,
    }
    status = refused.status if refused else 200
    return TemplateResponse(
        request, "admin/articles/article/translate.html", context, status=status
    )
