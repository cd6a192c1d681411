"""Crawl the site as one person: follow every same-site link a page shows, breadth-first from the
home page, and note what a person would trip over (a 5xx, a link that answers 403 or 404, English
left on a Thai page).

Links are grouped by page kind (the URL pattern, plus the names of the query's parameters); a few
of each kind are visited, so every kind a persona can reach is seen while the crawl stays quick.
"""

import re
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parent.parent / "thanrak"
# Not pages: files, the API and its documents, the admin (not part of the product's pages), and the
# language switch and logging out, which are forms. Media is served by the web server (deploy.md).
SKIP_PREFIXES = ("/static/", "/media/", "/api/", "/openrosa/", "/admin/", "/i18n/", "/logout")
HTML = "text/html"


@dataclass(frozen=True)
class Problem:
    persona: str
    kind: str  # "5xx", "403", "404", "link" (a malformed one), "english", "wide"
    page: str  # the page the problem was seen on, or the page that showed the link
    detail: str  # the link, or the English text

    def __str__(self) -> str:
        return f"{self.persona:<15} {self.kind:<8} on {self.page} → {self.detail}"


@dataclass
class Crawl:
    persona: str
    pages: dict[str, str] = field(default_factory=dict)  # url → page kind, of every page visited
    html: set[str] = field(default_factory=set)  # the visited urls that answered an HTML page
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    slowest: list[tuple[float, str]] = field(default_factory=list)


class _Page(HTMLParser):
    """The links of a page and the text a person reads on it."""

    # Not read as prose: scripts, and codes shown as codes (a file layout's column names).
    INVISIBLE = {"script", "style", "template", "noscript", "title", "code", "kbd", "samp", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.texts: list[str] = []
        self._hidden = 0
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag in self.INVISIBLE:
            self._hidden += 1
        for name in ("placeholder", "aria-label", "title", "alt"):
            if a.get(name):
                self.texts.append(a[name] or "")
        if tag == "input" and (a.get("type") in {"submit", "button"}) and a.get("value"):
            self.texts.append(a["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.INVISIBLE and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.texts.append(data)


def kind_of(url: str) -> str | None:
    """The page kind of a same-site URL: its route and the names of its query parameters."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    keys = sorted({k.lstrip("?") for k, _v in parse_qsl(parts.query, keep_blank_values=True)} - {"page"})
    return f"{match.route}?{'&'.join(keys)}" if keys else match.route


@cache
def english_msgids() -> frozenset[str]:
    """The English of every message the Thai catalogues translate into something else."""
    from tests.test_translations import parse_po

    found: set[str] = set()
    for po in ROOT.glob("**/locale/th/LC_MESSAGES/django.po"):
        for entry in parse_po(po.read_text(encoding="utf-8")):
            thai = entry.msgstr.get(0, "")
            if entry.msgid and thai and thai != entry.msgid and "fuzzy" not in entry.flags:
                found.add(_normal(entry.msgid))
    return frozenset(m for m in found if re.search(r"[A-Za-z]{3}", m))


def _normal(text: str) -> str:
    return " ".join(text.split())


def english_on(texts: Iterable[str]) -> list[str]:
    """Visible strings that are, word for word, English messages the catalogues translate."""
    known = english_msgids()
    return sorted({t for t in map(_normal, texts) if t in known})


def crawl(  # noqa: C901
    persona: str,
    client: Client,
    *,
    start: Iterable[str] = ("/",),
    per_kind: int = 2,
    budget: int = 400,
    sampled: dict[str, int] | None = None,
) -> Crawl:
    """Visit what `client` can reach from `start`, at most `per_kind` URLs of each page kind and
    `budget` pages in all, and note every problem on the way. Pass the same `sampled` to crawls
    that should share the count of pages of one row visited per kind (people of one role)."""
    result = Crawl(persona)
    began = time.monotonic()
    queue: deque[tuple[str, str]] = deque((url, "(start)") for url in start)
    seen: set[str] = set(start)
    own: dict[str, int] = {}
    # Pages of one row (a route with a parameter) are shared; each person walks their own menus
    # and lists, which show what is theirs (a fund, a shop) even when another had none.
    shared: dict[str, int] = sampled if sampled is not None else own
    while queue and len(result.pages) < budget:
        url, shown_on = queue.popleft()
        kind = kind_of(url)
        if kind is None:
            result.problems.append(Problem(persona, "404", shown_on, url))
            continue
        t0 = time.monotonic()
        response = client.get(url)
        result.slowest.append((time.monotonic() - t0, url))
        status = response.status_code
        if status >= 500:
            result.problems.append(Problem(persona, "5xx", shown_on, f"{url} ({status})"))
            continue
        if status in (403, 404):
            result.problems.append(Problem(persona, str(status), shown_on, url))
            continue
        if status in (301, 302, 303, 307, 308):
            target = urljoin(url, response["Location"])
            if _same_site(target) and target not in seen:
                seen.add(target)
                queue.appendleft((target, shown_on))
            continue
        result.pages[url] = kind
        if not response.get("Content-Type", "").startswith(HTML) or getattr(response, "streaming", False):
            continue
        result.html.add(url)
        page = _Page()
        page.feed(response.content.decode(response.charset or "utf-8", "replace"))
        for text in english_on(page.texts):
            result.problems.append(Problem(persona, "english", url, repr(text)))
        for href in page.links:
            if "??" in href:
                result.problems.append(Problem(persona, "link", url, href))
            link = _local(url, href)
            if link is None or link in seen:
                continue
            seen.add(link)
            link_kind = kind_of(link)
            if link_kind is None:
                result.problems.append(Problem(persona, "404", url, link))
                continue
            per = shared if "<" in link_kind else own
            if per.get(link_kind, 0) >= per_kind:
                continue
            per[link_kind] = per.get(link_kind, 0) + 1
            queue.append((link, url))
    result.seconds = time.monotonic() - began
    result.slowest = sorted(result.slowest, reverse=True)[:5]
    return result


def _same_site(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.netloc or parts.netloc == "testserver"


def _local(base: str, href: str) -> str | None:
    """The same-site path (with its query) that `href` on page `base` leads to, or None."""
    if href.startswith(("mailto:", "tel:", "javascript:", "#", "data:", "blob:")):
        return None
    url = urljoin(f"http://testserver{base}", href)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    if parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
