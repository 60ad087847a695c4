from django.utils import translation


def test_scratch(client, world):
    objs = [world.article, world.secretary, world.standing_committee, world.resolution, world.meeting, world.infrastructure]
    for lang in ["vi", "en"]:
        with translation.override(lang):
            urls = ["/" if lang == "vi" else "/en/"] + [o.get_absolute_url() for o in objs]
            from django.urls import reverse
            urls += [reverse("articles:targets"), reverse("articles:feed-rss"), reverse("articles:person-atom", kwargs={"pk": world.secretary.pk, "slug": world.secretary.slug})]
        for url in urls:
            r = client.get(url)
            print(url, r.status_code)
            open("/tmp/scratch/" + url.replace("/", "_") + ".html", "wb").write(r.content)
    for url in ["/sitemap.xml", "/robots.txt", "/nope/", "/en/nope/"]:
        r = client.get(url)
        print(url, r.status_code)
        open("/tmp/scratch/" + url.replace("/", "_") + ".html", "wb").write(r.content)
