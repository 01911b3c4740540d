"""The net: every role follows every link it can reach, in both languages.

From the home page (and, for admin users, the admin menu) each role follows same-site links
breadth-first with GET only, skipping anything that changes data or downloads a file. A
crawl fails on any server error, on any link to a page that does not exist, and on any page
under /lo/ that shows an English interface string (the project's, Django's or Wagtail's
messages: names, quotations and text marked ``lang="en"`` excepted).
"""

import io
import re
from collections import deque
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urldefrag, urlsplit

import django
import polib
import pytest
import wagtail
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client

# Enough to reach every kind of page of the demo site; a bound keeps the crawl finite.
MAX_PAGES = 220
# Paths that act, download or sign out: never followed by a crawler that only looks.
SKIPPED = re.compile(
    r"(logout|/delete/|/unpublish/|/revert/|/lock/|/unlock/|/approve|/reject|/cancel"
    r"|/confirm/|/revisions/\d+/|/workflow/|/pdf/|\.pdf$|/zip/|/export|/download"
    r"|/documents/\d+/|/sheet/|/paper/|^/static/|^/media/|/preview/|/history/|^/admin/bulk/)"
)
SKIPPED_QUERY_KEYS = {"export", "format", "next"}
ROLES = {
    # role: (username or None, starting paths)
    "anonymous": (None, ["/lo/", "/en/"]),
    "learner (Lao)": ("learner", ["/lo/"]),
    "learner (English)": ("learner_en", ["/en/"]),
    "trainer": ("trainer", ["/lo/", "/en/", "/admin/"]),
    "programme staff": ("staff", ["/lo/", "/en/", "/admin/"]),
    "administrator": ("admin", ["/lo/", "/en/", "/admin/"]),
}


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo content, rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def _msgids(po_file: Path) -> set[str]:
    return {entry.msgid for entry in polib.pofile(str(po_file)) if entry.msgid}


@cache
def interface_strings() -> frozenset[str]:
    """English interface strings a Lao page must not show: the catalogue's, Django's and
    Wagtail's messages with at least two words (single words are too often names)."""
    files = [Path(settings.BASE_DIR) / "locale" / "lo" / "LC_MESSAGES" / "django.po"]
    for package in (django, wagtail):
        files += Path(package.__file__).parent.glob("**/locale/fr/LC_MESSAGES/django.po")
    strings = set()
    for po_file in files:
        for msgid in _msgids(po_file):
            if msgid.startswith(("e.g.", "For example")):
                continue  # Examples of content (a name, a topic), not interface text.
            # Placeholders and markup split a message into the fragments a page shows.
            for fragment in re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>|[.:;!?]\s", msgid):
                text = " ".join(fragment.split()).strip(" ,.:;!?()")
                if len(text.split()) >= 2 and re.fullmatch(r"[A-Za-z][A-Za-z ,'’-]+", text):
                    strings.add(text)
    return frozenset(strings)


def visible_text(soup: BeautifulSoup) -> str:
    """The page's interface text: scripts, styles, English quotations and names left out."""
    for tag in soup(["script", "style", "noscript", "template", "code", "blockquote"]):
        tag.decompose()
    for tag in soup.select('[lang="en"], [translate="no"], .name, .lang-en'):
        tag.decompose()
    text = " ".join(soup.stripped_strings)
    for tag in soup.select("[placeholder], [title], [aria-label], [alt]"):
        for attribute in ("placeholder", "title", "aria-label", "alt"):
            text += " " + tag.get(attribute, "")
    return " ".join(text.split())


def english_on_lao_page(soup: BeautifulSoup) -> list[str]:
    text = visible_text(soup)
    return sorted(
        string
        for string in interface_strings()
        if re.search(r"(?<![A-Za-z])" + re.escape(string) + r"(?![A-Za-z])", text)
    )


def _key(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted({key for key, _value in parse_qsl(parts.query)})
    return parts.path + ("?" + "&".join(keys) if keys else "")


def _followable(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return False
    if SKIPPED.search(parts.path):
        return False
    return not SKIPPED_QUERY_KEYS & {key for key, _value in parse_qsl(parts.query)}


def crawl(client: Client, starts: list[str]) -> tuple[dict, list[str]]:
    """(pages visited: url -> status, problems found)."""
    queue = deque((start, "start") for start in starts)
    seen = {_key(start) for start in starts}
    visited, problems = {}, []
    while queue and len(visited) < MAX_PAGES:
        url, referrer = queue.popleft()
        response = client.get(url)
        visited[url] = response.status_code
        if response.status_code >= 500:
            problems.append(f"{response.status_code} {url} (linked from {referrer})")
            continue
        if response.status_code == 404 and referrer != "start":
            problems.append(f"404 {url} (linked from {referrer})")
            continue
        links = []
        if response.status_code in (301, 302, 303, 307, 308):
            links = [response["Location"]]
        elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
            soup = BeautifulSoup(response.content, "html.parser")
            links = [a["href"] for a in soup.find_all("a", href=True)]
            lao = urlsplit(url).path.startswith("/lo/")
            if lao and (english := english_on_lao_page(soup)):
                problems.append(f"English on {url}: {english}")
        for link in links:
            link = urldefrag(link)[0]
            if link and _followable(link) and _key(link) not in seen:
                seen.add(_key(link))
                queue.append((link, url))
    return visited, problems


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_reachable_page_answers_in_the_visitors_language(demo_site, role):
    username, starts = ROLES[role]
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    visited, problems = crawl(client, starts)
    assert len(visited) > 10, visited
    print(role, len(visited), "pages")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_right_after_set_up_every_lao_translation_is_up_to_date(demo_site):
    from courses.manual.translation_status import TranslationStatus, pages_with_translation_status

    statuses = {page.url_path: page.translation_status for page in pages_with_translation_status()}
    assert len(statuses) >= 25
    assert {
        path for path, status in statuses.items() if status != TranslationStatus.CURRENT
    } == set()
