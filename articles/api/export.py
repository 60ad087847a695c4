"""Bulk export: every public statement as one CSV file, for researchers who want the whole
record in a spreadsheet rather than page through /api/v1/statements/.

Public means articles/visibility.py's statements(); the file is built whole before it is sent
(like the search exports), so a failure is an error, never a file that looks complete but is not.
"""

import csv
import io

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from archive.lib.spreadsheet import spreadsheet_safe
from articles import visibility

STATEMENT_CSV_HEADER = [
    "id",
    "speaker",
    "speaker_id",
    "kind",
    "documents",
    "text",
    "article",
    "date",
    "permalink",
]
LANGUAGES = ("vi", "en")
BATCH = 2000


@require_safe
def statements_csv(request: HttpRequest) -> HttpResponse:
    """/api/v1/export/statements.csv?lang=vi|en: speaker, kind, documents (symbols, or titles when
    a document has none), full text, article, date and permalink of every public statement."""
    lang = request.GET.get("lang", "vi")
    if lang not in LANGUAGES:
        return HttpResponseBadRequest(
            "lang must be one of: vi, en\n", content_type="text/plain; charset=utf-8"
        )
    statements = (
        visibility.statements()
        .select_related("speaker", "article")
        .prefetch_related("documents")
        .order_by("article__published_at", "article_id", "order", "pk")
    )
    out = io.StringIO()
    out.write("\ufeff")  # BOM: spreadsheet programs then read UTF-8
    writer = csv.writer(out)
    writer.writerow(STATEMENT_CSV_HEADER)
    with translation.override(lang):
        # In batches: each batch is one query for the statements and one for their documents.
        for statement in statements.iterator(chunk_size=BATCH):
            documents = "; ".join(
                document.symbol or document.title for document in statement.documents.all()
            )
            writer.writerow(
                [
                    statement.pk,
                    spreadsheet_safe(statement.speaker.full_name),
                    statement.speaker_id,
                    statement.kind,
                    spreadsheet_safe(documents),
                    spreadsheet_safe(statement.text),
                    spreadsheet_safe(statement.article.title),
                    timezone.localdate(statement.article.published_at).isoformat(),
                    request.build_absolute_uri(statement.get_absolute_url()),
                ]
            )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statements-{lang}.csv"'
    return response
