"""The article and its own rows (document links, photos, body, statements, reported targets),
and `Writer.run`: every record, in the order their links need."""

from articles.interchange.check import media_name
from articles.interchange.shape import ImportRefused
from articles.interchange.writer.rows import Row
from articles.interchange.writer.shared import SharedRecords
from articles.models import Article, ArticleDocument, BodyBlock, Photo, Statement, Target


class Writer(SharedRecords):
    """Writes one article file: `Writer(file, replace=…).run()`, then `tally` says what it did."""

    def existing_article(self) -> Article | None:
        existing = Article.objects.filter(slug_vi=self.file.article.slug.vi).first()
        if existing is not None and not self.replace:
            raise ImportRefused(
                [
                    f"article.slug.vi: an article with this slug exists (id {existing.pk}); "
                    "use --replace to update it"
                ]
            )
        return existing

    def run(self) -> Article:
        self.existing_article()  # refused before anything is written
        self.organizations()
        self.topics()
        self.people()
        self.documents()
        self.meetings()
        article = self.article()
        self.reset_sequences()
        return article

    def article(self) -> Article:
        file, article = self.file, self.file.article
        existing = self.existing_article()
        row = Row(Article, "article", article.id)
        for name in ("title", "slug", "lead", "source_name"):
            row.text(name, getattr(article, name))
        row.set("byline", article.byline)
        row.set("published_at", article.published_at)
        row.set("source_url", article.source_url)
        row.set("status", file.editorial.status, at="editorial.status")
        obj = self.put(row, existing, meeting=self.get("meetings", article.meeting_id))
        obj.topics.set([self.get("topics", topic.id) for topic in article.topics])
        self.document_links(obj)
        self.photos(obj)
        self.body(obj)
        self.statements(obj)
        self.reported_targets(obj)
        return obj

    def document_links(self, article: Article) -> None:
        orders = {
            e.document_id: (i, e.order) for i, e in enumerate(self.file.editorial.document_orders)
        }
        rows = []
        for i, document in enumerate(self.file.article.documents):
            row = Row(ArticleDocument, f"article.documents[{i}]")
            row.set("role", document.role)
            e, order = orders[document.id]
            row.set("order", order, at=f"editorial.document_orders[{e}].order")
            rows.append((row, {"article": article, "document": self.get("documents", document.id)}))
        rows.sort(key=lambda item: item[0].values["order"])
        self.replace_list(
            article.document_links.order_by("order", "id"),
            rows,
            lambda link: (link.document_id, link.role, link.order),
        )

    def photos(self, article: Article) -> None:
        rows = []
        for i, photo in enumerate(self.file.article.photos):
            row = Row(Photo, f"article.photos[{i}]", photo.id)
            row.set("order", photo.order)
            row.set("image", media_name(photo.image))
            row.set("is_placeholder", photo.is_placeholder)
            row.text("caption", photo.caption)
            row.text("alt_text", photo.alt, "alt")
            row.set("credit", photo.credit)
            rows.append((row, {"article": article}))
        saved = self.sync(article.photos.all(), rows, prune=True)
        for photo, obj in zip(self.file.article.photos, saved, strict=True):
            self.remember("photos", photo.id, obj)
            obj.people_shown.set([self.get("people", pk) for pk in photo.people_shown_ids])

    def body(self, article: Article) -> None:
        rows = []
        for i, block in enumerate(self.file.article.body):
            row = Row(BodyBlock, f"article.body[{i}]")
            row.set("order", block.order)
            row.set("kind", block.kind)
            if block.text is not None:
                row.text("text", block.text)
            else:  # a photo block: its text columns stay empty
                row.set("text_vi", "")
                row.set("text_en", "")
            rows.append((row, {"article": article, "photo": self.get("photos", block.photo_id)}))
        self.replace_list(
            article.blocks.order_by("order"),
            rows,
            # The API shows no text for a photo block, whatever its empty columns hold.
            lambda b: (
                (b.order, b.kind, b.photo_id)
                + ((b.text_vi, b.text_en) if b.kind != BodyBlock.Kind.PHOTO else ())
            ),
        )

    def statements(self, article: Article) -> None:
        rows = []
        for i, statement in enumerate(self.file.article.statements):
            row = Row(Statement, f"article.statements[{i}]", statement.id)
            row.set("order", statement.order)
            row.set("kind", statement.kind)
            row.text("attribution", statement.attribution)
            row.text("text", statement.text)
            links = {
                "article": article,
                "meeting": self.get("meetings", statement.meeting_id),
                "speaker": self.get("people", statement.speaker_id),
            }
            rows.append((row, links))
        saved = self.sync(article.statements.all(), rows, prune=True)
        for statement, obj in zip(self.file.article.statements, saved, strict=True):
            obj.documents.set([self.get("documents", pk) for pk in statement.document_ids])
            obj.targets.set([self.get("targets", pk) for pk in statement.target_ids])

    def reported_targets(self, article: Article) -> None:
        """`Target.article`: which targets this article reports (edited inline in the admin)."""
        wanted = {self.get("targets", pk) for pk in self.file.editorial.reported_target_ids}
        for target in Target.objects.filter(article=article).exclude(pk__in=[t.pk for t in wanted]):
            target.article = None
            target.save()
            self.count(Target, "updated")
        for target in wanted:
            # A target no article reports is free to claim (the article was deleted and comes
            # back); one another article reports changes only when this import may replace it.
            if target.article_id != article.pk and (
                target.article_id is None or self.writes(target)
            ):
                target.article = article
                target.save()
                if (Target, target.pk) not in self.new:  # else counted as created
                    self.count(Target, "updated")
