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

REFRESH = """
DELETE FROM public.search_word;
INSERT INTO public.search_word (word, key, ndoc)
SELECT word, public.vn_fold(word), sum(ndoc)::int FROM (
    SELECT word, ndoc FROM ts_stat(
        'SELECT search_exact FROM public.search_entry WHERE public_from <= now()')
    UNION ALL
    SELECT word, ndoc FROM ts_stat(
        'SELECT to_tsvector(''simple'', concat_ws('' '', title_en, lead_en, body_en))
         FROM public.search_entry WHERE public_from <= now() AND title_en <> ''''')
) found
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


def refresh() -> int:
    """Refill the vocabulary from the public search entries; the number of words."""
    with connection.cursor() as cursor:
        cursor.execute(REFRESH)
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
