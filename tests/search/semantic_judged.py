"""The judged set for meaning search (issue 16): questions about the seed article and what
answers them, written for this from fixtures/seed.json only.

Each query names the records (search result kind, id) any one of which in the first five answers
it. Groups: "en" English questions (the stored text is Vietnamese; the English translations are
indexed for keywords too), "vi" Vietnamese paraphrases that share no word with the Vietnamese
text of their first record (tests/search/test_semantic_judged.py checks that, accents
folded), "name" officials' names, "symbol" document symbols and codes, "phrase" a quoted phrase.
"""

from typing import NamedTuple


class Judged(NamedTuple):
    group: str
    q: str
    expected: tuple[tuple[str, int], ...]


def st(*ids: int) -> tuple[tuple[str, int], ...]:
    return tuple(("statement", i) for i in ids)


JUDGED: tuple[Judged, ...] = (
    # ---- English questions
    Judged("en", "How will the province attract skilled IT workers?", st(20)),
    Judged("en", "Which towns should pilot smart city services?", (("target", 7), *st(18))),
    Judged("en", "Why rent digital infrastructure instead of building it?", st(8)),
    Judged(
        "en",
        "What is the final aim of going digital, according to the party secretary?",
        (*st(12), ("article", 1)),
    ),
    Judged("en", "mobile network coverage in residential areas", (("target", 1), *st(15))),
    Judged("en", "train government employees in computing", (("target", 3), *st(16))),
    Judged("en", "how many residents pay electronically", (("target", 4), *st(17))),
    Judged("en", "digital economy share of regional GDP", (("target", 5), ("target", 6), *st(17))),
    Judged("en", "rank among the thirty best provinces for e-government", (("target", 2),)),
    Judged("en", "rules for a standard political school", (("document", 4), ("document", 5))),
    Judged("en", "directive on food safety", (("document", 6),)),
    Judged("en", "resolution of the national party congress", (("document", 3), *st(9))),
    Judged("en", "leaders who are not determined make it hard", st(7, 6)),
    Judged("en", "sharing information between agencies over the network", st(19)),
    Judged("en", "priority sectors such as tourism and logistics", st(22)),
    Judged("en", "a photo of the whole meeting room", (("photo", 1),)),
    Judged("en", "who presented the plan for the political school", (*st(14), ("photo", 8))),
    Judged("en", "party bodies and the Fatherland Front must set the example", st(13)),
    Judged("en", "the draft underestimated how far implementation had come", st(11)),
    Judged("en", "protecting people and companies online", st(20)),
    # ---- Vietnamese paraphrases sharing no word with the text
    Judged("vi", "săn lùng kỹ sư phần mềm", st(20)),
    Judged("vi", "đi mướn mạng lưới viễn thông", st(8)),
    Judged("vi", "phòng ngừa ngộ độc", (("document", 6),)),
    Judged("vi", "liên lạc không dây ở xóm làng", (("target", 1), *st(15))),
    Judged("vi", "trả tiền qua ngân hàng trực tuyến", (("target", 4), *st(17))),
    Judged("vi", "bồi dưỡng kỹ năng lập trình cho viên chức", (("target", 3), *st(16))),
    Judged("vi", "thủ trưởng thiếu nghị lực, mọi việc chẳng xong", st(7)),
    Judged("vi", "lọt top ba mươi địa phương dẫn đầu nền công vụ trực tuyến", (("target", 2),)),
    Judged("vi", "phòng chống hacker xâm nhập", st(20)),
    Judged("vi", "học viện bồi dưỡng cán bộ đảng đạt yêu cầu", (("document", 4), ("document", 5))),
    Judged("vi", "hình chụp bao quát buổi hội nghị", (("photo", 1),)),
    Judged("vi", "ngành lữ hành cùng kho bãi được chú trọng", st(22)),
    # ---- names
    Judged("name", "Thái Thanh Quý", (("person", 1), *st(9, 11, 17, 20), ("photo", 7))),
    Judged("name", "Nguyen Duc Trung", (("person", 3), *st(5, 6), ("photo", 6))),
    Judged("name", "Lê Thị Hoài Chung", (("person", 8), *st(14), ("photo", 8))),
    Judged("name", "Ngọc Kim Nam", (("person", 4), *st(1), ("photo", 2))),
    Judged("name", "Bùi Thanh An", (("person", 6), *st(3), ("photo", 4))),
    # ---- symbols and codes
    Judged("symbol", "11-QĐ/TW", (("document", 4), ("document", 5), *st(14, 21))),
    Judged("symbol", "11 qd tw", (("document", 4), ("document", 5), *st(14, 21))),
    Judged("symbol", "26-NQ/TW", (("document", 7),)),
    Judged("symbol", "11-CT/TU", (("document", 6),)),
    Judged("symbol", "GRDP", (("target", 5), *st(17))),
    # ---- a quoted phrase
    Judged("phrase", '"người đứng đầu"', st(6, 7, 8, 13, 15, 19)),
)
