"""Statements: the paragraphs a recognised person is the subject of, and the quotes in them."""

import re

from articles.ingest.parse.conventions import ACTION_WORDS, QUOTE, REPORTING_VERBS, ROLES
from articles.ingest.parse.documents import mentioned_documents
from articles.ingest.parse.meeting import main_document
from articles.ingest.parse.people import reference_patterns
from articles.ingest.parse.records import Extraction, StatementMention
from articles.ingest.parse.text import fold, title_key


def find_statements(result: Extraction) -> list[StatementMention]:
    """A paragraph is a statement when a recognised person (by name, by a title only they hold,
    or as head of a body) is its subject and a reporting verb follows. Captions are not
    statements, even when they say someone spoke: they report that, not what was said."""
    verbs = "|".join(re.escape(v) for v in sorted(REPORTING_VERBS, key=len, reverse=True))
    between = r"\s*,?\s*(?:cũng\s+|đã\s+|tiếp tục\s+|thì\s+)*"
    refs = reference_patterns(result.people)
    main = main_document(result)
    statements: list[StatementMention] = []
    for index, block in enumerate(result.blocks):
        if block.kind != "paragraph" or block.text.startswith("Dự "):
            continue
        found = _first_attribution(block.text, refs, verbs, between)
        if not found:
            continue
        speaker, attribution = found
        docs = mentioned_documents(block.text, result.documents)
        if main and main not in docs:
            docs.insert(0, main)
        statements.append(
            StatementMention(
                speaker, attribution, "paraphrase", block.text, docs, block.text, index
            )
        )
        # A direct quote gets its own statement: "“…”, Chủ tịch UBND tỉnh nêu quan điểm."
        for quote in QUOTE.finditer(block.text):
            before = block.text[max(0, quote.start() - 40) : quote.start()]
            after = block.text[quote.end() : quote.end() + 80]
            said = re.match(rf"\s*,\s*(?P<who>[^,.]+?)\s+(?:{verbs})", after)
            if re.search(rf"(?:{verbs})\s*:\s*$", before):
                who = attribution  # "… nhấn mạnh: “…”": the paragraph's speaker says it
            elif said and not re.match(r"(?:đồng thời|và|cũng như)\b", said.group("who")):
                who = said.group("who").strip()  # "“…”, Chủ tịch UBND tỉnh nêu quan điểm"
            else:
                continue  # a quoted target or title, not words someone said
            statements.append(
                StatementMention(
                    speaker,
                    who,
                    "quote",
                    quote.group("quote").strip(),
                    docs,
                    block.text,
                    index,
                )
            )
    return statements


def _first_attribution(text: str, refs, verbs: str, between: str) -> tuple[str, str] | None:
    expanded_positions: list[tuple[int, str, str]] = []
    for pattern, name in refs:
        if isinstance(pattern, str):
            kind, key = pattern.split(":", 1)
            for found in _title_mentions(text, key, head=kind == "head"):
                expanded_positions.append((found[0], name, found[1], found[2]))
            continue
        for found in pattern.finditer(text):
            expanded_positions.append((found.start(), name, found.group(0), found.end()))
    for start, name, printed, end in sorted(expanded_positions):
        if re.match(rf"{between}(?:{verbs})\b", text[end:]):
            attribution = printed
            if name in printed:
                # "Bí thư Tỉnh ủy Nghệ An Thái Thanh Quý": the title printed before the name.
                attribution = _title_before(text[:start]) or (
                    "đồng chí" if printed.lower().startswith("đồng chí") else ""
                )
            return name, attribution
    return None


def _title_before(text: str) -> str:
    """The titles printed just before a name, back to the start of their clause."""
    tail = text.rstrip()[-160:]
    roles = "|".join(re.escape(r) for r in ROLES)
    for found in re.finditer(rf"(?:^|(?<=[\s,]))(?:{roles})\b", tail):
        rest = tail[found.start() :]
        if not re.search(r"[.;:]", rest) and not any(
            re.search(rf"\s{re.escape(v)}\b", rest) for v in ACTION_WORDS
        ):
            return rest.strip(" ,")
    return ""


def _title_mentions(text: str, key: str, *, head: bool):
    """Where the text names a title (or 'người đứng đầu' a body) whose key is `key`; yields
    (start, printed text, end). A shorter title inside a longer one ('Bí thư' in 'Phó Bí thư')
    does not count."""
    tokens = list(re.finditer(r"\w+", text))
    folded = [fold(t.group(0)) for t in tokens]
    target = key.split()
    for i in range(len(tokens)):
        j, k = i, 0
        if head:
            if folded[i : i + 3] != ["nguoi", "dung", "dau"]:
                continue
            j = i + 3
        elif i and folded[i - 1] == "pho":
            continue
        start_j = j
        while j < len(tokens) and k < len(target):
            word = folded[j]
            expansion = title_key(tokens[j].group(0)).split()
            if expansion and expansion != [word] and target[k : k + len(expansion)] == expansion:
                k += len(expansion)
            elif word == target[k]:
                k += 1
            else:
                break
            j += 1
        if k == len(target) and j > start_j:
            # "Nghệ An" after the title is the province, part of the same mention.
            if j + 1 < len(tokens) and folded[j : j + 2] == ["nghe", "an"]:
                j += 2
            end = tokens[j - 1].end()
            yield tokens[i].start(), text[tokens[i].start() : end], end
