"""Targets: the numbers a sentence sets (percentages, places in a group or ranking) and by when."""

import re
from decimal import Decimal

from articles.ingest.parse.conventions import BY_YEAR, GROUP_RANK, PERCENT, RANK
from articles.ingest.parse.documents import mentioned_documents
from articles.ingest.parse.meeting import main_document
from articles.ingest.parse.records import Extraction, TargetMention
from articles.ingest.parse.text import sentences


def find_targets(result: Extraction) -> list[TargetMention]:
    """Numbers a target is made of: percentages, a place in a group or ranking, with the year
    the sentence sets. Proposed only: the editor accepts the ones that are targets."""
    main = main_document(result)
    targets: list[TargetMention] = []
    for block in result.blocks:
        if block.kind != "paragraph":
            continue
        for sentence in sentences(block.text):
            year = BY_YEAR.search(sentence)
            # "thuộc nhóm 10 địa phương…" is a rank (in the top 10): its words stay in the
            # indicator, not in a unit.
            for pattern, unit, measure in (
                (PERCENT, "%", "quantity"),
                (GROUP_RANK, "", "rank"),
                (RANK, "hạng", "quantity"),
            ):
                for found in pattern.finditer(sentence):
                    indicator = _indicator_around(sentence, found.start(), found.end())
                    docs = mentioned_documents(sentence, result.documents)
                    targets.append(
                        TargetMention(
                            indicator=indicator,
                            value=Decimal(found.group("value").replace(",", ".")),
                            unit=unit,
                            deadline_year=int(year.group("year")) if year else None,
                            document=(docs or [main])[0],
                            evidence=sentence,
                            measure=measure,
                        )
                    )
    return targets


def _indicator_around(sentence: str, start: int, end: int) -> str:
    """The clause a number sits in: from the previous ':' / ';' / quote mark to the next."""
    left = max(sentence.rfind(ch, 0, start) for ch in ':;“"')
    rights = [i for i in (sentence.find(ch, end) for ch in ';”"') if i != -1]
    right = min(rights) if rights else len(sentence)
    clause = sentence[left + 1 : right].strip(" .,")
    clause = re.sub(r"^(?:phấn đấu|Mục tiêu)\s+", "", clause)
    return clause[:1].upper() + clause[1:]
