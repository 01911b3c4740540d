import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.template import Context, Template
from django.utils import translation

from courses.blocks import ContentStreamBlock, can_see_trainer_notes
from courses.models import (
    GlossaryTerm,
    ManualChapterPage,
    ManualPage,
    ManualSectionPage,
    reading_minutes,
)
from courses.models.manual import aligned_blocks
from lms import groups
from lms.demo import publish_page
from lms.lao import sort_key

pytestmark = pytest.mark.django_db

TRAINER_NOTE = "Consent obtained by deception is void"


def chapters(language):
    return ManualChapterPage.objects.live().filter(locale__language_code=language).order_by("path")


def test_demo_manual_has_eight_translated_chapters_with_varied_blocks(demo_manual_site):
    english, lao = list(chapters("en")), list(chapters("lo"))
    assert len(english) >= 8
    assert [c.translation_key for c in english] == [c.translation_key for c in lao]
    for en_chapter, lo_chapter in zip(english, lao, strict=True):
        assert en_chapter.title != lo_chapter.title
        kinds = {block.block_type for block in lo_chapter.body}
        assert {"legal_provision", "case_study", "key_terms"} <= kinds
        articles = {
            b.value["article"] for b in lo_chapter.body if b.block_type == "legal_provision"
        }
        assert articles & {"2", "41"}


@pytest.mark.parametrize("language", ["lo", "en"])
def test_every_block_type_renders_in_both_languages(demo_manual_site, language):
    stream = ContentStreamBlock()
    with translation.override(language):
        for name, block in stream.child_blocks.items():
            value = block.get_preview_value()
            if name in {"image", "document"}:
                continue  # no image or document in the test database to preview
            html = block.render(value, context={"request": None})
            assert html.strip(), name
            assert block.meta.icon and block.meta.template
            assert str(block.label)


def test_block_labels_are_translated_into_lao():
    with translation.override("lo"):
        labels = {str(block.label) for block in ContentStreamBlock().child_blocks.values()}
    assert "ກໍລະນີສຶກສາ" in labels  # "Case study"


def test_manual_index_lists_numbered_chapters_and_glossary_link(client, demo_manual_site):
    html = client.get("/lo/manual/").content.decode()
    for chapter in chapters("lo"):
        assert chapter.title in html
    assert "/lo/manual/glossary/" in html
    assert "/lo/manual/pdf/" in html


def test_chapter_page_shows_number_breadcrumbs_contents_and_neighbours(client, demo_manual_site):
    second = chapters("lo")[1]
    with translation.override("lo"):
        response = client.get(second.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["number"] == "2"
    assert [c.title for c in response.context["breadcrumbs"]][-1] == demo_manual_site["lo"].title
    previous_number, previous = response.context["previous"]
    next_number, following = response.context["next"]
    # Chapter 1 has a section (1.1), which comes between chapters 1 and 2.
    assert previous_number == "1.1" and isinstance(previous.specific, ManualSectionPage)
    assert next_number == "3" and following.pk == chapters("lo")[2].pk
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert "side-by-side/" in html


def test_section_is_numbered_within_its_chapter(client, demo_manual_site):
    section = ManualSectionPage.objects.get(locale__language_code="en", slug="penalties")
    response = client.get(section.url)
    assert response.context["number"] == "1.1"
    assert response.context["next"][0] == "2"


def test_reading_time_counts_lao_words_not_spaces():
    lao = "ການຄ້າມະນຸດແມ່ນອາຊະຍາກຳຕໍ່ບຸກຄົນ " * 200
    # Without segmentation this would be 200 "words"; ICU finds about 7 words a phrase.
    assert reading_minutes(lao, "lo") > reading_minutes("word " * 200, "en")


def test_trainer_notes_never_reach_learners(client, demo_manual_site):
    chapter = chapters("en")[0]
    assert TRAINER_NOTE not in client.get(chapter.url).content.decode()

    learner = get_user_model().objects.create_user("learner-x", password="x")
    learner.groups.add(Group.objects.get(name=groups.LEARNERS))
    client.force_login(learner)
    assert not can_see_trainer_notes(learner)
    assert TRAINER_NOTE not in client.get(chapter.url).content.decode()
    assert TRAINER_NOTE not in client.get(chapter.url + "side-by-side/").content.decode()


def test_trainers_see_trainer_notes(client, demo_manual_site):
    trainer = get_user_model().objects.create_user("trainer-x", password="x")
    trainer.groups.add(Group.objects.get(name=groups.TRAINERS))
    client.force_login(trainer)
    html = client.get(chapters("en")[0].url).content.decode()
    assert TRAINER_NOTE in html


def test_trainer_notes_stay_out_of_the_search_index(client, demo_manual_site):
    response = client.get("/en/search/", {"q": "void"})  # a word only the trainer note has
    assert response.context["results"] == []


def test_key_terms_link_to_their_glossary_entries(client, demo_manual_site):
    term = GlossaryTerm.objects.get(term_en="sham marriage")
    html = client.get(chapters("lo")[0].url).content.decode()
    assert f'href="/lo/manual/glossary/#{term.anchor}"' in html
    glossary = client.get("/lo/manual/glossary/").content.decode()
    assert f'id="{term.anchor}"' in glossary


def test_glossary_in_lao_follows_icu_collation(client, demo_manual_site):
    response = client.get("/lo/manual/glossary/")
    terms = [t.term_lo for _letter, group in response.context["groups"] for t in group]
    assert terms == sorted(terms, key=lambda t: sort_key(t, "lo"))
    # Code-point order would put ແຕ່ງດອງແອບແຝງ (preposed vowel ແ) after every consonant.
    assert terms != sorted(terms)
    assert terms.index("ແຕ່ງດອງແອບແຝງ") < terms.index("ຜູ້ຖືກເຄາະຮ້າຍ")
    letters = [letter for letter, _group in response.context["groups"]]
    assert not set(letters) & set("ເແໂໃໄ")  # words are filed under their consonant


def test_glossary_in_english_is_alphabetical_side_by_side(client, demo_manual_site):
    response = client.get("/en/manual/glossary/")
    terms = [t.term_en for _letter, group in response.context["groups"] for t in group]
    assert terms == sorted(terms, key=str.lower)
    html = response.content.decode()
    assert 'class="jump-bar"' in html and '<span lang="lo">ການຄ້າມະນຸດ</span>' in html


def test_side_by_side_view_pairs_lao_and_english_blocks(client, demo_manual_site):
    lao = chapters("lo")[0]
    response = client.get(lao.url + "side-by-side/")
    pairs = response.context["pairs"]
    assert len(pairs) == len(lao.body)
    for lao_block, english_block in pairs:
        assert lao_block.id == english_block.id
        assert lao_block.block_type == english_block.block_type
    html = response.content.decode()
    assert 'class="parallel__cell" lang="lo"' in html and 'class="parallel__cell" lang="en"' in html


def test_blocks_without_shared_ids_pair_by_position():
    stream = ContentStreamBlock()
    lao = stream.to_python([{"type": "paragraph", "value": "<p>ກ</p>", "id": "a"}])
    english = stream.to_python(
        [
            {"type": "paragraph", "value": "<p>A</p>", "id": "b"},
            {"type": "paragraph", "value": "<p>B</p>", "id": "c"},
        ]
    )
    pairs = aligned_blocks(lao, english)
    assert [(p[0] and p[0].id, p[1] and p[1].id) for p in pairs] == [("a", "b"), (None, "c")]


def test_untranslated_chapter_is_shown_in_english_with_a_lao_notice(client, demo_manual_site):
    english_manual = demo_manual_site["en"]
    chapter = ManualChapterPage(title="Only in English", slug="only-english", body=[])
    english_manual.add_child(instance=chapter)
    publish_page(chapter)

    index = client.get("/lo/manual/").content.decode()
    assert "Only in English" in index and "/lo/manual/only-english/" in index

    response = client.get("/lo/manual/only-english/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["translation_missing"]
    assert "ໜ້ານີ້ຍັງບໍ່ທັນໄດ້ແປເປັນພາສາຂອງທ່ານ" in html
    assert '<html lang="lo">' in html and 'class="manual-text" lang="en"' in html


def test_manual_is_one_per_language_and_in_the_main_menu(client, demo_manual_site):
    home = demo_manual_site["lo"].get_parent()
    assert not ManualPage.can_create_at(home)
    assert demo_manual_site["lo"].show_in_menus
    html = client.get("/lo/").content.decode()
    assert 'href="/lo/manual/"' in html and 'href="/lo/search/"' in html


def test_print_stylesheet_hides_navigation_and_prints_link_addresses():
    from django.contrib.staticfiles import finders

    with open(finders.find("courses/css/manual.css"), encoding="utf-8") as handle:
        css = handle.read()
    print_rules = css[css.index("@media print") :]
    assert ".pager" in print_rules and "break-before: page" in print_rules
    assert 'content: " (" attr(href) ")"' in print_rules


def test_chapter_body_renders_through_the_template_tags(demo_manual_site):
    chapter = chapters("lo")[0]
    html = Template(
        "{% load wagtailcore_tags %}{% for b in body %}{% include_block b %}{% endfor %}"
    )
    with translation.override("lo"):
        rendered = html.render(Context({"body": chapter.body, "request": None}))
    assert "ມາດຕາ 2" in rendered  # the legal provision's citation in Lao


def test_image_block_serves_lazy_responsive_renditions_with_caption_and_credit(db):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Checkpoint", file=get_test_image_file(size=(1200, 800)))
    block = ContentStreamBlock().child_blocks["image"]
    value = block.to_python(
        {
            "image": image.pk,
            "alt_text": "A border checkpoint",
            "caption": "Vang Tao",
            "credit": "IOM",
        }
    )
    html = block.render(value)
    assert 'loading="lazy"' in html and "srcset=" in html and "320w" in html
    assert 'alt="A border checkpoint"' in html and "Vang Tao" in html and "© IOM" in html


def test_document_block_offers_a_download_with_type_and_size(db):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document.objects.create(
        title="Law on Anti-Trafficking in Persons",
        file=ContentFile(b"%PDF-1.4 law text", name="law.pdf"),
    )
    block = ContentStreamBlock().child_blocks["document"]
    html = block.render(block.to_python({"document": document.pk, "title": ""}))
    assert "Law on Anti-Trafficking in Persons" in html and "PDF" in html and "download" in html


def test_every_block_has_an_admin_preview(client, demo_manual_site):
    admin = get_user_model().objects.create_superuser("previewer", "p@example.la", "x")
    client.force_login(admin)
    for name, block in ContentStreamBlock().child_blocks.items():
        assert block.is_previewable, name
        if name in {"image", "document"}:
            continue  # their preview shows the first image or document in the library
        response = client.get("/admin/block-preview/", {"id": block.definition_prefix})
        assert response.status_code == 200, name
        assert "courses/css/manual.css" in response.content.decode()


def test_an_edited_glossary_term_shows_in_chapters_at_once(client, demo_manual_site):
    chapter = chapters("lo")[0]
    client.get(chapter.url)  # fills the glossary cache
    term = GlossaryTerm.objects.get(term_en="sham marriage")
    term.term_lo = "ການແຕ່ງງານປອມ"
    term.save()
    assert "ການແຕ່ງງານປອມ" in client.get(chapter.url).content.decode()


def test_glossary_admin_lists_terms_in_both_languages(client, demo_manual_site):
    admin = get_user_model().objects.create_superuser("editor", "e@example.la", "x")
    client.force_login(admin)
    html = client.get("/admin/snippets/courses/glossaryterm/", {"q": "debt"}).content.decode()
    assert "debt bondage" in html and "ຜູກມັດດ້ວຍໜີ້ສິນ" in html
