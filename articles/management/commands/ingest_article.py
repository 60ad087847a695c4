"""Read an article in Báo Nghệ An's form and show (or, with --create, write) the draft it makes."""

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.ingest.create import create_draft
from articles.ingest.match import find_matches
from articles.ingest.parse import parse_article
from articles.ingest.report import format_scores, seed_scores
from articles.ingest.source import SourceError, read_source


class Command(BaseCommand):
    help = (
        "Extract a draft article (body, people, documents, meeting, statements, targets) from "
        "an article's text or HTML (FILE, or - for standard input). Prints what it found; "
        "--create writes the draft. --report prints precision and recall on the seed article."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="A .txt or .html file, or - for stdin.")
        parser.add_argument("--create", action="store_true", help="Write the draft article.")
        parser.add_argument(
            "--accept-matches",
            action="store_true",
            help="Link people and documents to the existing records shown as matches.",
        )
        parser.add_argument(
            "--report", action="store_true", help="Precision and recall on the seed article."
        )

    def handle(self, *args, file=None, create=False, accept_matches=False, report=False, **opts):
        if report:
            self.stdout.write(format_scores(seed_scores()))
            return
        if not file:
            raise CommandError("Give a FILE (or - for standard input), or --report.")
        try:
            if file == "-":
                raw = sys.stdin.buffer.read()
                name = "stdin.txt"
            else:
                with open(file, "rb") as handle:
                    raw = handle.read()
                name = file
            text = read_source(raw, name)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        except SourceError as error:
            raise CommandError(f"{file}: {error}") from error
        extraction = parse_article(text, html_input=name.lower().endswith((".html", ".htm")))
        matches = find_matches(extraction)
        write = self.stdout.write
        write(f"Title: {extraction.title}\nByline: {extraction.byline} {extraction.published_at}")
        kinds = [b.kind for b in extraction.blocks]
        write(f"Body: {len(kinds)} blocks ({kinds.count('photo')} photos)")
        for person in extraction.people:
            match = matches.people[person.name]
            titles = ", ".join(p.title for p in person.posts)
            write(
                f"Person: {person.name} - {titles}"
                + (f"  [matches {match.evidence}]" if match else "  [new]")
            )
        for doc in extraction.documents:
            match = matches.documents[doc.key]
            write(
                f"Document: {doc.symbol} {doc.title}"
                + (f"  [matches #{match.pk}]" if match else "  [new]")
            )
        if extraction.meeting:
            m = extraction.meeting
            write(f"Meeting: {m.date} {m.kind} - {m.body}; chair {m.chair or '-'}")
        for item in extraction.agenda:
            write(f"Agenda: {item.title}")
        for s in extraction.statements:
            write(f"Statement ({s.kind}) {s.speaker}: {s.text[:90]}")
        for t in extraction.targets:
            goal = f"{t.value} {t.unit}" if t.measure == "quantity" else f"top {t.value}"
            write(f"Target: {goal} {t.deadline_year or ''} {t.indicator[:80]}")
        if not create:
            return
        found = {k: v for k, v in {**matches.people, **matches.documents}.items() if v}
        if found and not accept_matches:
            raise CommandError(
                "Some records match existing ones; review them above and pass --accept-matches "
                "to link them (or use the admin page to decide one by one)."
            )
        article = create_draft(
            extraction,
            existing_people={k: v.pk for k, v in matches.people.items() if v},
            existing_documents={k: v.pk for k, v in matches.documents.items() if v},
        )
        write(f"Created draft article {article.pk}: {article.title}")
