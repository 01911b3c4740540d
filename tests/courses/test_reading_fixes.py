"""What learners meet when reading (issue 13): the language switch on the glossary and the
side-by-side view, block styles in lessons, the table block, and English in Lao pages."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation

from courses.blocks import ContentStreamBlock
from courses.manual.pdf import _manual_html
from courses.models import GlossaryTerm, ManualChapterPage, ManualPage, ManualSectionPage
from lms.demo import publish_page, publish_translation
from tests.browser import PHONE, chromium_page
from tests.factories import make_course, make_user

pytestmark = pytest.mark.django_db

TABLE = {
    "caption": "ໂທດ",
    "table": {
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "data": [["ການກະທຳຜິດ", "ໂທດຈຳຄຸກ"], ["ການຄ້າມະນຸດ", "5 ຫາ 15 ປີ"]],
    },
}
TABLE_EN = {
    "caption": "Penalties",
    "table": {
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "data": [["Offence", "Prison term"], ["Trafficking in persons", "5 to 15 years"]],
    },
}
# Six columns of long words: wider than a 360 px phone.
WIDE_TABLE = {
    "caption": "ຕາຕະລາງກວ້າງ",
    "table": {
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "data": [
            [f"ຫົວຖັນທີ{n}ການຄ້າມະນຸດ" for n in range(1, 7)],
            [f"ຂໍ້ມູນ{n}ຜູ້ຖືກເຄາະຮ້າຍ" for n in range(1, 7)],
        ],
    },
}
CALLOUT = {"kind": "warning", "title": "ລະວັງ", "body": "<p>ສຳພາດຜູ້ຖືກເຄາະຮ້າຍຄັ້ງດຽວ.</p>"}


def provision(law, article, text):
    return {"law": law, "article": article, "text": text, "link": ""}


@pytest.fixture
def manual(home_pages):
    """A Lao manual and its English translation: a chapter with one section, the section
    without headings but with a legal provision, key terms and a table."""
    term = GlossaryTerm.objects.create(term_en="forced labour", term_lo="ການບັງຄັບໃຊ້ແຮງງານ")
    lao = ManualPage(title="ປຶ້ມຄູ່ມື", slug="manual")
    home_pages["lo"].add_child(instance=lao)
    lao = publish_page(lao)
    chapter = ManualChapterPage(
        title="ບົດທີໜຶ່ງ", slug="one", body=[("paragraph", "<p>ບົດນຳ ຂອງບົດທີໜຶ່ງ.</p>")]
    )
    lao.add_child(instance=chapter)
    chapter = publish_page(chapter)
    section = ManualSectionPage(
        title="ໂທດ",
        slug="penalties",
        body=[
            ("paragraph", "<p>ສານລົງໂທດໜັກຂຶ້ນ ເມື່ອຜູ້ຖືກເຄາະຮ້າຍເປັນເດັກ.</p>"),
            (
                "legal_provision",
                provision("ກົດໝາຍວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ", "7", "ຜູ້ໃດ ບັງຄັບໃຊ້ແຮງງານ ຕ້ອງຖືກລົງໂທດ."),
            ),
            ("key_terms", {"terms": [term]}),
            ("table", TABLE),
        ],
    )
    chapter.add_child(instance=section)
    section = publish_page(section)
    english = publish_translation(lao, "en", title="Manual")
    english_chapter = publish_translation(chapter, "en", title="Chapter one")
    english_section = publish_translation(
        section,
        "en",
        title="Penalties",
        body=[
            ("paragraph", "<p>Courts punish more severely when the victim is a child.</p>"),
            (
                "legal_provision",
                provision("Anti-Trafficking Law", "7", "Whoever forces a person to work."),
            ),
            ("key_terms", {"terms": [term]}),
            ("table", TABLE_EN),
        ],
    )
    return {
        "lo": (lao, chapter, section),
        "en": (english, english_chapter, english_section),
    }


def switch_target(html: str) -> str:
    """Where the language switcher's link leads (its ``next``)."""
    href = re.search(r'class="language-switcher">\s*<a href="([^"]+)"', html).group(1)
    return parse_qs(urlsplit(href.replace("&amp;", "&")).query)["next"][0]


def text_of(html: str, css_class: str) -> list[str]:
    found = re.findall(rf'class="{css_class}"[^>]*>(.*?)</(?:div|p)>', html, re.S)
    return [re.sub(r"<[^>]+>", "", part) for part in found]


# 1. The language switch keeps the view ------------------------------------------------


@pytest.mark.parametrize(("language", "other"), [("lo", "en"), ("en", "lo")])
def test_switching_language_on_the_glossary_lands_on_the_other_glossary(
    client, manual, language, other
):
    glossary = manual[language][0].url + "glossary/"
    html = client.get(glossary).content.decode()
    assert switch_target(html) == manual[other][0].url + "glossary/"


@pytest.mark.parametrize(("language", "other"), [("lo", "en"), ("en", "lo")])
@pytest.mark.parametrize("position", [1, 2], ids=["chapter", "section"])
def test_switching_language_side_by_side_lands_on_the_same_side_by_side_view(
    client, manual, language, other, position
):
    page, translation_ = manual[language][position], manual[other][position]
    html = client.get(page.url + "side-by-side/").content.decode()
    assert switch_target(html) == translation_.url + "side-by-side/"


def test_switching_language_on_a_chapter_still_lands_on_its_translation(client, manual):
    html = client.get(manual["lo"][1].url).content.decode()
    assert switch_target(html) == manual["en"][1].url


# 2. Lessons load the block styles ------------------------------------------------------


def test_lesson_pages_load_the_manuals_block_stylesheet(client, home_pages):
    course = make_course(home_pages["lo"], lessons=1)
    lesson = course.lessons().first().specific
    lesson.body = [("callout", CALLOUT)]
    publish_page(lesson)
    html = client.get(lesson.url).content.decode()
    assert 'class="callout callout--warning"' in html
    assert 'href="/static/courses/css/manual.css"' in html


# 3. The table block is a table ---------------------------------------------------------


def assert_real_table(html: str):
    assert "first_row_is_table_header" not in html and "{&#x27;" not in html
    table = re.search(r'<div class="table-scroll"[^>]*>\s*<table>(.*?)</table>', html, re.S)
    assert table, "the table is not inside its scrolling box"
    head = re.search(r"<thead>(.*?)</thead>", table.group(1), re.S).group(1)
    assert re.search(r'<th scope="col"[^>]*>\s*ການກະທຳຜິດ\s*</th>', head)
    body = re.search(r"<tbody>(.*?)</tbody>", table.group(1), re.S).group(1)
    assert re.search(r"<td[^>]*>\s*5 ຫາ 15 ປີ\s*</td>", body)


def test_table_block_renders_a_table_with_a_header_row(db):
    block = ContentStreamBlock().child_blocks["table"]
    html = block.render(block.to_python(TABLE))
    assert_real_table(html)
    assert "<figcaption>ໂທດ</figcaption>" in html


def test_manual_section_and_lesson_show_the_table(client, manual, home_pages):
    assert_real_table(client.get(manual["lo"][2].url).content.decode())
    course = make_course(home_pages["lo"], lessons=1)
    lesson = course.lessons().first().specific
    lesson.body = [("table", TABLE)]
    publish_page(lesson)
    assert_real_table(client.get(lesson.url).content.decode())


def test_manual_pdf_prints_the_table(manual):
    assert_real_table(_manual_html(manual["lo"][0]))


# 4. No English in Lao pages ------------------------------------------------------------


def test_lao_sign_in_error_names_the_login_in_lao(client):
    make_user("somphone", person=False)
    response = client.post(
        "/lo/account/login/", {"username": "somphone", "password": "not the password"}
    )
    errors = " ".join(text_of(response.content.decode(), "form-errors"))
    assert "ຊື່ຜູ້ໃຊ້, ເບີໂທ ຫຼື ອີເມວ" in errors
    assert not re.search(r"[A-Za-z]", errors), errors


def test_english_sign_in_error_names_username_phone_or_email(client):
    response = client.post("/en/account/login/", {"username": "nobody", "password": "wrong"})
    errors = " ".join(text_of(response.content.decode(), "form-errors"))
    assert "Please enter a correct username, phone or email and password." in errors


@pytest.mark.parametrize(
    ("language", "query", "foreign_letters"),
    [("lo", "ມາດຕາ 7", r"[A-Za-z]"), ("en", "Article 7", r"[\u0e80-\u0eff]")],
)
def test_search_snippets_quote_only_the_pages_language(
    client, manual, language, query, foreign_letters
):
    # The index holds both citations ("Article 7", "ມາດຕາ 7") and both terms of a key term;
    # a snippet shows the page as its reader sees it.
    with translation.override(language):
        html = client.get(f"/{language}/search/", {"q": query}).content.decode()
    snippets = text_of(html, "search-result__snippet")
    assert snippets
    assert any(query.split()[0] in snippet for snippet in snippets)
    for snippet in snippets:
        assert not re.search(foreign_letters, snippet), snippet


def test_section_without_headings_shows_no_on_this_page_box(client, manual):
    assert 'class="toc"' not in client.get(manual["lo"][2].url).content.decode()
    # The chapter lists its section there, and a heading makes a section list it.
    assert 'class="toc"' in client.get(manual["lo"][1].url).content.decode()
    section = manual["lo"][2]
    heading = ("heading", {"text": "ໂທດຈຳຄຸກ", "level": "h2"})
    section.body = [heading, *((block.block_type, block.value) for block in section.body)]
    publish_page(section)
    html = client.get(section.url).content.decode()
    assert 'class="toc"' in html and "ໂທດຈຳຄຸກ</a>" in html


# In a browser at 360 px ----------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_lesson_on_a_phone_styles_its_callout_and_scrolls_a_wide_table_sideways(
    live_server, home_pages
):
    course = make_course(home_pages["lo"], lessons=1)
    lesson = course.lessons().first().specific
    lesson.body = [("callout", CALLOUT), ("table", WIDE_TABLE)]
    publish_page(lesson)
    with chromium_page(viewport=PHONE) as page:
        page.goto(live_server.url + lesson.url)
        callout = page.locator(".callout")
        style = callout.evaluate(
            "e => [getComputedStyle(e).borderInlineStartWidth, getComputedStyle(e).backgroundColor]"
        )
        assert style == ["4px", "rgb(255, 246, 234)"]  # the warning's border and tint
        box = page.locator(".table-scroll")
        assert page.locator(".table-scroll thead th").count() == 6
        widths = box.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert widths[0] > widths[1]  # the table is wider than its box ...
        box.evaluate("e => { e.scrollLeft = 200; }")
        assert box.evaluate("e => e.scrollLeft") > 0  # ... which scrolls sideways
        # ... while the page itself does not.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
