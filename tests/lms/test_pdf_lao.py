"""Lao on paper: WeasyPrint breaks Lao lines between words, keeps Lao quotations upright and
sets Lao glossary headwords as large as English ones."""

import io

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader
from weasyprint.formatting_structure import boxes

from courses.manual.pdf import _manual_html
from lms.lao import contains_lao, word_spans
from lms.pdf import WORD_BREAK, break_lao_words, render_document, render_pdf

# Formal Lao written as it often arrives from a word processor: no space anywhere.
UNSPACED_LAO = (
    "ການຄ້າມະນຸດແມ່ນອາຊະຍາກຳທີ່ຮ້າຍແຮງເຊິ່ງລະເມີດສິດທິມະນຸດຂອງຜູ້ຖືກເຄາະຮ້າຍ"
    "ເຈົ້າໜ້າທີ່ຕ້ອງປົກປ້ອງຜູ້ຖືກເຄາະຮ້າຍທຸກຄົນໂດຍບໍ່ມີການຈຳແນກ"
    "ແລະສົ່ງຕໍ່ໄປຫາການຊ່ວຍເຫຼືອທີ່ເໝາະສົມຕາມກົດໝາຍ"
)


def narrow_column_html(text: str) -> str:
    fonts = render_to_string("lms/pdf/fonts.css")
    return f"""<!DOCTYPE html><html lang="lo"><head><meta charset="utf-8"><style>{fonts}
        @page {{ size: A5; margin: 15mm; }}
        body {{ font-family: "Noto Sans Lao", sans-serif; font-size: 11pt; }}
        .column {{ width: 35mm; }}
        </style></head><body><p class="column">{text}</p></body></html>"""


def walk(box, ancestors=()):
    """Every box with the boxes around it, outermost first."""
    yield box, ancestors
    for child in getattr(box, "children", []):
        yield from walk(child, (*ancestors, box))


def all_boxes(document):
    for page in document.pages:
        yield from walk(page._page_box)


def has_class(box, name: str) -> bool:
    return box.element is not None and name in (box.element.get("class") or "").split()


def text_of(line) -> str:
    return "".join(box.text for box in line.descendants() if isinstance(box, boxes.TextBox))


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>ການຄ້າມະນຸດແມ່ນອາຊະຍາກຳ</p>", "<p>ການຄ້າ|ມະນຸດ|ແມ່ນ|ອາຊະຍາກຳ</p>"),
        # A word across inline markup is segmented as one text, and stays whole.
        ("<p>ການ<b>ຄ້າ</b>ມະນຸດ</p>", "<p>ການ<b>ຄ້າ</b>|ມະນຸດ</p>"),
        # Where a space already allows a break, or a block or <br> ends the text, none is added.
        ("<p>ການຄ້າ ມະນຸດ</p><p>ແມ່ນ<br>ອາຊະຍາກຳ</p>", "<p>ການຄ້າ ມະນຸດ</p><p>ແມ່ນ<br>ອາຊະຍາກຳ</p>"),
        # ໆ repeats the word before it and goes with it.
        ("<p>ຄົນໆໜຶ່ງ</p>", "<p>ຄົນໆ|ໜຶ່ງ</p>"),
        # Attributes, styles, scripts, comments, the title and URLs are left as they are.
        (
            '<title>ການຄ້າມະນຸດ</title><style>p::after { content: "ການຄ້າມະນຸດ" }</style>'
            '<a href="/ການຄ້າມະນຸດ/" title="ການຄ້າມະນຸດ">https://example.la/ການຄ້າມະນຸດ</a>'
            "<!-- ການຄ້າມະນຸດ --><script>'ການຄ້າມະນຸດ'</script>",
            '<title>ການຄ້າມະນຸດ</title><style>p::after { content: "ການຄ້າມະນຸດ" }</style>'
            '<a href="/ການຄ້າມະນຸດ/" title="ການຄ້າມະນຸດ">https://example.la/ການຄ້າມະນຸດ</a>'
            "<!-- ການຄ້າມະນຸດ --><script>'ການຄ້າມະນຸດ'</script>",
        ),
        ("<p>Trafficking &amp; exploitation</p>", "<p>Trafficking &amp; exploitation</p>"),
    ],
)
def test_breaks_go_between_lao_words_in_text_only(html, expected):
    assert break_lao_words(html).replace(WORD_BREAK, "|") == expected


def test_unspaced_lao_breaks_between_words_and_stays_in_a_narrow_column():
    document = render_document(narrow_column_html(UNSPACED_LAO))
    (column, _), *_ = [(box, up) for box, up in all_boxes(document) if has_class(box, "column")]
    lines = [child for child in column.children if isinstance(child, boxes.LineBox)]
    assert len(lines) > 5

    right_edge = column.content_box_x() + column.width
    for line in lines:
        texts = [box for box in line.descendants() if isinstance(box, boxes.TextBox)]
        assert max(box.position_x + box.width for box in texts) <= right_edge + 0.01, text_of(line)

    # Every line ends where one ICU word ends and the next begins.
    boundaries = {offset for span in word_spans(UNSPACED_LAO) for offset in span}
    shown = [text_of(line).replace(WORD_BREAK, "") for line in lines]
    assert "".join(shown) == UNSPACED_LAO
    offset = 0
    for text in shown[:-1]:
        offset += len(text)
        assert offset in boundaries, (
            f"broken inside a word: …{text[-4:]}|{UNSPACED_LAO[offset:][:4]}…"
        )


def test_the_breaks_are_not_in_the_pdf_text_nor_its_bookmarks():
    html = narrow_column_html(UNSPACED_LAO).replace(
        '<p class="column">', '<h1 class="column">ການຄ້າມະນຸດແມ່ນອາຊະຍາກຳ</h1><p class="column">'
    )
    reader = PdfReader(io.BytesIO(render_pdf(html)))
    text = "".join(page.extract_text() for page in reader.pages)
    assert WORD_BREAK not in text
    assert "".join(text.split()) == "ການຄ້າມະນຸດແມ່ນອາຊະຍາກຳ" + UNSPACED_LAO
    assert [item.title for item in reader.outline] == ["ການຄ້າມະນຸດແມ່ນອາຊະຍາກຳ"]


@pytest.fixture(scope="module")
def manual_documents(demo_manual_site):
    """The demo manual's PDF layout in each language."""
    return {
        code: render_document(_manual_html(manual)) for code, manual in demo_manual_site.items()
    }


def quoted_text_styles(document) -> dict[str, set[str]]:
    """font-style of the law quotations' text, for Lao and for other text."""
    styles = {"lo": set(), "en": set()}
    for box, up in all_boxes(document):
        quoted = any(has_class(outer, "legal-provision__text") for outer in up)
        if quoted and isinstance(box, boxes.TextBox) and box.text.strip(WORD_BREAK + " "):
            styles["lo" if contains_lao(box.text) else "en"].add(box.style["font_style"])
    return styles


@pytest.mark.django_db
def test_lao_law_quotations_are_upright_in_the_pdf_and_english_ones_italic(manual_documents):
    assert quoted_text_styles(manual_documents["lo"])["lo"] == {"normal"}
    assert quoted_text_styles(manual_documents["en"])["en"] == {"italic"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["lo", "en"])
def test_lao_key_term_headwords_are_as_large_as_english_ones_in_the_pdf(manual_documents, language):
    headwords = 0
    for box, up in all_boxes(manual_documents[language]):
        in_key_terms = any(has_class(outer, "key-terms") for outer in up)
        if in_key_terms and isinstance(box, boxes.BlockBox) and box.element_tag == "dt":
            sizes = {
                contains_lao(text.text): text.style["font_size"]
                for text in box.descendants()
                if isinstance(text, boxes.TextBox) and text.text.strip()
            }
            assert sizes[True] == sizes[False], text_of(box)
            headwords += 1
    assert headwords
