"""The person page is people's: articles plugs in which people are public and what the page shows
of its records through people/sections.py, so people never imports articles."""

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from archive import db_router
from people import sections, views
from people.models import Person


@pytest.mark.django_db
def test_person_page_is_served_by_people_and_fails_closed_without_a_public_rule(
    client, world, monkeypatch
):
    for language in ["vi", "en"]:
        with translation.override(language):
            url = world.secretary.get_absolute_url()
            assert resolve(url).func is views.person_detail
        assert client.get(url).status_code == 200
    # Nobody said which people are public: the page shows no one rather than everyone.
    monkeypatch.setattr(sections, "_public_people", [])
    assert client.get(url).status_code == 404


def test_a_second_public_people_rule_is_refused_the_same_one_is_a_no_op(monkeypatch):
    monkeypatch.setattr(sections, "_public_people", [])
    rule = Person.objects.all
    sections.register_public_people(rule)
    sections.register_public_people(rule)  # ready() may run twice
    with pytest.raises(ImproperlyConfigured):
        sections.register_public_people(Person.objects.none)


def test_two_sections_setting_the_same_name_raise_instead_of_losing_one():
    first = sections.Section(template="a.html", context={"photos": 1})
    second = sections.Section(template="b.html", context={"photos": 2})
    with pytest.raises(ImproperlyConfigured):
        sections.page_context({}, [first, second])
    with pytest.raises(ImproperlyConfigured):
        sections.page_context({"photos": 0}, [first])
    assert sections.page_context({"person": 0}, [first]) == {"person": 0, "photos": 1}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_person_page_is_a_public_page_cached_and_read_from_a_replica(
    client, world, settings, django_assert_num_queries, language
):
    """Moving the page to people's namespace keeps it what it was under articles': cached for
    anonymous readers and read from a replica when there is one."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    with translation.override(language):
        url = world.secretary.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    caches["pages"].clear()
    request = RequestFactory().get(url)
    with translation.override(language):
        request.resolver_match = resolve(url)
    assert db_router.is_public_read(request)
