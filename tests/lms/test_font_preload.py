"""The fonts the first screen draws with are preloaded (lms/templates/base.html), from files
that exist, so that text is not redrawn when they arrive (benchmarks/layout_shift.py)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

PRELOAD = re.compile(
    r"<link rel=\"preload\" href=\"([^\"]+)\" as=\"font\" type=\"font/woff2\" crossorigin>"
)


def preloaded_fonts(client, url) -> list[str]:
    html = client.get(url).content.decode()
    return [href.removeprefix(settings.STATIC_URL) for href in PRELOAD.findall(html)]


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "lo",
            {
                "lms/fonts/NotoSansLao-Regular.woff2",
                "lms/fonts/NotoSansLao-Bold.woff2",
                "lms/fonts/NotoSans-Regular.woff2",
                "lms/fonts/NotoSans-Bold.woff2",
            },
        ),
        (
            "en",
            {
                "lms/fonts/NotoSansLao-Regular.woff2",
                "lms/fonts/NotoSans-Regular.woff2",
                "lms/fonts/NotoSans-Bold.woff2",
            },
        ),
    ],
)
def test_first_screen_fonts_are_preloaded_from_files_that_exist(
    client, home_pages, language, expected
):
    fonts = preloaded_fonts(client, home_pages[language].url)
    assert set(fonts) == expected
    for font in fonts:
        assert finders.find(font), font


def test_preloaded_fonts_are_the_stylesheets_own():
    """A preload of a file the stylesheet does not declare would be fetched twice."""
    stylesheet = Path(finders.find("lms/css/site.css")).read_text(encoding="utf-8")
    declared = {
        f"lms/fonts/{name}" for name in re.findall(r'url\("\.\./fonts/([^"]+)"\)', stylesheet)
    }
    template = (settings.BASE_DIR / "lms/templates/base.html").read_text(encoding="utf-8")
    preloaded = set(
        re.findall(r"<link rel=\"preload\" href=\"\{% static '([^']+)' %\}\"", template)
    )
    assert preloaded and preloaded <= declared
