"""The JSON API's articles endpoints (router.py), their schemas and the scopes its loaders read."""

from articles.api.router import load_article, load_document, load_meeting, router

__all__ = ["load_article", "load_document", "load_meeting", "router"]
