"""The ingest's reading rules, one pattern at a time (articles/ingest/parse/)."""

import datetime as dt
from decimal import Decimal

from articles.ingest.parse import find_documents, find_people, parse_article, split_posts
from tests.ingest_support import (
    SAMPLE_HTML,
    SAMPLE_PEOPLE,
    SECOND_PEOPLE,
    SECOND_TXT,
    sample_text,
)
from tests.seed_source import source_path

HEAD = "Tiêu đề thử\n\nPhóng Viên Thử 03/12/2026 09:15\n\n(Baonghean.vn) - Phần mở đầu thử.\n\n"


def test_title_byline_time_and_lead_are_read_and_the_page_furniture_dropped():
    ex = parse_article(source_path().read_text("utf-8"))
    assert ex.title.startswith("Ban Thường vụ Tỉnh ủy Nghệ An cho ý kiến")
    assert ex.byline == "Thành Duy"
    assert ex.published_at == dt.datetime(2022, 5, 28, 12, 29)
    assert ex.lead.startswith("Bí thư Tỉnh ủy Nghệ An Thái Thanh Quý nhấn mạnh")
    assert len(ex.blocks) == 36  # the seed's body; the repeated title and CMS footer are gone
    assert not any("POWERED BY" in b.text for b in ex.blocks)


def test_upper_case_lines_are_headings_and_captions_become_photos_with_credit():
    ex = parse_article(
        HEAD + "MỘT TIÊU ĐỀ PHỤ\n\nĐoạn văn thường.\n\nToàn cảnh hội nghị. Ảnh: Nhà Báo Thử\n"
    )
    assert [(b.kind, b.text, b.credit) for b in ex.blocks] == [
        ("heading", "MỘT TIÊU ĐỀ PHỤ", ""),
        ("paragraph", "Đoạn văn thường.", ""),
        ("photo", "Toàn cảnh hội nghị.", "Nhà Báo Thử"),
    ]


def test_comrade_name_dash_titles_gives_a_person_with_each_post():
    (person,) = find_people(
        ["Đồng chí Trần Thử Hai - Ủy viên Ban Thường vụ, Trưởng ban Dân vận Tỉnh ủy phát biểu."]
    )
    assert person.name == "Trần Thử Hai"
    assert [(p.role, p.title) for p in person.posts] == [
        ("Ủy viên", "Ủy viên Ban Thường vụ Tỉnh ủy"),
        ("Trưởng ban", "Trưởng ban Dân vận Tỉnh ủy"),
    ]


def test_a_list_of_comrades_gives_each_person_and_not_the_groups():
    people = find_people(
        [
            "Dự có các đồng chí: Lê Thử Một - Phó Bí thư Tỉnh ủy; Hồ Thử Hai - Chủ tịch "
            "Ủy ban nhân dân tỉnh; đại diện các sở, ngành."
        ]
    )
    assert [(p.name, p.posts[0].title) for p in people] == [
        ("Lê Thử Một", "Phó Bí thư Tỉnh ủy"),
        ("Hồ Thử Hai", "Chủ tịch Ủy ban nhân dân tỉnh"),
    ]


def test_a_name_after_a_title_is_a_person_with_that_title():
    (person,) = find_people(["Góp ý thêm, Phó Giám đốc Sở Thử nghiệm Phạm Văn Thử Bốn cho rằng…"])
    assert person.name == "Phạm Văn Thử Bốn"
    assert person.posts[0].title == "Phó Giám đốc Sở Thử nghiệm"


def test_split_posts_carries_the_level_to_an_abbreviated_body():
    posts = split_posts("Ủy viên Ban Thường vụ, Chủ nhiệm UBKT Tỉnh ủy")
    assert [p.organization for p in posts] == ["Ban Thường vụ Tỉnh ủy", "UBKT Tỉnh ủy"]


def test_a_symbol_with_date_and_issuer_gives_a_dated_document_about_its_subject():
    (doc,) = find_documents(
        ["theo Quy định số 11-QĐ/TW, ngày 19/5/2021 của Ban Bí thư về trường chính trị chuẩn."]
    )
    assert (doc.kind, doc.symbol, doc.issuer, doc.issued_on, doc.title) == (
        "regulation",
        "11-QĐ/TW",
        "Ban Bí thư",
        dt.date(2021, 5, 19),
        "Quy định về trường chính trị chuẩn",
    )


def test_a_bare_symbol_and_a_state_symbol_are_documents_too():
    docs = find_documents(["thực hiện Nghị quyết 26-NQ/TW và Quyết định số 123/QĐ-UBND."])
    assert [(d.kind, d.symbol) for d in docs] == [
        ("resolution", "26-NQ/TW"),
        ("regulation", "123/QĐ-UBND"),
    ]


def test_a_reference_back_is_not_a_document():
    assert find_documents(["ban hành Nghị quyết về vấn đề này là cần thiết."]) == []


def test_meeting_date_body_chair_attendees_and_agenda():
    ex = parse_article(sample_text())
    m = ex.meeting
    assert (m.date, m.time_of_day, m.kind, m.body, m.chair) == (
        dt.date(2026, 12, 2),
        "Chiều",
        "Phiên họp định kỳ tháng 12",
        "Hội đồng Thử nghiệm tỉnh",
        "Nguyễn Thử Một",
    )
    assert m.attendees == ["Trần Thử Hai", "Lê Thị Thử Ba"]
    assert m.other_attendees == "Đại diện các phòng, ban liên quan"
    assert [a.title for a in ex.agenda] == [
        "Dự thảo Đề án về số hóa hồ sơ thử nghiệm tỉnh đến năm 2030",
        "Báo cáo sơ kết 3 năm thực hiện Chỉ thị số 4-CT/TN, ngày 1/2/2023 của Hội đồng Thử "
        "nghiệm tỉnh về bảo quản mẫu thử",
        "Kế hoạch kiểm tra hồ sơ thử nghiệm cuối năm của Sở Thử nghiệm",
    ]
    assert ex.agenda[0].presenter == "Lê Thị Thử Ba"  # the caption says she presented it


def test_the_chair_named_after_duoi_su_chu_tri():
    ex = parse_article(
        HEAD + "Sáng 1/12, tại hội nghị thường kỳ, Sở Thử nghiệm đã họp dưới sự chủ trì của "
        "đồng chí Lê Thử Năm - Giám đốc Sở Thử nghiệm.\n\nĐoạn khác.\n"
    )
    assert ex.meeting.chair == "Lê Thử Năm"


def test_statements_by_name_by_title_alone_and_as_head_of_a_body():
    ex = parse_article(source_path().read_text("utf-8"))
    speakers = [(s.speaker, s.attribution) for s in ex.statements]
    assert ("Thái Thanh Quý", "Bí thư Tỉnh ủy") in speakers  # title alone
    assert ("Thái Thanh Quý", "Người đứng đầu Tỉnh ủy") in speakers  # head of a body
    assert ("Nguyễn Đức Trung", "người đứng đầu Ủy ban nhân dân tỉnh Nghệ An") in speakers
    # "Phó Bí thư Tỉnh ủy" is not "Bí thư Tỉnh ủy": no statement of Quý's starts with it.
    assert all(
        not s.text.startswith("Phát biểu về nội dung này") or s.speaker == "Nguyễn Đức Trung"
        for s in ex.statements
    )


def test_captions_and_the_lead_are_not_statements():
    ex = parse_article(source_path().read_text("utf-8"))
    captions = {b.text for b in ex.blocks if b.kind == "photo"}
    assert not any(s.text in captions for s in ex.statements)
    assert not any("phát biểu góp ý" in s.text for s in ex.statements)
    assert not any(s.text == ex.lead for s in ex.statements)


def test_quote_only_with_quotation_marks_and_attributed_words():
    ex = parse_article(source_path().read_text("utf-8"))
    quotes = [s for s in ex.statements if s.kind == "quote"]
    assert [(q.speaker, q.text) for q in quotes] == [
        (
            "Nguyễn Đức Trung",
            "Người đứng đầu không quyết tâm, không thực sự tham gia chỉ đạo thì thực sự là khó",
        )
    ]  # the quoted target ("Mục tiêu “Mạng di động…”") is not a quote of anyone


def test_statements_link_the_documents_they_mention():
    ex = parse_article(sample_text())
    (said,) = [s for s in ex.statements if s.speaker == "Lê Thị Thử Ba"]
    assert "sym:7QDTN" in said.documents
    assert said.documents[0].startswith("title:de an ve so hoa")  # the meeting's draft


def test_numeric_targets_are_proposed_with_value_unit_and_year():
    ex = parse_article(sample_text())
    found = [(t.measure, t.value, t.unit, t.deadline_year) for t in ex.targets]
    assert ("quantity", Decimal("95"), "%", 2030) in found
    # "thuộc nhóm 10 địa phương dẫn đầu…": in the top 10, a rank; its words stay in the indicator.
    assert ("rank", Decimal("10"), "", 2030) in found
    assert ("quantity", Decimal("100"), "%", None) in found
    (top,) = [t for t in ex.targets if t.measure == "rank"]
    assert "nhóm 10 địa phương dẫn đầu về dữ liệu thử nghiệm" in top.indicator


def test_the_test_article_as_html_reads_like_its_text():
    text, markup = parse_article(sample_text()), parse_article(SAMPLE_HTML.read_text("utf-8"))
    assert {p.name for p in text.people} == SAMPLE_PEOPLE
    assert [(b.kind, b.text) for b in markup.blocks] == [(b.kind, b.text) for b in text.blocks]
    assert [s.text for s in markup.statements] == [s.text for s in text.statements]


def test_broken_html_is_read_as_far_as_it_goes():
    ex = parse_article("<p>Tiêu đề <b>thử</p><p>Đoạn một<p>Đoạn <i>hai</div></span>")
    assert ex.title == "Tiêu đề thử"
    assert [b.text for b in ex.blocks] == ["Đoạn một", "Đoạn hai"]


def test_second_article_a_quote_after_a_colon_is_the_speakers():
    ex = parse_article(SECOND_TXT.read_text("utf-8"))
    assert {p.name for p in ex.people} == SECOND_PEOPLE
    (quote,) = [s for s in ex.statements if s.kind == "quote"]
    assert (quote.speaker, quote.text) == (
        "Vũ Thị Thử Bảy",
        "Dữ liệu mẫu thử phải đúng, đủ, sạch, sống",
    )
    assert quote.attribution == "Phó Giám đốc Sở Thử nghiệm"  # not "đồng thời", the next clause


def test_second_article_meeting_chair_after_duoi_su_chu_tri_and_a_plan_by_a_department():
    ex = parse_article(SECOND_TXT.read_text("utf-8"))
    assert (ex.meeting.kind, ex.meeting.body, ex.meeting.chair) == (
        "Hội nghị sơ kết",
        "Sở Thử nghiệm",
        "Hoàng Thử Sáu",
    )
    plan = next(d for d in ex.documents if d.symbol == "12-KH/STN")
    assert (plan.kind, plan.title, plan.issuer, plan.issued_on) == (
        "plan",
        "Kế hoạch về chuyển đổi số mẫu thử",  # the subject ends where "dưới sự chủ trì" begins
        "Sở Thử nghiệm",
        dt.date(2024, 4, 3),
    )
    # No agenda is listed: statements link the document the meeting reviewed.
    assert all(s.documents[0] == plan.key for s in ex.statements)


def test_a_head_of_unit_post_names_its_unit():
    (post,) = split_posts("Trưởng phòng Dữ liệu Thử nghiệm")
    assert (post.role, post.organization) == ("Trưởng phòng", "Phòng Dữ liệu Thử nghiệm")


def test_a_deputys_title_is_not_the_chiefs():
    ex = parse_article(
        HEAD + "Dự có các đồng chí: Lê Thử Một - Bí thư Tỉnh ủy; Hồ Thử Hai - Phó Bí thư Tỉnh ủy; "
        "Vũ Thử Ba - Phó Bí thư Tỉnh ủy.\n\n"
        "Phó Bí thư Tỉnh ủy đề nghị làm rõ thêm.\n\nBí thư Tỉnh ủy đề nghị hoàn thiện dự thảo.\n"
    )
    # Two deputies hold the title, so the first paragraph names no one in particular; the
    # second is the Secretary's.
    assert [(s.speaker, s.text) for s in ex.statements] == [
        ("Lê Thử Một", "Bí thư Tỉnh ủy đề nghị hoàn thiện dự thảo.")
    ]
