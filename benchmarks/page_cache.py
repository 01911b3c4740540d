"""Requests per second of the anonymous Lao chapter page beside a static file's, with three
gunicorn workers and the production settings (DEBUG off, WhiteNoise, the page cache).

Budget (issue 15): the chapter reaches at least a third of the static file's rate under
the same load tool: wrk when it is installed (Debian package ``wrk``), otherwise a Python
load generator (a few processes of threads with keep-alive connections). The database is
DATABASE_URL's, which must hold the demo content (``make setup``), or else a scratch SQLite
database made with ``load_demo_data`` in a temporary folder; static files are collected
there too, and the cache is the settings' (Redis with REDIS_URL, else each worker's
memory). ``--without-page-cache`` measures the same without the page cache.

    .venv/bin/python benchmarks/page_cache.py
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python benchmarks/page_cache.py
"""

import argparse
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BUDGET_RATIO = 1 / 3
WORKERS = 3
CONNECTIONS = 24
SECONDS = 5
ROUNDS = 3
# Production redirects plain HTTP to HTTPS; the proxy in front says the request was HTTPS.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}

SETTINGS = """\
from lms.settings.production import *  # noqa: F403

STATIC_ROOT = {static_root!r}
if {without_page_cache!r}:
    MIDDLEWARE.remove("lms.page_cache.PageCacheMiddleware")  # noqa: F405
"""


def manage(env, *args, capture=False):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout


def prepare(folder: Path, without_page_cache: bool) -> dict:
    """The environment of a production-like server whose files live in ``folder``."""
    (folder / "bench_settings.py").write_text(
        SETTINGS.format(static_root=str(folder / "static"), without_page_cache=without_page_cache)
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(folder), str(BASE_DIR)]),
        "SECRET_KEY": "benchmark-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    if not os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{folder / 'demo.sqlite3'}"
        print("Building a scratch database with the demo content ...", flush=True)
        manage(env, "migrate", "--no-input", capture=True)
        manage(env, "load_demo_data", capture=True)
    manage(env, "collectstatic", "--no-input", capture=True)
    return env


def lao_chapter_path(env) -> str:
    code = (
        "from courses.models import ManualChapterPage as C;"
        "print(C.objects.live().filter(locale__language_code='lo').order_by('path')[2].url)"
    )
    path = manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1]
    if not path.startswith("/lo/"):
        sys.exit(f"No Lao chapter in the database (run make setup): {path}")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=PROXY_HEADERS)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def start_gunicorn(env, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [BIN / "gunicorn", "lms.wsgi", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
        + ["--log-level", "warning", "--graceful-timeout", "5"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            get(f"http://127.0.0.1:{port}/lo/")
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit("gunicorn did not start")
            time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn did not answer within 60 s")


def wrk_rate(url: str) -> tuple[float, int]:
    """Requests per second and failed requests (errors, timeouts, other than 200)."""
    headers = [arg for name, value in PROXY_HEADERS.items() for arg in ("-H", f"{name}: {value}")]
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "30s", *headers, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    failures = sum(map(int, re.findall(r"Non-2xx or 3xx responses: (\d+)", output)))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    failures += sum(map(int, socket_errors.groups())) if socket_errors else 0
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), failures


def _python_load(url: str, seconds: float, threads: int, counts) -> None:
    host, port = url.split("/")[2].split(":")
    path = "/" + url.split("/", 3)[3]
    stop = time.monotonic() + seconds
    done, failed = [0] * threads, [0] * threads

    def worker(index):
        connection = HTTPConnection(host, int(port), timeout=30)
        while time.monotonic() < stop:
            connection.request("GET", path, headers=PROXY_HEADERS)
            response = connection.getresponse()
            response.read()
            done[index] += 1
            failed[index] += response.status != 200

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    counts.put((sum(done), sum(failed)))


def python_rate(url: str) -> tuple[float, int]:
    """Requests per second from two processes of CONNECTIONS / 2 threads each."""
    counts = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=_python_load, args=(url, SECONDS, CONNECTIONS // 2, counts))
        for _ in range(2)
    ]
    for process in processes:
        process.start()
    results = [counts.get() for _ in processes]
    for process in processes:
        process.join()
    return sum(done for done, _failed in results) / SECONDS, sum(f for _done, f in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--without-page-cache", action="store_true")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="page-cache-benchmark-"))
    server = None
    try:
        env = prepare(folder, args.without_page_cache)
        chapter_path = lao_chapter_path(env)
        port = free_port()
        server = start_gunicorn(env, port)
        base = f"http://127.0.0.1:{port}"
        status, headers, html = get(base + chapter_path)
        stylesheet = re.search(rb'href="(/static/lms/css/site[^"]*\.css)"', html).group(1)
        static_url, chapter_url = base + stylesheet.decode(), base + chapter_path
        for _ in range(2 * WORKERS):  # every worker renders and stores the page once
            status, headers, _body = get(chapter_url)
        tool = "wrk" if shutil.which("wrk") else "Python threads"
        measure = wrk_rate if tool == "wrk" else python_rate
        static_rates, chapter_rates, failures = [], [], 0
        for _ in range(ROUNDS):  # alternated, so that other load on the machine hits both
            for rates, url in ((static_rates, static_url), (chapter_rates, chapter_url)):
                rate, failed = measure(url)
                rates.append(rate)
                failures += failed
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)

    static_rate, chapter_rate = statistics.median(static_rates), statistics.median(chapter_rates)
    ratio = chapter_rate / static_rate
    print(
        f"Load: {tool}, {CONNECTIONS} connections, {ROUNDS} rounds of {SECONDS} s each,"
        f" {WORKERS} gunicorn workers; page cache"
        f" {'off' if args.without_page_cache else headers.get('X-Page-Cache', 'not used')}"
    )
    print(f"  static file  {stylesheet.decode():<44} {static_rate:>8.0f} requests/s (median)")
    print(f"  Lao chapter  {chapter_path:<44} {chapter_rate:>8.0f} requests/s (median)")
    print(f"  ratio {ratio:.2f} (budget >= {BUDGET_RATIO:.2f})")
    print(f"  failed requests {failures} (budget 0)")
    if ratio < BUDGET_RATIO or failures:
        print("Budget missed.")
        sys.exit(1)


if __name__ == "__main__":
    main()
