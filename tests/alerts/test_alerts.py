"""E-mail alerts (issue 17), run as a server runs them: every step commits, the digests go
through the real database task queue and the real worker command (`db_worker --batch`).

sign-up → confirmation → a matching article is published → `send_alerts` → worker → one
e-mail per subscriber, in the language they signed up in; nothing twice; a failed send retried
without loss or duplicate; one-click unsubscribe; the follow form says nothing about who
follows; the confirmation limits hold.
"""

import datetime as dt
import re
import time
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db.models import Max
from django.test import Client
from django.utils import timezone

from articles.alerts import delivery, finding
from articles.alerts.models import (
    Alert,
    AlertItem,
    ConfirmationSend,
    Digest,
    Sighting,
    Subscriber,
    Subscription,
)
from articles.models import Article
from articles.search import SearchEntry
from tests.builders import make_article, make_person, make_statement
from tests.page_audit import PageAudit, csp_nonce, parse_csp

as_a_server = pytest.mark.django_db(transaction=True)
SITE = "https://archive.example"


@pytest.fixture(autouse=True)
def alert_settings(settings):
    settings.SITE_URL = SITE
    settings.ALERTS_SEND_DELAY = 0
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    FailOnceBackend.failures_left = 0


class FailOnceBackend(EmailBackend):
    """The SMTP server refuses the next `failures_left` messages, then accepts."""

    failures_left = 0

    def send_messages(self, messages):
        if FailOnceBackend.failures_left > 0:
            FailOnceBackend.failures_left -= 1
            raise ConnectionRefusedError("SMTP server down")
        return super().send_messages(messages)


def run_worker() -> None:
    """The real worker command, one pass over the queue."""
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0.01")


def send_alerts() -> None:
    call_command("send_alerts")


def path_of(url: str) -> str:
    assert url.startswith(SITE), url
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def links_in(body: str) -> list[str]:
    return re.findall(rf"{re.escape(SITE)}/\S+", body)


def an_official_with_history():
    """An official already on the public site: an old published article where they speak."""
    person = make_person(full_name="Nguyễn Văn Cũ", slug="nguyen-van-cu")
    old = make_article(title_vi="Bài cũ về ngân sách", title_en="Old report on the budget")
    old_statement = make_statement(
        old, person, text_vi="Phát biểu cũ về đường sá", text_en="An old word on roads"
    )
    return person, old, old_statement


def follow(client: Client, lang: str, address: str, network: str = "10.0.0.1", **params):
    prefix = "/en" if lang == "en" else ""
    path = f"{prefix}/alerts/follow/" if lang == "en" else "/thong-bao/theo-doi/"
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.post(path, {"email": address, "search": query}, REMOTE_ADDR=network)


def confirm_from_mail(client: Client, message) -> str:
    """Open the mail's confirmation link (GET only asks), confirm; the manage page's path."""
    [link] = [u for u in links_in(message.body) if "/confirm/" in u or "/xac-nhan/" in u]
    confirmed = Subscription.objects.filter(confirmed_at__isnull=False).count()
    page = client.get(path_of(link))
    assert page.status_code == 200
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() == confirmed
    answer = client.post(path_of(link))
    assert answer.status_code == 200
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() == confirmed + 1
    return re.search(r'href="(/[^"]*/(?:manage|quan-ly)/[^"]+)"', answer.content.decode()).group(1)


def publish_report(person, **fields) -> Article:
    """An archived report entered today: its original date is years back, as most are."""
    defaults = {
        "title_vi": "Bài mới: Hội nghị chuyển đổi số",
        "title_en": "New report: the digital transformation conference",
        "published_at": timezone.make_aware(dt.datetime(2022, 6, 1, 9, 0)),
    }
    article = make_article(**{**defaults, **fields})
    make_statement(
        article,
        person,
        text_vi="Phải hoàn thành hạ tầng số trước năm 2025",
        text_en="The digital infrastructure must be finished before 2025",
    )
    return article


@as_a_server
def test_sign_up_confirm_publish_send_once_in_each_language():
    person, old, _ = an_official_with_history()
    client = Client()
    assert follow(client, "en", "Reader@Example.ORG", person=person.pk).status_code == 302
    assert follow(client, "vi", " ban.doc@Example.vn ", person=person.pk).status_code == 302
    # One shared alert for both; addresses stored normalised (domain lower case, no spaces).
    assert Alert.objects.count() == 1
    assert set(Subscriber.objects.values_list("email", "language")) == {
        ("Reader@example.org", "en"),
        ("ban.doc@example.vn", "vi"),
    }
    english_mail, vietnamese_mail = mail.outbox
    assert "Confirm" in english_mail.subject and "/en/alerts/confirm/" in english_mail.body
    assert "Xác nhận" in vietnamese_mail.subject
    # Nothing is sent before confirmation, and what was published before it is not news.
    publish_report(person, title_vi="Bài trước xác nhận", title_en="Report before confirming")
    send_alerts()
    run_worker()
    assert len(mail.outbox) == 2 and not Digest.objects.exists()

    confirm_from_mail(client, english_mail)
    confirm_from_mail(client, vietnamese_mail)
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() == 2
    mail.outbox.clear()

    # An edit to the old, already public report re-indexes it: not news.
    old.lead_en = "Edited lead"
    old.save()
    new = publish_report(person)
    send_alerts()
    assert len(mail.outbox) == 0  # enqueued, not sent: the worker sends
    run_worker()

    assert len(mail.outbox) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    english, vietnamese = by_address["Reader@example.org"], by_address["ban.doc@example.vn"]
    assert "new item" in english.subject
    assert "The digital infrastructure must be finished before 2025" in english.body
    assert "Speaker: Nguyễn Văn Cũ" in english.body
    assert "New report: the digital transformation conference" in english.body
    assert f"{SITE}/en/articles/{new.pk}-" in english.body
    assert "An old word on roads" not in english.body and "Old report" not in english.body
    assert "Report before confirming" not in english.body
    assert "Phải hoàn thành hạ tầng số trước năm 2025" in vietnamese.body
    assert f"{SITE}/bai-viet/{new.pk}-" in vietnamese.body
    assert "/en/" not in vietnamese.body
    assert "mục mới" in vietnamese.subject
    # The "more" link is the alert's search, newest first, in the reader's language.
    assert f"{SITE}/en/search/?person={person.pk}&sort=newest" in english.body
    assert f"{SITE}/tim-kiem/?person={person.pk}&sort=newest" in vietnamese.body
    # The HTML part escapes and links the same items.
    html, mime = english.alternatives[0]
    assert mime == "text/html" and f"{SITE}/en/articles/{new.pk}-" in html
    assert '<html lang="en">' in html and '<html lang="vi">' in vietnamese.alternatives[0][0]

    # A second run has nothing new: nothing is sent.
    send_alerts()
    run_worker()
    assert len(mail.outbox) == 2


@as_a_server
def test_a_failed_send_is_retried_once_and_nothing_is_lost_or_doubled(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.alerts.test_alerts.FailOnceBackend"}}
    person, _, _ = an_official_with_history()
    client = Client()
    follow(client, "en", "reader@example.org", person=person.pk)
    confirm_from_mail(client, mail.outbox[0])
    mail.outbox.clear()
    publish_report(person)

    # Killed between finding and making digests: the items wait, nothing is lost.
    assert finding.find_items() == 2  # the article and its statement
    assert not Digest.objects.exists()
    # The SMTP server refuses the first attempt: the task fails, the digest stays unsent.
    FailOnceBackend.failures_left = 1
    send_alerts()
    run_worker()
    assert mail.outbox == []
    digest = Digest.objects.get()
    assert digest.sent_at is None and digest.items.count() == 2
    subscriber = Subscriber.objects.get()
    assert subscriber.failures == 1 and "SMTP server down" in subscriber.last_failure

    # The next run enqueues it again; the worker sends it, once.
    send_alerts()
    run_worker()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count("The digital infrastructure must be finished") == 1
    assert Subscriber.objects.get().failures == 0

    # Enqueued twice (a retry racing a slow worker): still one e-mail.
    delivery.send_digest.enqueue(digest.pk)
    send_alerts()
    run_worker()
    assert len(mail.outbox) == 1
    assert Digest.objects.filter(sent_at__isnull=False).count() == 1


@as_a_server
def test_a_subscriber_whose_mail_keeps_failing_is_stopped(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.alerts.test_alerts.FailOnceBackend"}}
    settings.ALERTS_MAX_FAILURES = 2
    person, _, _ = an_official_with_history()
    client = Client()
    follow(client, "en", "bounces@example.org", person=person.pk)
    confirm_from_mail(client, mail.outbox[0])
    mail.outbox.clear()
    publish_report(person)
    FailOnceBackend.failures_left = 10
    for _ in range(4):
        send_alerts()
        run_worker()
    subscriber = Subscriber.objects.get()
    assert subscriber.failures == 2 and subscriber.disabled_at is not None
    assert Digest.objects.get().attempts == 2  # not retried once stopped
    assert mail.outbox == []


@as_a_server
def test_one_click_unsubscribe_from_the_header_deletes_everything():
    person, _, _ = an_official_with_history()
    client = Client()
    follow(client, "en", "reader@example.org", person=person.pk)
    confirm_from_mail(client, mail.outbox[0])
    mail.outbox.clear()
    publish_report(person)
    send_alerts()
    run_worker()
    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.fullmatch(r"<(.+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    # The manage page's link is in the body too, and it lists the alert.
    [manage] = [u for u in links_in(message.body) if "/alerts/manage/" in u]
    assert "Nguyễn Văn Cũ" in client.get(path_of(manage)).content.decode()

    # A mail provider POSTs with no cookie and no CSRF token (RFC 8058).
    provider = Client(enforce_csrf_checks=True)
    page = provider.get(path_of(link))  # GET only asks
    assert page.status_code == 200 and Subscriber.objects.count() == 1
    answer = provider.post(path_of(link), {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert "unsubscribed" in answer.content.decode()
    assert not Subscriber.objects.exists()
    assert not Subscription.objects.exists()
    assert not AlertItem.objects.exists() and not Digest.objects.exists()
    # Old links now open nothing; a repeat POST still answers calmly.
    assert client.get(path_of(manage)).status_code == 400
    assert provider.post(path_of(link)).status_code == 200
    # A forged token is refused.
    assert (
        provider.post(path_of(link).replace("/unsubscribe/", "/unsubscribe/x")).status_code == 400
    )


@as_a_server
def test_the_manage_page_edits_and_removes_alerts():
    person, _, _ = an_official_with_history()
    client = Client()
    follow(client, "en", "reader@example.org", person=person.pk)
    manage = confirm_from_mail(client, mail.outbox[0])
    subscription = Subscription.objects.get()
    edited = client.post(
        manage, {"action": "edit", "subscription": subscription.pk, "q": "ngân sách"}
    )
    assert "The alert was changed." in edited.content.decode()
    alert = Subscription.objects.get().alert
    assert alert.q == "ngân sách" and alert.person_ids == [person.pk]
    assert Subscription.objects.get().confirmed_at is not None
    removed = client.post(manage, {"action": "remove", "subscription": subscription.pk})
    assert "The alert was removed." in removed.content.decode()
    assert not Subscription.objects.exists()
    bad = client.post(manage, {"action": "remove", "subscription": "99999999999999999999"})
    assert bad.status_code == 200


@as_a_server
def test_the_follow_form_answers_the_same_for_new_pending_and_confirmed_addresses():
    person, _, _ = an_official_with_history()
    client = Client()
    follow(client, "en", "confirmed@example.org", person=person.pk)
    confirm_from_mail(client, mail.outbox[0])
    follow(client, "en", "pending@example.org", person=person.pk)
    mail.outbox.clear()

    answers = [
        follow(Client(), "en", address, network=f"10.0.1.{i}", person=person.pk)
        for i, address in enumerate(
            ["new@example.org", "pending@example.org", "confirmed@example.org"]
        )
    ]
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, "/en/alerts/follow/sent/")}
    pages = {Client().get(a["Location"]).content for a in answers}
    assert len(pages) == 1
    # Each address got its own mail; only the owner reads which one.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "confirmed@example.org",
        "new@example.org",
        "pending@example.org",
    ]
    assert (
        "You already follow" in next(m for m in mail.outbox if m.to[0].startswith("conf")).subject
    )


@as_a_server
def test_confirmation_mails_are_limited_per_address_and_per_network(settings):
    settings.ALERTS_CONFIRMATIONS_PER_ADDRESS = 3
    settings.ALERTS_CONFIRMATIONS_PER_IP = 5
    person, _, _ = an_official_with_history()
    # Per address: the 4th sign-up in a day answers the same and mails nothing.
    answers = [
        follow(Client(), "en", "target@example.org", network=f"10.0.2.{i}", person=person.pk)
        for i in range(5)
    ]
    assert {a.status_code for a in answers} == {302}
    assert len(mail.outbox) == 3
    # Per network address (counted in the database, so across server processes).
    mail.outbox.clear()
    statuses = [
        follow(
            Client(), "en", f"r{i}@example.org", network="10.9.9.9", person=person.pk
        ).status_code
        for i in range(7)
    ]
    assert statuses == [302] * 5 + [429] * 2
    assert len(mail.outbox) == 5
    assert (
        follow(
            Client(), "en", "other@example.org", network="10.9.9.10", person=person.pk
        ).status_code
        == 302
    )
    # What is counted is keyed hashes, not addresses.
    assert not ConfirmationSend.objects.filter(address_hash__contains="@").exists()


@as_a_server
def test_bad_input_gets_a_clear_answer():
    person, _, _ = an_official_with_history()
    client = Client()
    bad = follow(client, "en", "not an address", person=person.pk)
    assert bad.status_code == 400 and "Enter a valid e-mail address." in bad.content.decode()
    nothing = client.post("/en/alerts/follow/", {"email": "a@example.org", "search": ""})
    assert nothing.status_code == 400 and "Choose what to follow first" in nothing.content.decode()
    assert client.get("/en/alerts/confirm/garbage/").status_code == 400
    assert client.post("/en/alerts/confirm/garbage/").status_code == 400
    assert client.get("/en/alerts/manage/garbage/").status_code == 400
    assert not Subscriber.objects.exists() and mail.outbox == []


@as_a_server
def test_an_expired_confirmation_link_confirms_nothing(settings):
    person, _, _ = an_official_with_history()
    client = Client()
    follow(client, "en", "late@example.org", person=person.pk)
    settings.ALERTS_CONFIRM_MAX_AGE = dt.timedelta(seconds=-1)
    [link] = [u for u in links_in(mail.outbox[0].body) if "/confirm/" in u]
    assert client.post(path_of(link)).status_code == 400
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()


@as_a_server
def test_follow_links_on_person_and_search_pages_open_the_form():
    person, _, _ = an_official_with_history()
    client = Client()
    page = client.get(person.get_absolute_url()).content.decode()
    assert f'href="/thong-bao/theo-doi/?person={person.pk}"' in page
    form = client.get(f"/thong-bao/theo-doi/?person={person.pk}")
    assert form.status_code == 200 and "Nguyễn Văn Cũ" in form.content.decode()
    results = client.get("/en/search/?q=roads").content.decode()
    assert 'href="/en/alerts/follow/?q=roads"' in results
    assert not Alert.objects.exists()  # looking at the form records nothing


@as_a_server
def test_alerts_pages_need_nothing_csp_forbids_and_the_mail_escapes_record_text():
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    person, _, _ = an_official_with_history()
    client = Client()
    form = client.get(f"/en/alerts/follow/?person={person.pk}&q={hostile}")
    follow(client, "en", "reader@example.org", person=person.pk)
    confirm_link = path_of(next(u for u in links_in(mail.outbox[0].body) if "/confirm/" in u))
    confirm_page = client.get(confirm_link)
    manage = confirm_from_mail(client, mail.outbox[0])
    mail.outbox.clear()
    publish_report(person, title_en=f"Report {hostile}")
    send_alerts()
    run_worker()
    [message] = mail.outbox
    unsubscribe = path_of(re.fullmatch(r"<(.+)>", message.extra_headers["List-Unsubscribe"])[1])
    pages = [form, confirm_page, client.get(manage), client.get(unsubscribe)]
    pages += [client.get("/en/alerts/follow/sent/"), client.get("/en/alerts/manage/x/")]
    for response in pages:
        csp = response.headers["Content-Security-Policy"]
        audit = PageAudit.of(response.content.decode())
        assert audit.problems(csp_nonce(parse_csp(csp))) == [], response.request["PATH_INFO"]
        assert "<script>alert(1)" not in response.content.decode()
        assert "no-store" in response.headers["Cache-Control"]
    # Text part: the text as written; HTML part: escaped, never markup.
    assert f"Report {hostile}" in message.body
    html = message.alternatives[0][0]
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "Report &lt;script&gt;alert(1)&lt;/script&gt;" in html


@as_a_server
def test_a_mail_server_down_at_sign_up_is_no_server_error(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.alerts.test_alerts.FailOnceBackend"}}
    person, _, _ = an_official_with_history()
    FailOnceBackend.failures_left = 1
    answer = follow(Client(), "en", "reader@example.org", person=person.pk)
    assert answer.status_code == 302 and answer["Location"] == "/en/alerts/follow/sent/"
    assert mail.outbox == []
    # Trying again later works.
    follow(Client(), "en", "reader@example.org", person=person.pk)
    assert len(mail.outbox) == 1


@as_a_server
def test_a_worker_killed_mid_send_leaves_the_digest_to_the_next_run(settings):
    from django_tasks_db.models import DBTaskResult

    person, _, _ = an_official_with_history()
    client = Client()
    follow(client, "en", "reader@example.org", person=person.pk)
    confirm_from_mail(client, mail.outbox[0])
    mail.outbox.clear()
    publish_report(person)
    send_alerts()
    # A worker claims the task and dies before sending: the task stays RUNNING for ever.
    digest = Digest.objects.get()
    DBTaskResult.objects.get(id=digest.task_id).claim("killed-worker")
    send_alerts()
    run_worker()
    assert mail.outbox == []  # not stale yet: it may still be running somewhere
    settings.ALERTS_STALE_AFTER = dt.timedelta(seconds=0)
    send_alerts()
    run_worker()
    assert len(mail.outbox) == 1
    assert Digest.objects.get().attempts == 2
    send_alerts()
    run_worker()
    assert len(mail.outbox) == 1


@as_a_server
def test_following_an_official_with_a_long_history_stores_a_few_rows():
    """Making an alert costs the same whatever its search already matches: no row per past
    match (the alert keeps a mark instead), and still none of the past is mailed."""
    person = make_person(full_name="Nguyễn Văn Cũ", slug="nguyen-van-cu")
    for n in range(40):
        old = make_article(title_vi=f"Bài cũ {n}", title_en=f"Old report {n}")
        make_statement(old, person, text_vi=f"Phát biểu cũ {n}", text_en=f"Old word {n}")
    alerts_app = django_apps.get_app_config("alerts")

    def alert_rows() -> int:
        return sum(model.objects.count() for model in alerts_app.get_models())

    before = alert_rows()
    client = Client()
    follow(client, "en", "reader@example.org", person=person.pk)
    # The alert, the subscriber, the subscription and the confirmation mail's count: 4 rows,
    # not 4 + the 80 entries the official's search finds.
    assert alert_rows() - before == 4
    confirm_from_mail(client, mail.outbox[0])
    mail.outbox.clear()
    publish_report(person)
    send_alerts()
    run_worker()
    [message] = mail.outbox
    assert "The digital infrastructure must be finished before 2025" in message.body
    assert "Old word" not in message.body and "Old report" not in message.body


def a_confirmed_reader(*people) -> None:
    """reader@example.org follows each of `people`, confirmed; the mailbox emptied."""
    client = Client()
    for person in people:
        follow(client, "en", "reader@example.org", person=person.pk)
        confirm_from_mail(client, mail.outbox[-1])
    mail.outbox.clear()


@as_a_server
def test_what_becomes_public_late_is_sent_when_readers_can_see_it_and_only_once():
    person, _, _ = an_official_with_history()
    a_confirmed_reader(person)
    # A draft, and a report scheduled a few seconds ahead: readers see neither yet.
    draft = publish_report(person, published=False, title_en="Draft made public later")
    soon = timezone.now() + dt.timedelta(seconds=3)
    publish_report(person, title_en="Scheduled report", published_at=soon)
    send_alerts()
    run_worker()
    assert mail.outbox == []
    # The draft is published (its publication date years back), the scheduled time comes.
    draft.status = Article.Status.PUBLISHED
    draft.save()
    while timezone.now() <= soon:
        time.sleep(0.2)
    send_alerts()
    run_worker()
    [message] = mail.outbox
    assert "Draft made public later" in message.body and "Scheduled report" in message.body

    # Indexed before that run read the index but committed after it: the next run sends it.
    last_run = Sighting.objects.aggregate(last=Max("seen_at"))["last"]
    late = publish_report(person, title_en="Late committed report")
    SearchEntry.objects.filter(kind="article", object_id=late.pk).update(
        indexed_at=last_run - dt.timedelta(milliseconds=1)
    )
    send_alerts()
    run_worker()
    assert len(mail.outbox) == 2 and "Late committed report" in mail.outbox[1].body
    assert "Scheduled report" not in mail.outbox[1].body

    # Unpublished and published again, or edited: seen before, not news.
    draft.status = Article.Status.DRAFT
    draft.save()
    send_alerts()
    draft.status = Article.Status.PUBLISHED
    draft.title_en = "Draft made public later, edited"
    draft.save()
    send_alerts()
    run_worker()
    assert len(mail.outbox) == 2


@as_a_server
def test_a_run_stopped_half_way_misses_nothing_and_doubles_nothing(monkeypatch):
    first = make_person(full_name="Trần Thị Một", slug="tran-thi-mot")
    second = make_person(full_name="Lê Văn Hai", slug="le-van-hai")
    for person in (first, second):  # on the public site already
        make_statement(make_article(), person)
    a_confirmed_reader(first, second)
    publish_report(first, title_en="First official's report")
    publish_report(second, title_en="Second official's report")
    matching = finding.matching
    calls = []

    def killed_on_the_second_alert(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("killed")
        return matching(*args, **kwargs)

    monkeypatch.setattr(finding, "matching", killed_on_the_second_alert)
    with pytest.raises(RuntimeError):
        send_alerts()
    assert AlertItem.objects.count() == 2  # the first alert's article and statement
    monkeypatch.setattr(finding, "matching", matching)
    send_alerts()
    run_worker()
    [message] = mail.outbox
    assert message.body.count("First official's report") == 1
    assert message.body.count("Second official's report") == 1
    send_alerts()
    run_worker()
    assert len(mail.outbox) == 1
