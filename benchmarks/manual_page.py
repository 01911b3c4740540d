"""Query count and page weight of a manual chapter page in Lao, for an anonymous reader.

Budgets (issue 3): at most 12 database queries whatever the manual's size; at most 120 KB
transferred on a first visit with an empty cache (HTML, stylesheets, fonts) and under
30 KB on a repeat visit (static files are cached for good: WhiteNoise serves them under
hashed names). Builds the demo manual, then a manual five times its size, inside a
transaction on the configured database and rolls everything back. The HTML is counted as
the production recipe serves it: through Django's GZipMiddleware, which
lms/settings/production.py installs (gzip level 6 with its BREACH padding). Exits with
status 1 when a budget is missed:

    DATABASE_URL=sqlite:////tmp/manual.sqlite3 .venv/bin/python benchmarks/manual_page.py
"""

import gzip
import os
import re
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
# The database in DATABASE_URL, else a scratch SQLite file (migrated below).
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/manual_page_benchmark.sqlite3")

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.middleware.gzip import GZipMiddleware  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from courses.demo import manual as demo_manual  # noqa: E402
from courses.models import ManualChapterPage, ManualPage, ManualSectionPage  # noqa: E402
from lms.demo import build_home_pages, ensure_locales, publish_page  # noqa: E402
from lms.models import HomePage  # noqa: E402

QUERY_BUDGET = 12
FIRST_VISIT_BUDGET = 120 * 1024
REPEAT_VISIT_BUDGET = 30 * 1024
EXTRA_CHAPTERS = 32  # grows the 8-chapter demo manual to 40 chapters
SECTIONS_PER_EXTRA_CHAPTER = 3


class Rollback(Exception):
    pass


def measure(client, url):
    """(queries, HTML bytes) of a request made after one warming request."""
    client.get(url, HTTP_HOST="localhost")  # warm per-process caches (content types, glossary)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200, (url, response.status_code)
    if os.environ.get("SHOW_SQL"):
        for query in queries.captured_queries:
            print("   ", query["sql"][:160])
    return len(queries), response.content


def served_bytes(html: bytes) -> int:
    """The page's size as production serves it: through GZipMiddleware, as in
    lms/settings/production.py, to a browser that accepts gzip."""
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    response = GZipMiddleware(lambda request: HttpResponse(html))(request)
    assert response.get("Content-Encoding") == "gzip"
    return len(response.content)


def static_assets(html: bytes) -> dict[str, int]:
    """Stylesheets the page links and every font they declare, with their sizes in bytes.

    Fonts are counted whole and all of them, although browsers fetch only the faces a page
    uses (unicode-range), so the figure is an upper bound.
    """
    sizes = {}
    for asset in re.findall(r'href="/static/([^"]+\.(?:css|woff2))"', html.decode()):
        path = Path(finders.find(asset))
        if asset.endswith(".css"):
            # WhiteNoise serves stylesheets compressed.
            sizes[asset] = len(gzip.compress(path.read_bytes()))
            for font in re.findall(r'url\("\.\./fonts/([^"]+)"\)', path.read_text()):
                font_asset = str(Path(asset).parent.parent / "fonts" / font)
                sizes[font_asset] = Path(finders.find(font_asset)).stat().st_size
        else:
            sizes[asset] = path.stat().st_size
    return sizes


def grow_manual(manual_en):
    """Add chapters (with sections) to the English manual, and their Lao translations."""
    lao_manual = ManualPage.objects.get(
        translation_key=manual_en.translation_key, locale__language_code="lo"
    )
    body = ManualChapterPage.objects.child_of(lao_manual).first().body.raw_data
    for n in range(EXTRA_CHAPTERS):
        chapter = ManualChapterPage(title=f"ບົດເພີ່ມ {n}", slug=f"extra-{n}", body=list(body))
        lao_manual.add_child(instance=chapter)
        publish_page(chapter)
        for s in range(SECTIONS_PER_EXTRA_CHAPTER):
            section = ManualSectionPage(title=f"ພາກ {n}.{s}", slug=f"s-{s}", body=list(body))
            chapter.add_child(instance=section)
            publish_page(section)


def main():
    call_command("migrate", verbosity=0)
    rows = []
    try:
        with transaction.atomic():
            ensure_locales()
            if not HomePage.objects.exists():
                build_home_pages()
            demo_manual.load()
            manual_en = ManualPage.objects.get(locale__language_code="en")
            lao_chapters = ManualChapterPage.objects.live().filter(locale__language_code="lo")
            third = lao_chapters.order_by("path")[2]
            section = ManualSectionPage.objects.live().filter(locale__language_code="lo").first()
            client = Client()
            for label in ("demo manual", "manual x5"):
                if label == "manual x5":
                    grow_manual(manual_en)
                chapters = lao_chapters.count()
                queries, html = measure(client, third.url)
                section_queries, _ = measure(client, section.url)
                rows.append((label, chapters, queries, section_queries, html))
            raise Rollback
    except Rollback:
        pass

    print(f"{'manual':<12} {'chapters':>8} {'chapter q':>10} {'section q':>10} {'HTML KB':>8}")
    for label, chapters, queries, section_queries, html in rows:
        print(
            f"{label:<12} {chapters:>8} {queries:>10} {section_queries:>10}"
            f" {len(html) / 1024:>8.1f}"
        )
    html = rows[0][4]
    html_gzip = served_bytes(html)
    assets = static_assets(html)
    print("\nFirst visit of a Lao chapter page, empty cache:")
    print(f"  {'HTML (gzip)':<44} {html_gzip / 1024:>6.1f} KB  ({len(html) / 1024:.1f} KB raw)")
    for asset, size in sorted(assets.items()):
        print(f"  {asset:<44} {size / 1024:>6.1f} KB")
    first_visit = html_gzip + sum(assets.values())
    # Without compression of the HTML, for a server that does not compress pages.
    first_visit_raw = len(html) + sum(assets.values())
    print(
        f"  {'total':<44} {first_visit / 1024:>6.1f} KB"
        f"  ({first_visit_raw / 1024:.1f} KB with uncompressed HTML; budget"
        f" {FIRST_VISIT_BUDGET // 1024} KB)"
    )
    print(
        f"Repeat visit (HTML only): {html_gzip / 1024:.1f} KB gzip,"
        f" {len(html) / 1024:.1f} KB raw (budget {REPEAT_VISIT_BUDGET // 1024} KB)"
    )
    worst_queries = max(max(row[2], row[3]) for row in rows)
    constant = len({(row[2], row[3]) for row in rows}) == 1
    print(
        f"Queries: max {worst_queries} (budget {QUERY_BUDGET}),"
        f" the same for both manual sizes: {constant}"
    )
    failures = []
    if worst_queries > QUERY_BUDGET or not constant:
        failures.append(f"queries {worst_queries}, constant {constant} (budget {QUERY_BUDGET})")
    if first_visit > FIRST_VISIT_BUDGET:
        failures.append(f"first visit {first_visit / 1024:.1f} KB (budget 120 KB)")
    if html_gzip > REPEAT_VISIT_BUDGET:
        failures.append(f"repeat visit {html_gzip / 1024:.1f} KB (budget 30 KB)")
    for failure in failures:
        print(f"MISSED: {failure}", file=sys.stderr)
    print("Within budget." if not failures else "OVER BUDGET.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
