"""Public pages. Views stay thin: querying lives in managers, querysets and search.py."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "articles/home.html")
