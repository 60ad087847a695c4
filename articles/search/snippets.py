"""What a hit shows: one excerpt cut from one field at sentence and word boundaries, and a
title that tells statements apart.

The SQL (sql.py) returns the hit's lead and body with every match marked by the highlight
sentinels (entry.py); here the excerpt is the sentence holding the most of the query's
words, in the field that holds a match (a statement's text before the documents it names;
never two fields glued), shortened around its first match at a word boundary.
"""

import re

from articles.search.entry import HIGHLIGHT_START, HIGHLIGHT_STOP

EXCERPT_CHARS = 260
BEFORE_MATCH = 90  # characters kept before the first match when a sentence is cut
TITLE_WORDS = 10  # first words of a statement in its result title
ELLIPSIS = "…"
SENTENCE_END = re.compile(r"(?<=[.!?…;])[\"”’)]*\s+")
MARKED = re.compile(f"{HIGHLIGHT_START}(.*?){HIGHLIGHT_STOP}")


def sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(text) if part.strip()]


def matched_words(sentence: str) -> tuple[int, int]:
    """(distinct words marked, marks) in a sentence: how well it shows the query."""
    found = [word.lower() for word in MARKED.findall(sentence)]
    return len(set(found)), len(found)


def balance(text: str) -> str:
    """Close a mark left open by a cut, and drop a stop sentinel whose start was cut off."""
    depth, out = 0, []
    for ch in text:
        if ch == HIGHLIGHT_START:
            depth += 1
        elif ch == HIGHLIGHT_STOP:
            if not depth:
                continue
            depth -= 1
        out.append(ch)
    return "".join(out) + HIGHLIGHT_STOP * depth


def shorten(sentence: str, limit: int = EXCERPT_CHARS) -> str:
    """At most about `limit` characters of a sentence around its first match, cut between words."""
    if len(sentence) <= limit:
        return sentence
    first = sentence.find(HIGHLIGHT_START)
    start = 0
    if first > BEFORE_MATCH:
        space = sentence.find(" ", first - BEFORE_MATCH)
        start = space + 1 if 0 <= space < first else first
    end = start + limit
    if end < len(sentence):
        space = sentence.rfind(" ", start, end)
        end = space if space > start else end
    piece = sentence[start:end].strip()
    piece = (ELLIPSIS + " " if start else "") + piece
    if end < len(sentence):
        piece = piece.rstrip(",;:–-—") + " " + ELLIPSIS
    return balance(piece)


def excerpt(lead: str, body: str, limit: int = EXCERPT_CHARS) -> str:
    """One excerpt (still marked with the sentinels): the sentence, of either field, holding
    the most distinct words of the query (a phrase's sentence beats one sharing a word with
    it), the lead winning ties; the first sentence of the lead when nothing is marked."""
    fields = [sentences(text) for text in (lead or "", body or "") if text]
    if not fields:
        return ""
    places = [(f, i) for f, parts in enumerate(fields) for i in range(len(parts))]
    f, best = max(places, key=lambda p: (matched_words(fields[p[0]][p[1]]), -p[0], -p[1]))
    parts = fields[f]
    chosen = parts[best]
    # A short sentence says little alone: the next one of the same field joins it if both fit.
    if best + 1 < len(parts) and len(chosen) + len(parts[best + 1]) < limit:
        chosen = f"{chosen} {parts[best + 1]}"
    return shorten(chosen, limit)


def first_words(text: str, count: int = TITLE_WORDS) -> str:
    words = text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_STOP, "").split()
    head = " ".join(words[:count]).rstrip(",;:.")
    return head + (ELLIPSIS if len(words) > count else "")


def statement_title(title: str, lead: str) -> str:
    """'Speaker: “first words of the statement…”' (marks of the speaker's name kept): ten
    statements by one official no longer read as ten identical 'Name — Title'."""
    speaker = title.split(" — ", 1)[0]
    words = first_words(lead)
    return f"{speaker}: “{words}”" if words else title
