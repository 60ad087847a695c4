"""What a browser enforcing our Content Security Policy would refuse on a page, found by parsing
the served HTML: inline scripts without the response's nonce, inline event handlers, style
attributes and <style> elements (style-src has neither 'unsafe-inline' nor a nonce),
`javascript:` URLs, and resources from other origins (nothing comes from a CDN)."""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Script types a browser runs; anything else (application/ld+json) is a data block CSP ignores.
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data"}


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def csp_nonce(directives: dict[str, list[str]]) -> str | None:
    for source in directives.get("script-src", []):
        if match := re.fullmatch(r"'nonce-([^']+)'", source):
            return match.group(1)
    return None


@dataclass
class Script:
    attrs: dict[str, str]
    text: str = ""

    @property
    def executable(self) -> bool:
        return self.attrs.get("type", "").strip().lower() in EXECUTABLE_SCRIPT_TYPES


class PageAudit(HTMLParser):
    """Parse a page; `problems(nonce)` lists what CSP would block or what loads from elsewhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[Script] = []
        self.found: list[str] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self._open_script: Script | None = None

    @classmethod
    def of(cls, html: str) -> "PageAudit":
        audit = cls()
        audit.feed(html)
        audit.close()
        return audit

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        self.elements.append((tag, values))
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"inline event handler <{tag} {name}={value[:60]!r}>")
            if name == "style":
                self.found.append(f"style attribute <{tag} style={value[:60]!r}>")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL <{tag} {name}={value[:60]!r}>")
            loads_it = tag in ("script", "img", "iframe", "embed", "object", "source") or (
                tag == "link" and "stylesheet" in values.get("rel", "")
            )
            if name in ("src", "href") and loads_it and re.match(r"^\s*(https?:)?//", value):
                self.found.append(f"resource from another origin <{tag} {name}={value!r}>")
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script":
            self._open_script = Script(values)
            self.scripts.append(self._open_script)

    def handle_data(self, data: str) -> None:
        if self._open_script is not None:
            self._open_script.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open_script = None

    def problems(self, nonce: str | None) -> list[str]:
        problems = list(self.found)
        for script in self.scripts:
            inline = "src" not in script.attrs
            if script.executable and inline and (not nonce or script.attrs.get("nonce") != nonce):
                problems.append(f"inline <script> without the page's nonce: {script.text[:80]!r}")
        return problems

    def json_ld_blocks(self) -> list[str]:
        return [s.text for s in self.scripts if s.attrs.get("type") == "application/ld+json"]
