"""The newspaper's conventions, as data: the patterns and word lists every reader in this
package goes by (how Báo Nghệ An prints a byline, a title, a document symbol, a meeting…)."""

import re

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
