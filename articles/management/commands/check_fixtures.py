"""Check the integrity of the loaded records; exit non-zero and list every problem found."""

from django.core.management.base import BaseCommand, CommandError

from articles.integrity import find_problems


class Command(BaseCommand):
    help = (
        "Check every record: translated fields filled in both languages (or neither), statements "
        "with a speaker, photos with a credit, an existing image file and a place in the body, "
        "text in Unicode NFC. Exits with status 1 and lists the problems if there are any."
    )

    def handle(self, *args: object, **options: object) -> None:
        problems = find_problems()
        if problems:
            listing = "\n".join(f"  - {problem}" for problem in problems)
            raise CommandError(f"{len(problems)} integrity problem(s):\n{listing}")
        self.stdout.write("Fixture integrity: no problems found.")
