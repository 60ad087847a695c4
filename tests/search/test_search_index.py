"""The index follows every save, delete and many-to-many change; the rebuild command; admin."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from articles.models import Article, Document, Photo, Statement
from articles.search import SearchAdminMixin, SearchEntry, SearchParams, search
from people.models import Person
from tests.builders import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("indexed_seed")]


def found(query: str, **params) -> set[tuple[str, int]]:
    result = search(SearchParams(q=query, per_page=100, **params))
    return {(hit.kind, hit.object_id) for hit in result.hits}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit reindex of whatever the block changes, as a real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def test_every_kind_of_record_is_indexed():
    assert set(SearchEntry.objects.values_list("kind", flat=True)) == set(SearchEntry.Kind.values)
    assert SearchEntry.objects.filter(kind="statement").count() == Statement.objects.count()
    assert SearchEntry.objects.filter(kind="photo").count() == Photo.objects.count()


def test_a_draft_article_and_its_records_are_not_searchable(committed):
    article = Article.objects.get()
    assert found("người đứng đầu")
    with committed():
        article.status = Article.Status.DRAFT
        article.save()
    assert found("người đứng đầu") == set()
    assert found("Thái Thanh Quý") == set()
    assert found("11-QĐ/TW") == set()
    # Drafts stay findable where the public cannot look: the admin.
    assert found("người đứng đầu", public_only=False)


def test_a_scheduled_article_appears_when_its_time_comes(committed):
    article = Article.objects.get()
    with committed():
        article.published_at = timezone.now() + dt.timedelta(hours=1)
        article.save()
    assert found("người đứng đầu") == set()
    entry = SearchEntry.objects.get(kind="article", object_id=article.id)
    assert entry.public_from == article.published_at  # no reindex needed when the hour comes


def test_renaming_a_person_updates_their_statements(committed):
    person = Person.objects.get(full_name="Nguyễn Đức Trung")
    statements = {("statement", s.id) for s in person.statements.all()}
    with committed():
        person.full_name = "Nguyễn Đức Trungg"
        person.save()
    assert statements <= found("Trungg")
    assert ("person", person.id) in found("Trungg")


def test_editing_a_statement_updates_its_entry(committed):
    statement = Statement.objects.get(kind="quote")
    with committed():
        statement.text_vi = "Một câu hoàn toàn mới về băng thông rộng"
        statement.save()
    assert ("statement", statement.id) in found("bang thong rong")


def test_deleting_a_statement_removes_its_entry(committed):
    statement = Statement.objects.get(kind="quote")
    with committed():
        statement.delete()
    assert not SearchEntry.objects.filter(kind="statement", object_id=statement.id).exists()
    assert ("statement", statement.id) not in found("quyết tâm")


def test_linking_a_document_to_a_statement_updates_facets_and_symbols(committed):
    statement = Statement.objects.get(kind="quote")
    directive = Document.objects.get(symbol="11-CT/TU")
    assert ("statement", statement.id) not in found("11-CT/TU")
    with committed():
        statement.documents.add(directive)
    assert ("statement", statement.id) in found("11-CT/TU")
    assert ("statement", statement.id) in found(
        "", document_ids=(directive.id,), types=("statement",)
    )
    with committed():
        directive.statements.remove(statement)  # the reverse side too
    assert ("statement", statement.id) not in found("11-CT/TU")


def test_people_shown_in_a_photo_follow_the_m2m(committed):
    photo = Photo.objects.filter(people_shown__isnull=False).first()
    person = Person.objects.exclude(photos=photo).first()
    with committed():
        photo.people_shown.add(person)
    assert person.id in SearchEntry.objects.get(kind="photo", object_id=photo.id).person_ids
    with committed():
        photo.people_shown.clear()
    assert SearchEntry.objects.get(kind="photo", object_id=photo.id).person_ids == []


def test_rebuild_command_restores_a_lost_or_stale_index():
    expected = SearchEntry.objects.count()
    SearchEntry.objects.all().delete()
    SearchEntry.objects.create(
        kind="article", object_id=999_999, title_vi="mồ côi", url_vi="/", url_en="/"
    )
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert SearchEntry.objects.count() == expected
    assert not SearchEntry.objects.filter(object_id=999_999).exists()
    assert f"Indexed {expected} entries" in out.getvalue()


class PersonAdmin(SearchAdminMixin, admin.ModelAdmin):
    search_fields = ["full_name"]


class DocumentAdmin(SearchAdminMixin, admin.ModelAdmin):
    search_fields = ["title_vi"]


def admin_search(model_admin_class, model, term):
    model_admin = model_admin_class(model, admin.site)
    request = RequestFactory().get("/admin/", {"q": term})
    queryset, _ = model_admin.get_search_results(request, model.objects.all(), term)
    return set(queryset)


def test_admin_search_ignores_diacritics_and_spelling_variants():
    quy = Person.objects.get(full_name="Thái Thanh Quý")
    assert quy in admin_search(PersonAdmin, Person, "thai thanh qui")
    regulation = Document.objects.get(symbol="11-QĐ/TW")
    assert regulation in admin_search(DocumentAdmin, Document, "11 qd tw")
    english = Document.objects.get(symbol="26-NQ/TW")
    assert english in admin_search(DocumentAdmin, Document, "orientations")


def test_admin_search_finds_drafts(committed):
    article = Article.objects.get()
    with committed():
        article.status = Article.Status.DRAFT
        article.save()
    quy = Person.objects.get(full_name="Thái Thanh Quý")
    assert quy in admin_search(PersonAdmin, Person, "thai thanh quy")


def test_moving_a_position_to_another_organization_updates_the_one_it_left(committed):
    from django.db.models import Count

    from people.models import Organization, Position

    position = (
        Position.objects.annotate(same=Count("person__positions__organization"))
        .filter(same=1)
        .first()
    )
    old, new = position.organization, Organization.objects.exclude(id=position.organization_id)[0]
    assert (
        position.person_id
        in SearchEntry.objects.get(kind="organization", object_id=old.id).person_ids
    )
    with committed():
        position.organization = new
        position.save()
    assert (
        position.person_id
        not in SearchEntry.objects.get(kind="organization", object_id=old.id).person_ids
    )
    assert (
        position.person_id
        in SearchEntry.objects.get(kind="organization", object_id=new.id).person_ids
    )


def test_editing_an_organization_name_updates_its_documents(committed):
    regulation = Document.objects.get(symbol="11-QĐ/TW")
    issuer = regulation.issuer
    with committed():
        issuer.name_vi = "Ban Bí thư Trung ương Khóa Thử"
        issuer.save()
    assert ("document", regulation.id) in found("khoa thu")


def test_a_recognised_name_finds_what_names_the_person_not_its_scattered_syllables(committed):
    quy = Person.objects.get(full_name="Thái Thanh Quý")
    named = {("statement", s.id) for s in quy.statements.all()} | {("person", quy.id)}
    with committed():
        # Every syllable of his name, none of them his: Thái, Thanh and Quý start many names.
        scattered = make_article(
            lead_vi="Ông Thái Văn Hùng, bà Lê Thanh Hà và ông Trần Quý Long dự buổi làm việc.",
            lead_en="Mr Thái Văn Hùng, Ms Lê Thanh Hà and Mr Trần Quý Long attended the session.",
        )
    result = search(SearchParams(q="Thái Thanh Quý", per_page=100))
    by_name = {(hit.kind, hit.object_id) for hit in result.hits}
    assert named <= by_name and ("article", scattered.id) not in by_name
    assert result.hits[0].kind == "person" and result.hits[0].object_id == quy.id
    assert any("Thái Thanh Quý" in str(message) for message in result.messages)
    # Without diacritics, with "Quí" for "Quý": the same person, the same results.
    assert found("thai thanh qui") == by_name
    # Other word orders are words again, and so is the name in quotes: the syllables anywhere.
    assert ("article", scattered.id) in found("Quý Thanh Thái")
    assert not found('"Thái Thanh Quý"') & {("article", scattered.id)}
    assert named - {("person", quy.id)} <= found('"Thái Thanh Quý"')


def test_a_symbol_lists_the_document_then_what_cites_it_newest_first(committed):
    regulation = Document.objects.get(symbol="11-QĐ/TW")
    with committed():
        older = make_article(
            published_at=timezone.now() - dt.timedelta(days=30),
            lead_vi="Quy định 11-QĐ/TW, rồi Quy định 11-QĐ/TW, và lại Quy định 11-QĐ/TW.",
        )
        newer = make_article(lead_vi="Tỉnh ủy tiếp tục thực hiện Quy định 11-QĐ/TW.")
    result = search(SearchParams(q="11-QĐ/TW", per_page=100))
    order = [(hit.kind, hit.object_id) for hit in result.hits]
    assert order[0] == ("document", regulation.id)
    # Repeating the symbol earns nothing: every citing record holds it, so the newest first.
    assert order.index(("article", newer.id)) < order.index(("article", older.id))
