"""The seed with markup-shaped text written into the records a reader sees: an article's title,
lead and a paragraph, an official's name, a document's title, a statement and a photo caption.
Used by the escaping tests (tests/security/test_escaping.py,
tests/browser/test_escaping_browser.py) and,
with `feed_urls`, by the feed tests (tests/security/test_feeds_robust.py)."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from articles.models import Article, BodyBlock, Document, Photo
from people.models import Person

# Each piece tries a different way out: open a script, break out of an attribute into an element
# with an event handler, and close the <script> element that holds the page's JSON-LD.
PAYLOAD = '<script>alert(1)</script> "><img src=x onerror=alert(1)> </script><!--'
ESCAPED_PIECES = ["&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;"]


def plant(text: str) -> str:
    return f"{text} {PAYLOAD}"


def plant_hostile_text() -> dict[str, object]:
    """Write the payload into the seed's records and rebuild the search index; return them."""
    article = Article.objects.order_by("pk").first()
    statement = article.statements.order_by("order").first()
    person = statement.speaker
    document = Document.objects.filter(article_links__article=article).order_by("pk").first()
    photo = Photo.objects.filter(article=article).order_by("order").first()
    paragraph = BodyBlock.objects.filter(article=article, photo=None).order_by("order").last()
    for record, fields in [
        (article, ["title_vi", "title_en", "lead_vi", "lead_en"]),
        (statement, ["text_vi", "text_en"]),
        (document, ["title_vi", "title_en"]),
        (photo, ["caption_vi", "caption_en"]),
        (person, ["full_name"]),
    ]:
        for name in fields:
            setattr(record, name, plant(getattr(record, name)))
        record.save()
    for name in ("text_vi", "text_en"):
        setattr(paragraph, name, plant(getattr(paragraph, name)))
    paragraph.save()
    call_command("rebuild_search_index", stdout=StringIO())
    return {"article": article, "statement": statement, "person": person, "document": document}


def feed_urls(person: Person, document: Document) -> list[str]:
    """Every site feed in both languages: the latest articles, the official's and the
    document's, as RSS and as Atom."""
    urls = []
    for language in ("vi", "en"):
        with translation.override(language):
            urls += [reverse("articles:feed-rss"), reverse("articles:feed-atom")]
            for name, record in (("person", person), ("document", document)):
                for kind in ("rss", "atom"):
                    args = {"pk": record.pk, "slug": record.slug}
                    urls.append(reverse(f"articles:{name}-{kind}", kwargs=args))
    return urls
