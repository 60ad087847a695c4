"""How much of the seed article's hand-made records the ingest finds: precision and recall per
kind, against fixtures/seed.json, on the seed's source text. `manage.py ingest_article --report`
prints it; tests/admin/test_ingest_report.py holds the floors."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from articles.ingest.parse import Extraction, fold, parse_article, similarity
from articles.search import code_key

SEED_SOURCE = Path("fixtures/source/nghe-an-standing-committee-2022-05-28.vi.txt")
SEED_RECORDS = Path("fixtures/seed.json")


@dataclass(frozen=True)
class Score:
    kind: str
    expected: int
    extracted: int
    found: int  # extracted records that match an expected one (one-to-one)

    @property
    def precision(self) -> float:
        return self.found / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def _pairs(expected: list, extracted: list, same: Callable[[object, object], bool]) -> int:
    free = list(extracted)
    found = 0
    for want in expected:
        hit = next((got for got in free if same(want, got)), None)
        if hit is not None:
            free.remove(hit)
            found += 1
    return found


def score(kind: str, expected: list, extracted: list, same) -> Score:
    return Score(kind, len(expected), len(extracted), _pairs(expected, extracted, same))


def evaluate(extraction: Extraction, records: list[dict]) -> list[Score]:
    def fields(model: str) -> list[dict]:
        return [r["fields"] | {"pk": r["pk"]} for r in records if r["model"] == model]

    names = {p["pk"]: p["full_name"] for p in fields("people.person")}
    captions = {p["caption_vi"].rstrip(". ") for p in fields("articles.photo")}
    photos = [b for b in extraction.blocks if b.kind == "photo"]
    statements = fields("articles.statement")

    def same_document(want: dict, got) -> bool:
        if want["symbol"] or got.symbol:
            return code_key(want["symbol"]) == code_key(got.symbol)
        return similarity(want["title_vi"], got.title) >= 0.8

    def same_statement(want: dict, got) -> bool:
        return fold(names[want["speaker"]]) == fold(got.speaker) and (
            similarity(want["text_vi"], got.text) >= 0.8
        )

    # The fixture also records six photo captions ("… phát biểu góp ý …") as statements; the
    # ingest's rule is that a caption reports that someone spoke, not what they said.
    from_text = [s for s in statements if s["text_vi"].rstrip(". ") not in captions]
    return [
        score(
            "people",
            list(names.values()),
            [p.name for p in extraction.people],
            lambda a, b: fold(a) == fold(b),
        ),
        score("documents", fields("articles.document"), extraction.documents, same_document),
        score(
            "photos",
            fields("articles.photo"),
            photos,
            lambda a, b: similarity(a["caption_vi"], b.text) >= 0.9 and a["credit"] == b.credit,
        ),
        score(
            "agenda items",
            fields("articles.agendaitem"),
            extraction.agenda,
            lambda a, b: similarity(a["title_vi"], b.title) >= 0.7,
        ),
        score("statements (all in fixture)", statements, extraction.statements, same_statement),
        score("statements (from paragraphs)", from_text, extraction.statements, same_statement),
    ]


def seed_scores() -> list[Score]:
    base = Path(settings.BASE_DIR)
    text = (base / SEED_SOURCE).read_text("utf-8")
    records = json.loads((base / SEED_RECORDS).read_text("utf-8"))
    return evaluate(parse_article(text), records)


def format_scores(scores: list[Score]) -> str:
    lines = [
        f"{'kind':<30} {'found':>5} {'extracted':>9} {'expected':>8} {'precision':>9} {'recall':>7}"
    ]
    for s in scores:
        lines.append(
            f"{s.kind:<30} {s.found:>5} {s.extracted:>9} {s.expected:>8} "
            f"{s.precision:>9.0%} {s.recall:>7.0%}"
        )
    return "\n".join(lines)
