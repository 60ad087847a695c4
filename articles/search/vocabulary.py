"""The index's own vocabulary, for "did you mean": words the public can find, with their counts.

`refresh()` refills the table `search_word` (migration 0007) from the index with ts_stat:
the Vietnamese words as written (the `search_exact` vectors, diacritics kept) and the English
words unstemmed (a stemmed "digit" is no suggestion for "digitl"). Only public entries count,
so a suggestion never reveals a word of an unpublished article. `rebuild_search_index` calls it;
entries saved since then are searchable at once but suggested only after the next rebuild.

`suggest(text)` replaces each word the index does not hold by the closest known word (pg_trgm
similarity of the accent-folded forms, then the commoner word), and a word typed with the wrong
tone marks by its commonest spelling: "chuyen doi sô tinh nghe ann" -> "chuyen doi số tinh nghe an".
"""

import re

from django.db import connection

from archive.lib.text import fold

OPERATORS = frozenset({"or", "hoặc", "hoac"})
WORD = re.compile(r"[^\W\d_]{1,40}")

# The words of the public entries: Vietnamese as written (diacritics kept), English unstemmed.
# `{part}` narrows a source to one share of the entries, so a rebuild's workers can count
# them side by side (rebuild.py); ndoc adds up over the shares.
SOURCES = (
    "SELECT search_exact FROM public.search_entry WHERE public_from <= now(){part}",
    "SELECT to_tsvector('simple', concat_ws(' ', title_en, lead_en, body_en))"
    " FROM public.search_entry WHERE public_from <= now() AND title_en <> ''{part}",
)
STORE = """
DELETE FROM public.search_word;
INSERT INTO public.search_word (word, key, ndoc)
SELECT word, public.vn_fold(word), sum(ndoc)::int
FROM unnest(%s::text[], %s::int[]) AS found(word, ndoc)
WHERE word !~ '[0-9_]' AND length(word) BETWEEN 2 AND 40
GROUP BY word;
"""

LOOKUP = """
SELECT w.n,
       (SELECT s.word FROM public.search_word s WHERE s.word = w.word) IS NOT NULL,
       (SELECT s.word FROM public.search_word s WHERE s.key = w.key
        ORDER BY s.ndoc DESC, s.word LIMIT 1),
       (SELECT s.word FROM public.search_word s WHERE s.key %% w.key
        ORDER BY similarity(s.key, w.key) DESC, s.ndoc DESC, s.word LIMIT 1)
FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS w(word, key, n)
ORDER BY w.n
"""


def word_counts(part: tuple[int, int] | None = None) -> list[tuple[str, int]]:
    """(word, entries holding it) of the public entries, a word once per source; `part` (i, n)
    counts only the entries whose id is i modulo n."""
    where = f" AND id % {int(part[1])} = {int(part[0])}" if part else ""
    rows: list[tuple[str, int]] = []
    with connection.cursor() as cursor:
        for source in SOURCES:
            cursor.execute("SELECT word, ndoc FROM ts_stat(%s)", [source.format(part=where)])
            rows += cursor.fetchall()
    return rows


def refresh(counts: list[tuple[str, int]] | None = None) -> int:
    """Refill the vocabulary from the public search entries (or from `counts`, what
    word_counts() returned for every part); the number of words."""
    if counts is None:
        counts = word_counts()
    with connection.cursor() as cursor:
        cursor.execute(STORE, [[word for word, _ in counts], [ndoc for _, ndoc in counts]])
        cursor.execute("SELECT count(*) FROM public.search_word")
        return cursor.fetchone()[0]


def suggest(text: str) -> str:
    """`text` with its unknown or mistyped words replaced by known ones; '' when none is."""
    tokens = text.split()
    checked = [
        i
        for i, token in enumerate(tokens)
        if WORD.fullmatch(token) and token.lower() not in OPERATORS
    ]
    if not checked:
        return ""
    words = [tokens[i].lower() for i in checked]
    with connection.cursor() as cursor:
        cursor.execute(LOOKUP, [words, [fold(w) for w in words]])
        rows = cursor.fetchall()
    changed = False
    for i, word, (_n, known, spelled, closest) in zip(checked, words, rows, strict=True):
        if known:
            continue
        if spelled and fold(word) != word:  # the word exists with other tone marks
            replacement = spelled
        elif spelled:  # typed without diacritics and known so: not a typo
            continue
        else:
            replacement = closest
        if replacement and replacement != word:
            tokens[i], changed = replacement, True
    return " ".join(tokens) if changed else ""
