"""A workshop on a laptop: 30 learners take one quiz at once against ``runserver`` on SQLite,
as ``make run`` serves it, each autosaving after every answer (as the quiz page's script
does) and then submitting.

Budgets (issue 15): no failed save or submit (every autosave answered 204, every submit
landing on the review) and every answer found in the database afterwards; the 95th
percentile of the autosave times is printed beside a 2 s budget (the learner reads
"Saved"). Builds a scratch SQLite database with the demo content in a temporary folder,
adds the learners, starts the server on it and removes the folder afterwards:

    .venv/bin/python benchmarks/quiz_load.py [--learners 30]
"""

import argparse
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
from html.parser import HTMLParser
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
FOLDER = Path(tempfile.mkdtemp(prefix="quiz-load-"))
os.environ["DATABASE_URL"] = f"sqlite:///{FOLDER / 'workshop.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from assessments.models import Answer, Attempt, Quiz  # noqa: E402
from lms.models import Person, Province, Sector  # noqa: E402

PASSWORD = "workshop-load-2026"
FAILURE_BUDGET = 0
SAVE_P95_BUDGET = 2.0  # seconds
# A learner's pause between two answers: reading the next question, at its quickest.
THINK_SECONDS = 0.2


class QuizForm(HTMLParser):
    """The attempt page's quiz form: its hidden fields and one answer per question."""

    def __init__(self):
        super().__init__()
        self.hidden, self.answers, self._select = {}, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name", "")
        if tag == "input" and attrs.get("type") == "hidden":
            self.hidden[name] = attrs.get("value", "")
        elif tag == "input" and attrs.get("type") in ("radio", "checkbox"):
            self.answers.setdefault(name, attrs["value"])
        elif tag == "input" and attrs.get("type") == "text" and name.startswith("q"):
            self.answers.setdefault(name, "ການຂູດຮີດ")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and attrs.get("value"):
            self.answers.setdefault(self._select, attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def build_workshop(learners: int) -> Quiz:
    """The demo content, and ``learners`` accounts of people in the registry."""
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_data", verbosity=0)
    sector, province = Sector.objects.first(), Province.objects.first()
    for n in range(learners):
        user = get_user_model().objects.create_user(f"workshop-{n}", password=PASSWORD)
        Person.objects.create(
            user=user, name_lo=f"ຜູ້ຮຽນ {n}", sex="m", sector=sector, province=province
        )
    quiz = (
        Quiz.objects.live()
        .filter(time_limit_minutes__isnull=True, attempts_allowed__isnull=True)
        .order_by("pk")
        .first()
        or Quiz.objects.live().order_by("pk").first()
    )
    connections.close_all()
    return quiz


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_runserver(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=BASE_DIR,
        env=os.environ,
        stdout=subprocess.DEVNULL,
        stderr=open(FOLDER / "server.log", "w"),  # noqa: SIM115 (closed with the process)
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/lo/", timeout=10)
            return server
        except requests.ConnectionError:
            if server.poll() is not None:
                sys.exit("runserver did not start")
            time.sleep(0.3)
    server.terminate()
    sys.exit("runserver did not answer within 60 s")


class Learner(threading.Thread):
    """One learner: signs in, starts the quiz, answers each question (autosaving the whole
    form, as the page's script does on each change), then submits."""

    def __init__(self, n, base, quiz, start_line):
        super().__init__()
        self.n, self.base, self.quiz, self.start_line = n, base, quiz, start_line
        self.save_times, self.failures, self.sent = [], [], {}

    def fail(self, what, response=None):
        status = response.status_code if response is not None else "-"
        self.failures.append(f"learner {self.n}: {what} ({status})")

    def run(self):
        try:
            self.take_quiz()
        except Exception as error:  # a refused connection or a timeout is a failure too
            self.fail(f"{type(error).__name__}: {error}")

    def take_quiz(self):
        web = requests.Session()
        login = f"{self.base}/lo/account/login/"
        web.get(login, timeout=60)
        signed_in = web.post(
            login,
            data={
                "username": f"workshop-{self.n}",
                "password": PASSWORD,
                "csrfmiddlewaretoken": web.cookies["csrftoken"],
            },
            headers={"Referer": login},
            timeout=60,
        )
        if "sessionid" not in web.cookies:
            return self.fail("sign-in", signed_in)
        start = f"{self.base}/lo/quizzes/{self.quiz.pk}/"
        web.get(start, timeout=60)
        page = web.post(
            start,
            data={"csrfmiddlewaretoken": web.cookies["csrftoken"]},
            headers={"Referer": start},
            timeout=60,
        )
        if "/attempt/" not in page.url:
            return self.fail("start", page)
        attempt_url = page.url
        form = QuizForm()
        form.feed(page.text)
        data = dict(form.hidden)
        headers = {"Referer": attempt_url, "X-CSRFToken": web.cookies["csrftoken"]}
        self.start_line.wait()
        for name, value in form.answers.items():
            time.sleep(THINK_SECONDS)
            data[name] = value
            began = time.monotonic()
            saved = web.post(
                attempt_url,
                data=data | {"action": "save"},
                headers=headers | {"X-Autosave": "1"},
                timeout=60,
            )
            self.save_times.append(time.monotonic() - began)
            if saved.status_code != 204:
                self.fail(f"autosave of {name}", saved)
        self.sent = data
        confirm = attempt_url.rstrip("/") + "/confirm/"
        submitted = web.post(confirm, data=data | {"action": "submit"}, headers=headers, timeout=60)
        if "/review/" not in submitted.url or submitted.status_code != 200:
            self.fail("submit", submitted)
        self.public_id = re.search(r"/attempt/([0-9a-f-]+)/", attempt_url).group(1)


def lost_answers(learners) -> list[str]:
    """What the database lacks of what each learner sent: the attempt submitted, and an
    answer row with a response for every question answered."""
    lost = []
    for learner in learners:
        public_id = getattr(learner, "public_id", None)
        if public_id is None:
            continue
        attempt = Attempt.objects.get(public_id=public_id)
        if attempt.status != "submitted" or attempt.score_percent is None:
            lost.append(f"learner {learner.n}: attempt {attempt.status}")
        questions = {
            int(re.match(r"q(\d+)", name).group(1))
            for name in learner.sent
            if re.match(r"q\d+", name)
        }
        stored = set(
            Answer.objects.filter(attempt=attempt)
            .exclude(response={})
            .values_list("question_id", flat=True)
        )
        if questions - stored:
            lost.append(f"learner {learner.n}: no answer to questions {sorted(questions - stored)}")
    return lost


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    args = parser.parse_args()
    server = None
    try:
        print(f"Building the workshop database in {FOLDER} ...", flush=True)
        quiz = build_workshop(args.learners)
        port = free_port()
        server = start_runserver(port)
        start_line = threading.Barrier(args.learners)
        learners = [
            Learner(n, f"http://127.0.0.1:{port}", quiz, start_line) for n in range(args.learners)
        ]
        began = time.monotonic()
        for learner in learners:
            learner.start()
        for learner in learners:
            learner.join()
        elapsed = time.monotonic() - began
        failures = [failure for learner in learners for failure in learner.failures]
        failures += lost_answers(learners)
        locked = (FOLDER / "server.log").read_text().count("database is locked")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        connections.close_all()
        shutil.rmtree(FOLDER, ignore_errors=True)

    times = sorted(t for learner in learners for t in learner.save_times)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else float("nan")
    print(
        f"{args.learners} learners, quiz {quiz.pk} ({quiz.title_en}), {len(times)} autosaves"
        f" and {args.learners} submits in {elapsed:.1f} s on SQLite (runserver)"
    )
    for failure in failures[:20]:
        print(f"  {failure}")
    print(
        f"  failures {len(failures)} (budget {FAILURE_BUDGET});"
        f" 'database is locked' in the server's log: {locked}"
    )
    print(
        f"  autosave time p95 {p95:.2f} s, median {statistics.median(times):.2f} s"
        f" (budget p95 <= {SAVE_P95_BUDGET:.1f} s)"
    )
    if len(failures) > FAILURE_BUDGET or not p95 <= SAVE_P95_BUDGET:
        print("Budget missed.")
        sys.exit(1)


if __name__ == "__main__":
    main()
