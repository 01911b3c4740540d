"""How much of the admin a Lao trainer reads in Lao: the share of interface strings in Lao
on the admin screens trainers use, with the English ones left listed.

    .venv/bin/python benchmarks/admin_lao.py                 # scratch SQLite database
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/admin_lao.py
    .venv/bin/python benchmarks/admin_lao.py --url http://127.0.0.1:8000   # `make run`'s site

Without --url it migrates a scratch database (DATABASE_URL, else a new SQLite file),
loads the demo content and starts a server of its own. It signs in as the Lao demo
trainer in headless Chromium, opens each screen, waits for its JavaScript, and reads
every visible text and every title, placeholder and label. Text that is content (page,
image, document, event and person names, usernames, e-mail addresses, numbers, dates,
file types) is left out; the rest is the interface: Lao when it has Lao letters and no
English word, English otherwise (a half-and-half "Choose ໂຄງການ" counts as English).
Budget (issue 14): at least 95 % Lao. Exits non-zero when missed.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

BUDGET = 0.95
TRAINER = "trainer"
LAO = re.compile(r"[\u0e80-\u0eff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
# Latin words that are the same in a Lao interface: names, codes and file types.
NOT_ENGLISH = {
    "PDF",
    "XLSX",
    "CSV",
    "URL",
    "HTML",
    "ID",
    "ZIP",
    "JPG",
    "JPEG",
    "PNG",
    "GIF",
    "SVG",
    "WEBP",
    "AVIF",
    "DOCX",
    "ODT",
    "TXT",
    "PPTX",
    "RTF",
    "KEY",
    "MB",
    "KB",
    "GB",
    "px",
    "Wagtail",
    "CHARJ",
    "IOM",
    "Gravatar",
    "Django",
    "SMS",
    "OK",
    "am",
    "pm",
    "AM",
    "PM",
    "FY",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "lo",
    "en",
    "English",
    "http",
    "https",
    "www",
}
# What the page's script collects: visible text nodes, and the attributes a reader meets.
COLLECT_STRINGS = """() => {
  const out = [];
  const visible = (el) => !!(el
    && (el.offsetWidth || el.offsetHeight || el.getClientRects().length)
    && getComputedStyle(el).visibility !== 'hidden');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    const skipped = ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA'];
    if (!parent || skipped.includes(parent.tagName)) continue;
    // What an editor typed into the rich-text editor is content, not interface.
    if (parent.closest('[contenteditable]')) continue;
    if (!visible(parent)) continue;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (text) out.push(text);
  }
  const labelled = '[placeholder], [title], [aria-label], input[type=submit][value]';
  for (const el of document.querySelectorAll(labelled)) {
    if (!visible(el) && !el.matches('[aria-label]')) continue;
    for (const name of ['placeholder', 'title', 'aria-label']) {
      const value = (el.getAttribute(name) || '').trim();
      if (value) out.push(value);
    }
    if (el.matches('input[type=submit]')) out.push(el.value.trim());
  }
  return out;
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def content_strings() -> set[str]:
    """Names the database holds, which the admin shows as they are, in either language."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from wagtail.models import Collection, Page

    values = set()
    values.update(Page.objects.values_list("title", flat=True))
    values.update(Collection.objects.values_list("name", flat=True))
    for user in get_user_model().objects.all():
        values.update([user.username, user.email, user.get_full_name(), user.first_name])
    for label, field_names in CONTENT_FIELDS.items():
        model = apps.get_model(label)
        for row in model.objects.values_list(*field_names):
            values.update(str(value) for value in row if value)
        values.update(str(row) for row in model.objects.all()[:2000])
    return {value.strip() for value in values if value and value.strip()}


CONTENT_FIELDS = {
    "wagtailimages.Image": ["title"],
    "wagtaildocs.Document": ["title"],
    "courses.GlossaryTerm": ["term_en", "term_lo", "definition_en", "definition_lo"],
    "courses.TrainingEvent": ["title_en", "title_lo"],
    "courses.Programme": ["name_en", "name_lo"],
    "lms.Person": ["name_lo", "name_latin"],
    "lms.Province": ["name_en", "name_lo"],
    "lms.Sector": ["name_en", "name_lo"],
    "lms.Organisation": ["name_en", "name_lo"],
    "assessments.Quiz": ["title_en", "title_lo"],
}


def without_content(text: str, content: set[str]) -> str:
    """``text`` with the content it quotes taken out, longest names first."""
    if text in content:
        return ""
    for value in sorted((v for v in content if len(v) > 3 and v in text), key=len, reverse=True):
        text = text.replace(value, " ")
    return text


def classify(text: str, content: set[str]) -> str | None:
    """'lo', 'en', or None for a string that is not interface text."""
    text = without_content(text, content)
    text = re.sub(r"\S+@\S+|https?://\S+|/\S*|\b\d[\d.,:/\-]*\b", " ", text)
    words = [w for w in ENGLISH_WORD.findall(text) if w not in NOT_ENGLISH]
    if words:
        return "en"
    return "lo" if LAO.search(text) else None


def screens() -> list[tuple[str, str]]:
    """(name, path) of the screens measured, found from the demo content. Choosers open
    in a modal: their paths answer with the modal's HTML inside JSON."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from wagtail.models import Page

    from courses.models import GlossaryTerm, LessonPage

    trainer = get_user_model().objects.get(username=TRAINER)
    # A Lao lesson of a course the trainer may edit (their own sector's).
    editable = next(
        page
        for page in LessonPage.objects.filter(locale__language_code="lo")
        if page.permissions_for_user(trainer).can_edit()
    )
    root = Page.objects.filter(depth=2, locale__language_code="lo").first()
    term = GlossaryTerm.objects.first()
    return [
        ("dashboard", "/admin/"),
        ("page explorer", f"/admin/pages/{editable.get_parent().pk}/"),
        ("page editor", f"/admin/pages/{editable.pk}/edit/"),
        ("page history", f"/admin/pages/{editable.pk}/history/"),
        ("page search", "/admin/pages/search/?q=%E0%BA%84%E0%BA%B0%E0%BA%94%E0%BA%B5"),
        ("images", "/admin/images/"),
        ("image chooser", "/admin/images/chooser/"),
        ("documents", "/admin/documents/"),
        ("snippet listing (glossary)", "/admin/snippets/courses/glossaryterm/"),
        ("snippet editor (glossary term)", f"/admin/snippets/courses/glossaryterm/edit/{term.pk}/"),
        ("page chooser", f"/admin/choose-page/{root.pk}/"),
        ("workshops (the project's)", reverse("wagtailsnippets_courses_trainingevent:list")),
        ("quizzes (the project's)", reverse("wagtailsnippets_assessments_quiz:list")),
        ("account settings", "/admin/account/"),
    ]


def measure(base: str) -> int:
    from playwright.sync_api import sync_playwright

    from lms.demo import DEMO_PASSWORD
    from tests.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP

    content = content_strings()
    # The database is read before Playwright runs its event loop (Django refuses queries
    # inside one).
    targets = [("sign-in", None)] + screens()
    totals = {"lo": 0, "en": 0}
    english: dict[str, set[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=DESKTOP, locale="lo-LA")
        page.set_default_timeout(30_000)
        page.goto(base + "/admin/login/")
        rows = []
        for name, target in targets:
            if target is not None and "chooser" in name:
                # The modal's HTML, shown in the page as the editor's modal would show it.
                page.evaluate(
                    "url => fetch(url).then(r => r.json()).then(d => {"
                    " document.body.innerHTML = d.html; })",
                    base + target,
                )
            elif target is not None:
                page.goto(base + target)
            page.wait_for_load_state("networkidle")
            if name == "sign-in":
                strings = page.evaluate(COLLECT_STRINGS)
                page.fill("input[name=username]", TRAINER)
                page.fill("input[name=password]", DEMO_PASSWORD)
                page.click("button[type=submit], input[type=submit]")
                page.wait_for_load_state("networkidle")
            else:
                strings = page.evaluate(COLLECT_STRINGS)
            counts = {"lo": 0, "en": 0}
            for text in strings:
                kind = classify(text, content)
                if kind:
                    counts[kind] += 1
                    if kind == "en":
                        english.setdefault(text, set()).add(name)
            rows.append((name, counts))
            totals["lo"] += counts["lo"]
            totals["en"] += counts["en"]
        browser.close()
    print(f"{'screen':34} {'Lao':>5} {'English':>8} {'share':>7}")
    for name, counts in rows:
        total = counts["lo"] + counts["en"]
        print(f"{name:34} {counts['lo']:5} {counts['en']:8} {counts['lo'] / (total or 1):7.1%}")
    share = totals["lo"] / ((totals["lo"] + totals["en"]) or 1)
    print(f"\nInterface strings in Lao: {totals['lo']} of {totals['lo'] + totals['en']}")
    print(
        f"Share in Lao: {share:.1%} (budget ≥ {BUDGET:.0%}) {'ok' if share >= BUDGET else 'MISSED'}"
    )
    if english:
        print("\nEnglish left (screens):")
        for text, names in sorted(english.items()):
            print(f"  {text[:100]!r}  ({', '.join(sorted(names))})")
    return 0 if share >= BUDGET else 1


def scratch_server():
    """Migrate and fill the database, then serve it; returns (url, process)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_data", verbosity=0)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=os.environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _try in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    return url, process


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a running site (its database is DATABASE_URL's)")
    arguments = parser.parse_args()
    scratch = None
    if not arguments.url and not os.environ.get("DATABASE_URL"):
        scratch = tempfile.TemporaryDirectory()
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/admin_lao.sqlite3"
    import django

    django.setup()
    process = None
    try:
        if arguments.url:
            url = arguments.url.rstrip("/")
        else:
            url, process = scratch_server()
        return measure(url)
    finally:
        if process:
            process.terminate()
            process.wait()
        if scratch:
            scratch.cleanup()


if __name__ == "__main__":
    sys.exit(main())
