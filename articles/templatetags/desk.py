"""The desk on the admin home page (templates/admin/index.html); see articles/desk.py."""

from django import template

from articles.desk import desk_sections

register = template.Library()


@register.inclusion_tag("admin/articles/desk.html", takes_context=True)
def desk(context: template.Context) -> dict:
    user = context["request"].user
    return {"sections": desk_sections() if user.has_perm("articles.view_article") else []}
