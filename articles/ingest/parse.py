"""From an article's text, as Báo Nghệ An prints it, to the records it reports. Pure functions.

The newspaper's form: the title; the byline and time ("Thành Duy 28/05/2022 12:29"); the lead
beginning "(Baonghean.vn) -"; paragraphs, UPPER-CASE subheadings and photo captions ending
"Ảnh: NAME". Officials are named "đồng chí NAME - TITLE, TITLE", listed as "các đồng chí: A -
TITLE; B - TITLE", or named after their title ("Bí thư Tỉnh ủy Thái Thanh Quý"); later
paragraphs often use the title alone ("Bí thư Tỉnh ủy đề nghị…") or "người đứng đầu ORG".

Nothing here touches the database: `parse_article(text)` returns an `Extraction` that match.py
compares with existing records and create.py writes once the editor has reviewed it.
"""

import datetime as dt
import html
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser

from archive.lib.text import fold as fold_diacritics

# The same key as Document.symbol_key (SQL vn_code_key), written once in articles/search/query.py.
from articles.search import code_key

# ---------------------------------------------------------------- the conventions, as data

LEAD_PREFIX = re.compile(r"^\(\s*Baonghean(?:\.vn)?\s*\)\s*[-–—]\s*", re.IGNORECASE)
BYLINE = re.compile(
    r"^(?P<name>[^\d\n]{2,80}?)\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    r"(?:\s+(?P<H>\d{1,2}):(?P<M>\d{2}))?\s*$"
)
CAPTION = re.compile(r"^(?P<caption>.*?)\s*Ảnh\s*:\s*(?P<credit>[^.:]{2,80}?)\.?\s*$")
# Page furniture a scraped page ends with: the CMS footer.
FURNITURE = re.compile(r"^POWERED BY\b", re.IGNORECASE)

# Reporting verbs the paper uses to attribute a paragraph to a speaker.
REPORTING_VERBS = (
    "đề nghị",
    "nhấn mạnh",
    "yêu cầu",
    "cho rằng",
    "kết luận",
    "góp ý",
    "chỉ rõ",
    "lưu ý",
    "đồng ý",
    "thống nhất",
    "cho biết",
    "trao đổi",
    "khẳng định",
    "đề xuất",
    "chỉ đạo",
    "phát biểu",
    "nêu quan điểm",
    "nêu rõ",
    "chia sẻ",
    "giao",
    "ghi nhận",
    "đánh giá",
    "báo cáo",
    "trình bày",
)
# Words that end a printed title: what the person does next.
ACTION_WORDS = (
    *REPORTING_VERBS,
    "chủ trì",
    "dự",
    "tham dự",
    "làm việc",
    "cùng",
    "tại",
    "và các",
)
# Roles, longest first so "Phó Bí thư Thường trực" wins over "Bí thư".
ROLES = sorted(
    (
        "Ủy viên",
        "Bí thư",
        "Phó Bí thư",
        "Phó Bí thư Thường trực",
        "Chủ tịch",
        "Phó Chủ tịch",
        "Phó Chủ tịch Thường trực",
        "Trưởng ban",
        "Phó Trưởng ban",
        "Trưởng đoàn",
        "Phó Trưởng đoàn",
        "Chủ nhiệm",
        "Phó Chủ nhiệm",
        "Hiệu trưởng",
        "Phó Hiệu trưởng",
        "Giám đốc",
        "Phó Giám đốc",
        "Chánh Văn phòng",
        "Tổng Biên tập",
        "Thứ trưởng",
        "Bộ trưởng",
        "Trưởng phòng",
    ),
    key=len,
    reverse=True,
)
UNIT_OF_ROLE = {"Trưởng ban": "Ban", "Trưởng phòng": "Phòng", "Trưởng đoàn": "Đoàn"}
HEAD_ROLES = ("Bí thư", "Chủ tịch", "Giám đốc", "Trưởng ban", "Hiệu trưởng", "Bộ trưởng")
# The printed short forms of bodies, so "Chủ tịch UBND tỉnh" is the same title as "Chủ tịch Ủy
# ban nhân dân tỉnh".
ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "UBKT": "Ủy ban Kiểm tra",
    "MTTQ": "Mặt trận Tổ quốc",
    "CCQ": "các cơ quan",
}
PROVINCE = "Nghệ An"
# Family names that begin a name printed after a title ("Bí thư Tỉnh ủy Thái Thanh Quý").
_SURNAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Thái Đinh Lâm Trịnh "
    "Đoàn Mai Cao Lương Hà Tạ Chu Vương Tô Kiều Quách Ngọc Hồ Thân Lò Vi Lữ Thử"
)
SURNAMES = frozenset(_SURNAMES.split())
DOCUMENT_KINDS = {
    "Nghị quyết": "resolution",
    "Quy định": "regulation",
    "Chỉ thị": "directive",
    "Kết luận": "conclusion",
    "Đề án": "project",
    "Kế hoạch": "plan",
    "Chương trình": "plan",
    "Quyết định": "regulation",
}
# Issuers a symbol's suffix implies when the text does not say "của …".
ISSUER_BY_SUFFIX = {"TW": "Ban Chấp hành Trung ương Đảng", "TU": "Tỉnh ủy"}

_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x1F00)) if ch.isupper() and ch.isalpha())
_LOWER = "".join(ch for ch in map(chr, range(0x61, 0x1F00)) if ch.islower() and ch.isalpha())
NAME_WORD = rf"[{_UPPER}][{_LOWER}]*"
NAME = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{1,4}}"
COMRADE_NAME_TITLE = re.compile(rf"[Đđ]ồng chí\s+(?P<name>{NAME})\s*[-–]\s*(?P<title>[^;.:()\n]+)")
LISTED = re.compile(r"các đồng chí\s*:\s*(?P<list>[^.\n]+)", re.IGNORECASE)
LIST_ITEM = re.compile(rf"^\s*(?P<name>{NAME})\s*[-–]\s*(?P<title>.+?)\s*$")
COMRADE_NAME = re.compile(rf"[Đđ]ồng chí\s+(?P<name>{NAME})")
# "11-QĐ/TW" (Party), "123/QĐ-UBND" (State).
SYMBOL = re.compile(
    rf"(?<![\w/])(?P<symbol>\d+[-–/][{_UPPER}]{{1,6}}(?:[-/][{_UPPER}]{{1,6}})+)(?![\w/])"
)
DATE_DMY = re.compile(r"ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})")
SESSION_DATE = re.compile(
    r"^(?P<tod>Sáng|Chiều|Tối|Trưa)?\s*(?:nay\s*)?(?:\(|ngày\s*)?(?P<d>\d{1,2})/(?P<m>\d{1,2})"
    r"(?:/(?P<y>\d{4}))?\)?\s*,",
    re.IGNORECASE,
)
MEETING_PHRASE = re.compile(
    r"tại (?P<kind>(?:phiên họp|hội nghị|cuộc họp|kỳ họp|buổi làm việc)[^,]*),\s*"
    r"(?P<body>[^,]+?)\s+(?:đã\s+)?"
    r"(?:cho ý kiến|họp|làm việc|nghe|thảo luận|tổ chức|đánh giá|sơ kết|tổng kết|bàn|triển khai)",
    re.IGNORECASE,
)
AGENDA_OPENERS = re.compile(
    r"(?:đã\s+)?(?:nghe và )?cho ý kiến (?:vào|về)\s+"
    r"(?:nhiều nội dung quan trọng khác như\s*:\s*)?",
    re.IGNORECASE,
)
CHAIR_AFTER = re.compile(rf"dưới sự chủ trì của đồng chí\s+(?P<name>{NAME})", re.IGNORECASE)
QUOTE = re.compile(r"[“\"](?P<quote>[^”\"]{8,})[”\"]")
PERCENT = re.compile(r"(?P<value>\d+(?:[.,]\d+)?)\s*%")
GROUP_RANK = re.compile(r"(?:nhóm|top)\s+(?P<value>\d+)\s+(?P<unit>[^,;.]{3,60})", re.IGNORECASE)
RANK = re.compile(r"(?:xếp thứ|đứng thứ|vị trí thứ)\s+(?P<value>\d+)", re.IGNORECASE)
BY_YEAR = re.compile(r"(?:đến|vào|trước)\s+năm\s+(?P<year>(?:19|20)\d{2})")


# ---------------------------------------------------------------- the result


@dataclass
class Post:
    """One printed title: 'Trưởng ban Dân vận Tỉnh ủy' = role 'Trưởng ban' + body 'Dân vận…'."""

    title: str
    role: str
    organization: str


@dataclass
class PersonMention:
    name: str
    posts: list[Post] = field(default_factory=list)
    evidence: str = ""  # the sentence that names them with their titles


@dataclass
class Block:
    kind: str  # heading | paragraph | photo
    text: str
    credit: str = ""
    people: list[str] = field(default_factory=list)  # names a caption shows


@dataclass
class DocumentMention:
    kind: str
    symbol: str
    title: str
    issuer: str
    issued_on: dt.date | None
    draft: bool
    evidence: str
    ref: str = ""  # the key as first read, kept when the editor corrects symbol or title

    @property
    def key(self) -> str:
        return self.ref or document_key(self)


@dataclass
class AgendaMention:
    title: str
    document: str  # a DocumentMention key, or ""
    presenter: str  # a name, or ""
    evidence: str


@dataclass
class MeetingMention:
    date: dt.date | None
    time_of_day: str
    kind: str
    body: str
    chair: str
    attendees: list[str]
    presenters: list[str]
    other_attendees: str
    evidence: str


@dataclass
class StatementMention:
    speaker: str
    attribution: str
    kind: str  # paraphrase | quote
    text: str
    documents: list[str]  # DocumentMention keys
    evidence: str
    block: int  # index in Extraction.blocks


@dataclass
class TargetMention:
    indicator: str
    value: Decimal | None
    unit: str
    deadline_year: int | None
    document: str  # a DocumentMention key, or ""
    evidence: str


@dataclass
class Extraction:
    title: str = ""
    byline: str = ""
    published_at: dt.datetime | None = None
    lead: str = ""
    blocks: list[Block] = field(default_factory=list)
    people: list[PersonMention] = field(default_factory=list)
    documents: list[DocumentMention] = field(default_factory=list)
    meeting: MeetingMention | None = None
    agenda: list[AgendaMention] = field(default_factory=list)
    statements: list[StatementMention] = field(default_factory=list)
    targets: list[TargetMention] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def person(self, name: str) -> PersonMention | None:
        return next((p for p in self.people if p.name == name), None)


# ---------------------------------------------------------------- text helpers


def fold(text: str) -> str:
    """Lower-case, diacritics and đ folded: the key words are compared by."""
    return fold_diacritics(text).lower()


def expand(text: str) -> str:
    for short, full in ABBREVIATIONS.items():
        text = re.sub(rf"\b{short}\b", full, text)
    return text


def title_key(title: str) -> str:
    """'Chủ tịch UBND tỉnh Nghệ An' and 'Chủ tịch Ủy ban nhân dân tỉnh' give the same key."""
    text = fold(expand(title)).replace(fold(PROVINCE), " ")
    return " ".join(re.findall(r"\w+", text))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def similarity(a: str, b: str) -> float:
    """Share of words in common (Dice), for matching an agenda item or a document title."""
    wa, wb = set(words(a)), set(words(b))
    if not wa or not wb:
        return 0.0
    return 2 * len(wa & wb) / (len(wa) + len(wb))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ“\"])", text) if s.strip()]


def sentence_at(text: str, position: int) -> str:
    start = 0
    for sentence in sentences(text):
        found = text.find(sentence, start)
        if found <= position < found + len(sentence):
            return sentence
        start = found + len(sentence)
    return text


# ---------------------------------------------------------------- input: text or HTML


class _TextFromHtml(HTMLParser):
    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "figcaption", "br", "tr"}
    SKIP = {"script", "style", "noscript", "template", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<\s*(p|div|h[1-6]|br|body|html|figure|article)\b", text, re.I))


def html_to_text(markup: str) -> str:
    """Block elements become lines; everything else is dropped. Broken markup is read as far as
    it goes (HTMLParser never raises on it)."""
    parser = _TextFromHtml()
    parser.feed(markup)
    parser.close()
    return html.unescape("".join(parser.parts))


def clean_lines(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n") if line.strip()]


def is_heading(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters) and len(line) < 200


# ---------------------------------------------------------------- people


def split_posts(title: str) -> list[Post]:
    """'Ủy viên Ban Thường vụ, Trưởng ban Dân vận Tỉnh ủy' -> two posts; an abbreviated body
    ('Ban Thường vụ') borrows the last post's level ('Tỉnh ủy'), as readers do."""
    parts = [p.strip(" ,") for p in re.split(r",\s*", title) if p.strip(" ,")]
    posts = []
    for part in parts:
        role = next((r for r in ROLES if part == r or part.startswith(r + " ")), "")
        if not role:
            continue
        body = part[len(role) :].strip()
        # "Trưởng ban Dân vận" heads the Ban Dân vận: the role's last word names the body.
        unit = UNIT_OF_ROLE.get(role.removeprefix("Phó ").removesuffix(" Thường trực"))
        if unit and body and not body.startswith(unit):
            body = f"{unit} {body}"
        posts.append(Post(title=part, role=role, organization=body))
    if posts:
        level = next(
            (lv for lv in ("Tỉnh ủy", "tỉnh") if posts[-1].title.endswith(lv)),
            "",
        )
        for post in posts[:-1]:
            if level and post.organization in ("Ban Thường vụ", "Ban Chấp hành"):
                post.title = f"{post.title} {level}"
                post.organization = f"{post.organization} {level}"
    return posts


def cut_title(text: str) -> str:
    """A printed title runs until what the person does next (a verb) or the clause ends."""
    cut = len(text)
    folded = text
    for word in ACTION_WORDS:
        found = re.search(rf"\s{re.escape(word)}\b", folded)
        if found:
            cut = min(cut, found.start())
    return text[:cut].strip(" ,")


def find_people(lines: list[str]) -> list[PersonMention]:
    people: dict[str, PersonMention] = {}

    def add(name: str, title: str, evidence: str) -> None:
        name = name.strip()
        mention = people.setdefault(name, PersonMention(name=name, evidence=evidence))
        for post in split_posts(cut_title(title)):
            if all(title_key(p.title) != title_key(post.title) for p in mention.posts):
                mention.posts.append(post)
        if not mention.evidence:
            mention.evidence = evidence

    for line in lines:
        for listed in LISTED.finditer(line):
            for item in listed.group("list").split(";"):
                found = LIST_ITEM.match(item)
                if found:
                    add(found.group("name"), found.group("title"), line)
        for found in COMRADE_NAME_TITLE.finditer(line):
            add(found.group("name"), found.group("title"), line)
    # Names after a title: "Bí thư Tỉnh ủy Nghệ An Thái Thanh Quý", "Giám đốc Sở X Trần Văn A".
    role_pattern = "|".join(re.escape(r) for r in ROLES)
    after_title = re.compile(
        rf"(?<![\wÀ-ỹ])(?P<title>(?:{role_pattern})(?:[ ,]+[^\s,.;:]+){{0,12}}?)\s+"
        rf"(?P<name>(?:{'|'.join(sorted(SURNAMES))})(?:\s+{NAME_WORD}){{1,3}})(?![\wÀ-ỹ])"
    )
    for line in lines:
        for found in after_title.finditer(line):
            name = found.group("name")
            title = found.group("title")
            # A known name seen inside a longer run ("… Tỉnh ủy Nghệ An Thái Thanh Quý").
            if name not in people and any(name.endswith(" " + k) for k in people):
                continue
            add(name, title.replace(f" {PROVINCE}", "") if name not in people else "", line)
    for line in lines:
        for found in COMRADE_NAME.finditer(line):
            if found.group("name") not in people and found.group("name").split()[0] in SURNAMES:
                add(found.group("name"), "", line)
    return list(people.values())


def reference_patterns(people: list[PersonMention]) -> list[tuple[re.Pattern | str, str]]:
    """How a paragraph may refer to each person: the name, a title held by nobody else, or
    'người đứng đầu ORG' for the one who heads it."""
    holders: dict[str, set[str]] = {}
    heads: dict[str, set[str]] = {}
    for person in people:
        for post in person.posts:
            holders.setdefault(title_key(post.title), set()).add(person.name)
            if post.role in HEAD_ROLES and post.organization:
                heads.setdefault(title_key(post.organization), set()).add(person.name)
    patterns: list[tuple[re.Pattern | str, str]] = []
    for person in people:
        patterns.append((re.compile(rf"(?:[Đđ]ồng chí\s+)?{re.escape(person.name)}"), person.name))
    return patterns + [
        (key, names.pop())
        for key, names in [(f"title:{k}", v) for k, v in holders.items()]
        + [(f"head:{k}", v) for k, v in heads.items()]
        if len(names) == 1
    ]


# ---------------------------------------------------------------- documents


def document_key(doc: "DocumentMention") -> str:
    if doc.symbol:
        return "sym:" + code_key(doc.symbol)
    return "title:" + " ".join(words(doc.title))


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


# ---------------------------------------------------------------- the article


def parse_article(text: str, *, html_input: bool | None = None) -> Extraction:
    """Read an article in the newspaper's form; what it cannot read goes to `problems`."""
    if html_input or (html_input is None and looks_like_html(text)):
        text = html_to_text(text)
    lines = clean_lines(text)
    result = Extraction()
    if not lines:
        result.problems.append("empty")
        return result
    result.title = lines[0]
    position = 1
    if position < len(lines) and (byline := BYLINE.match(lines[position])):
        result.byline = byline.group("name").strip()
        try:
            result.published_at = dt.datetime(
                int(byline.group("y")),
                int(byline.group("m")),
                int(byline.group("d")),
                int(byline.group("H") or 0),
                int(byline.group("M") or 0),
            )
        except ValueError:
            result.problems.append("byline-date")
        position += 1
    else:
        result.problems.append("byline")
    if position < len(lines) and LEAD_PREFIX.match(lines[position]):
        result.lead = LEAD_PREFIX.sub("", lines[position])
        position += 1
    else:
        result.problems.append("lead")
    body = lines[position:]
    # The scraped page repeats the title and adds the CMS footer after the body.
    while body and (FURNITURE.match(body[-1]) or body[-1] == result.title):
        body.pop()

    for line in body:
        caption = CAPTION.match(line)
        if caption and caption.group("caption"):
            result.blocks.append(
                Block("photo", caption.group("caption").strip(), credit=caption.group("credit"))
            )
        elif is_heading(line):
            result.blocks.append(Block("heading", line))
        else:
            result.blocks.append(Block("paragraph", line))
    if not any(b.kind == "paragraph" for b in result.blocks):
        result.problems.append("body")

    texts = [result.lead, *[b.text for b in result.blocks]]
    result.people = find_people(texts)
    for block in result.blocks:
        if block.kind == "photo":
            block.people = [p.name for p in result.people if p.name in block.text]
    result.documents = find_documents(texts)
    result.meeting, result.agenda = find_meeting(result)
    result.statements = find_statements(result)
    result.targets = find_targets(result)
    return result


def find_meeting(result: Extraction) -> tuple[MeetingMention | None, list[AgendaMention]]:
    paragraphs = [b.text for b in result.blocks if b.kind == "paragraph"]
    captions = [b for b in result.blocks if b.kind == "photo"]
    everything = [*paragraphs, *(b.text for b in captions)]
    meeting: MeetingMention | None = None
    agenda: list[AgendaMention] = []
    for paragraph in paragraphs[:4]:
        date = SESSION_DATE.match(paragraph)
        phrase = MEETING_PHRASE.search(paragraph)
        if not (date or phrase):
            continue
        day = None
        if date and result.published_at:
            try:
                day = dt.date(
                    int(date.group("y") or result.published_at.year),
                    int(date.group("m")),
                    int(date.group("d")),
                )
            except ValueError:
                day = None
        meeting = MeetingMention(
            date=day or (result.published_at.date() if result.published_at else None),
            time_of_day=(date.group("tod") or "").capitalize() if date else "",
            kind=phrase.group("kind").strip()[:1].upper() + phrase.group("kind").strip()[1:]
            if phrase
            else "",
            body=phrase.group("body").strip() if phrase else "",
            chair="",
            attendees=[],
            presenters=[],
            other_attendees="",
            evidence=paragraph,
        )
        opener = AGENDA_OPENERS.search(paragraph)
        if opener:
            agenda.append(_agenda_item(paragraph[opener.end() :].rstrip(". "), paragraph, result))
        break
    if meeting is None:
        return None, agenda

    for text in everything:
        chair = re.search(rf"[Đđ]ồng chí\s+(?P<name>{NAME})\s*[-–][^.]*?\bchủ trì\b", text)
        chair = chair or CHAIR_AFTER.search(text)
        if chair and not meeting.chair:
            meeting.chair = _known(chair.group("name"), result)
        listed = re.search(r"^Dự[^:]*có các đồng chí\s*:\s*(?P<list>.+)$", text)
        if listed:
            others = []
            for item in listed.group("list").rstrip(". ").split(";"):
                found = LIST_ITEM.match(item)
                if found:
                    meeting.attendees.append(_known(found.group("name"), result))
                elif item.strip():
                    others.append(item.strip())
            other = "; ".join(others)
            meeting.other_attendees = other[:1].upper() + other[1:]
    # Those a caption shows speaking or presenting were there too.
    for caption in captions:
        for name in caption.people:
            if name == meeting.chair or name in meeting.attendees or name in meeting.presenters:
                continue
            if re.search(rf"{re.escape(name)}[^.]*\btrình bày\b", caption.text):
                meeting.presenters.append(name)
            else:
                meeting.attendees.append(name)

    # "… cho ý kiến vào nhiều nội dung quan trọng khác như: A; B; nghe báo cáo và … C."
    for paragraph in paragraphs[1:]:
        opener = re.search(r"(?:nội dung|vấn đề)[^:]{0,40}(?:như|gồm)\s*:\s*", paragraph)
        if not opener or not re.search(r"cho ý kiến|thảo luận|nghe", paragraph[: opener.start()]):
            continue
        for item in paragraph[opener.end() :].split(";"):
            item = re.sub(
                r"^\s*(?:nghe báo cáo và thống nhất|nghe báo cáo|thống nhất)\s+", "", item
            )
            item = item.strip(" .…")
            if len(words(item)) >= 4:
                agenda.append(_agenda_item(item, paragraph, result))
    return meeting, agenda


def _agenda_item(title: str, evidence: str, result: Extraction) -> AgendaMention:
    title = title.strip(" .…")
    title = title[:1].upper() + title[1:]
    docs = mentioned_documents(title, result.documents)
    own = [k for k in docs if similarity(result_doc(result, k).title, title) > 0.5]
    presenter = ""
    for block in result.blocks:
        if (
            block.kind == "photo"
            and "trình bày" in block.text
            and similarity(block.text, title) > 0.6
        ):
            presenter = next(iter(block.people), "")
    return AgendaMention(
        title=title, document=(own or docs or [""])[0], presenter=presenter, evidence=evidence
    )


def result_doc(result: Extraction, key: str) -> DocumentMention:
    return next(d for d in result.documents if d.key == key)


def _known(name: str, result: Extraction) -> str:
    return name if result.person(name) else name


# ---------------------------------------------------------------- statements


def main_document(result: Extraction) -> str:
    """The document the meeting was about: its first agenda item's, else the first one the
    meeting's opening paragraph names."""
    for item in result.agenda:
        if item.document:
            return item.document
    if result.meeting:
        return next(iter(mentioned_documents(result.meeting.evidence, result.documents)), "")
    return ""


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


# ---------------------------------------------------------------- targets


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
            for pattern, unit in ((PERCENT, "%"), (GROUP_RANK, None), (RANK, "hạng")):
                for found in pattern.finditer(sentence):
                    indicator = _indicator_around(sentence, found.start(), found.end())
                    docs = mentioned_documents(sentence, result.documents)
                    targets.append(
                        TargetMention(
                            indicator=indicator,
                            value=Decimal(found.group("value").replace(",", ".")),
                            unit=unit or found.group("unit").strip(),
                            deadline_year=int(year.group("year")) if year else None,
                            document=(docs or [main])[0],
                            evidence=sentence,
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
