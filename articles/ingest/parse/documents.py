"""Documents: the resolutions, regulations, plans… the article names, by symbol or by title."""

import datetime as dt
import re

from articles.ingest.parse.conventions import DOCUMENT_KINDS, ISSUER_BY_SUFFIX, SYMBOL
from articles.ingest.parse.records import DocumentMention
from articles.ingest.parse.text import words

# The same key as Document.symbol_key (SQL vn_code_key), written once in articles/search/query.py.
from articles.search import code_key


def _issuer_of(rest: str) -> str:
    found = re.match(
        r"\s*của\s+(?P<issuer>(?:Ban|Bộ|Tỉnh|Ủy|Hội|Thủ|Chính|Quốc|Sở|Đảng|UBND|HĐND|Văn phòng"
        r"|Trường)[^,;.]*?)"
        r"(?=\s+(?:về|số|ngày)\b|[,;.]|$)",
        rest,
    )
    return found.group("issuer").strip() if found else ""


def _about_of(rest: str) -> str:
    # The subject runs to the end of the clause; a new clause ("…, dưới sự chủ trì của…") ends it.
    found = re.match(
        r"\s*(?P<about>về\s+[^;:.(“]+?)"
        r"(?=\s*(?:[;:.(“]|Ảnh|$|,\s*(?:dưới sự|đồng thời|trong đó|theo đó|nhằm|với sự)\b))",
        rest,
    )
    return found.group("about").strip(" ,") if found else ""


def find_documents(lines: list[str]) -> list[DocumentMention]:
    docs: dict[str, DocumentMention] = {}

    def add(doc: DocumentMention) -> None:
        known = docs.get(doc.key)
        if known is None:
            docs[doc.key] = doc
            return
        # A fuller mention (issuer, date, subject) completes the first one.
        known.issuer = known.issuer or doc.issuer
        known.issued_on = known.issued_on or doc.issued_on
        if len(doc.title) > len(known.title):
            known.title = doc.title

    kinds = "|".join(re.escape(k) for k in DOCUMENT_KINDS)
    for line in lines:
        # With a symbol: "Quy định số 11-QĐ/TW, ngày 19/5/2021 của Ban Bí thư về …".
        for found in re.finditer(rf"(?P<kind>{kinds})\s+(?:số\s+)?(?P<symbol>\S+)", line):
            symbol = SYMBOL.match(found.group("symbol"))
            if not symbol:
                continue
            rest = line[found.start("symbol") + len(symbol.group("symbol")) :]
            issued_on = None
            date = re.match(r"\s*,?\s*ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})", rest)
            if date:
                day, month, year = map(int, date.groups())
                try:
                    issued_on = dt.date(year, month, day)
                except ValueError:
                    issued_on = None
                rest = rest[date.end() :]
            issuer = _issuer_of(rest)
            if issuer:
                rest = rest[rest.find(issuer) + len(issuer) :]
            sym = symbol.group("symbol").replace("–", "-")
            suffix = sym.rsplit("/", 1)[-1]
            about = _about_of(rest)
            kind_word = found.group("kind")
            add(
                DocumentMention(
                    kind=DOCUMENT_KINDS[kind_word],
                    symbol=sym,
                    title=f"{kind_word} {about}" if about else f"{kind_word} {sym}",
                    issuer=issuer or ISSUER_BY_SUFFIX.get(suffix, ""),
                    issued_on=issued_on,
                    draft=False,
                    evidence=line,
                )
            )
        # Congress resolutions: "Nghị quyết Đại hội (đại biểu) … lần thứ XIX".
        for found in re.finditer(
            r"Nghị quyết Đại hội\s+(?:đại biểu\s+)?(?P<scope>toàn quốc|Đảng bộ tỉnh)\s+"
            r"lần thứ\s+(?P<n>[IVXLC]+)(?P<tail>\s+của Đảng)?",
            line,
        ):
            scope, number = found.group("scope"), found.group("n")
            if scope == "toàn quốc":
                title = f"Nghị quyết Đại hội đại biểu toàn quốc lần thứ {number} của Đảng"
            else:
                title = f"Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ {number}"
            add(DocumentMention("congress_resolution", "", title, "", None, False, line))
        # Drafts and unnumbered documents: "dự thảo Nghị quyết của Ban Chấp hành … về …".
        for found in re.finditer(
            r"(?P<draft>dự thảo\s+)?(?P<kind>Nghị quyết|Đề án|Kế hoạch|Chương trình)"
            r"(?P<rest>\s+(?:của\s+[^,;.]+?\s+)?(?:về|xây dựng|phát triển)\s+[^;:.“]+)",
            line,
        ):
            rest = found.group("rest")
            if SYMBOL.search(rest.split(" theo ")[0]) or re.match(r"\s+Đại hội", rest):
                continue
            # "về …" runs to the end of the clause; a trailing caption credit is not part of it.
            text = re.split(r"\s+(?:để|nhằm|và kèm theo|trình|Ảnh:)\s", rest)[0]
            text = re.sub(r",\s*ngày\s+\d{1,2}/\d{1,2}/\d{4}.*$", "", text)
            if " theo " in text:
                head, tail = text.split(" theo ", 1)
                symbol = SYMBOL.search(tail)
                text = f"{head} theo {tail[: symbol.end()]}" if symbol else head
            title = f"{found.group('kind')}{text}".strip(" ,")
            # "Nghị quyết về vấn đề này" points back at another document; it names none.
            if len(words(title)) < 4 or re.search(r"\b(?:vấn đề|nội dung|việc) này\b", title):
                continue
            add(
                DocumentMention(
                    kind=DOCUMENT_KINDS[found.group("kind")],
                    symbol="",
                    title=title,
                    issuer=_issuer_of(rest) if " của " in rest[:8] else "",
                    issued_on=None,
                    draft=bool(found.group("draft")),
                    evidence=line,
                )
            )
    return list(docs.values())


def mentioned_documents(text: str, documents: list[DocumentMention]) -> list[str]:
    keys = []
    symbols = {code_key(m.group("symbol")) for m in SYMBOL.finditer(text)}
    folded = " ".join(words(text))
    for doc in documents:
        by_symbol = bool(doc.symbol) and code_key(doc.symbol) in symbols
        by_title = not doc.symbol and " ".join(words(doc.title)) in folded
        if by_symbol or by_title:
            keys.append(doc.key)
    return keys
