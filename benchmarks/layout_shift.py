"""Cumulative layout shift of a manual chapter page in Lao and English, in headless
Chromium on a 360 px phone over a slow connection (the web fonts arrive after the first
paint unless they are preloaded).

Budget (issue 15, web.dev's "good"): at most 0.1 in each language. Starts ``runserver`` on
the database in DATABASE_URL (default: the one ``make setup`` made), as ``make run`` does,
and prints each page's shift (the worst of a few fresh visits) and the web fonts it loaded:

    .venv/bin/python benchmarks/layout_shift.py
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
BUDGET = 0.1
VISITS = 3
PHONE = {"width": 360, "height": 740}
# Roughly a 3G phone in a district: 150 ms round trips, 1.6 Mbit/s down.
SLOW_NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}
# Every shift not caused by the reader's own input, from the start of the page.
OBSERVE_SHIFTS = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) window.__layoutShift += entry.value;
    }
}).observe({type: "layout-shift", buffered: true});
"""
LOADED_FONTS = """
[...document.fonts].filter((f) => f.status === "loaded").map((f) => `${f.family} ${f.weight}`)
"""


def chapter_paths(env) -> dict[str, str]:
    code = (
        "from courses.models import ManualChapterPage as C\n"
        "lao = C.objects.live().filter(locale__language_code='lo').order_by('path')[2]\n"
        "print(lao.url, lao.get_translation(lao.get_translations().filter("
        "locale__language_code='en').first().locale).url)"
    )
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lao, english = output.split()[-2:]
    return {"lo": lao, "en": english}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_runserver(env, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/lo/", timeout=10).read()
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit("runserver did not start")
            time.sleep(0.3)
    server.terminate()
    sys.exit("runserver did not answer within 60 s")


def visit(playwright, url: str, language: str) -> tuple[float, list[str]]:
    """The layout shift of one visit with an empty browser cache, and the fonts loaded."""
    with tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            viewport=PHONE,
            locale="lo-LA" if language == "lo" else "en-GB",
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            session = context.new_cdp_session(page)
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions", SLOW_NETWORK)
            page.add_init_script(OBSERVE_SHIFTS)
            page.goto(url, wait_until="networkidle")
            page.wait_for_timeout(500)
            return page.evaluate("window.__layoutShift"), sorted(page.evaluate(LOADED_FONTS))
        finally:
            context.close()


def main():
    from playwright.sync_api import sync_playwright

    env = os.environ | {"DJANGO_SETTINGS_MODULE": "lms.settings.dev"}
    paths = chapter_paths(env)
    port = free_port()
    server = start_runserver(env, port)
    results = {}
    try:
        with sync_playwright() as playwright:
            for language, path in paths.items():
                url = f"http://127.0.0.1:{port}{path}"
                visit(playwright, url, language)  # the server's first rendering, not measured
                shifts, fonts = [], []
                for _ in range(VISITS):
                    shift, fonts = visit(playwright, url, language)
                    shifts.append(shift)
                results[language] = (path, shifts, fonts)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"Chapter page at {PHONE['width']} px, slow network, {VISITS} fresh visits each:")
    worst = 0.0
    for language, (path, shifts, fonts) in results.items():
        worst = max(worst, *shifts)
        print(
            f"  {language} {path:<48} layout shift {max(shifts):.3f}"
            f" (visits: {', '.join(f'{s:.3f}' for s in shifts)}; budget <= {BUDGET})"
        )
        print(f"     fonts loaded: {', '.join(fonts)}")
    if worst > BUDGET:
        print("Budget missed.")
        sys.exit(1)


if __name__ == "__main__":
    main()
