import pytest
from django.apps import apps
from wagtail.models import Page

from courses.models import CourseIndexPage
from lms.lao import lao_slug, lossy_slug
from lms.page_forms import ReadablePageForm, readable_slug

TITLE = "ການຄ້າມະນຸດ: ແນວຄິດ ແລະ ກອບກົດໝາຍຂອງລາວ ສຳລັບເຈົ້າໜ້າທີ່ຕຳຫຼວດ ໄອຍະການ ແລະ ຜູ້ພິພາກສາ"


def test_the_editors_slug_drops_lao_vowels_and_tone_marks_ours_keeps_them():
    assert lossy_slug("ການຄ້າມະນຸດ") == "ການຄາມະນດ"
    slug = lao_slug(TITLE)
    assert slug.startswith("ການຄ້າ-ມະນຸດ-ແນວຄິດ-ແລະ")
    assert len(slug) <= 100 and not slug.endswith("-")
    assert all(word in TITLE.replace(" ", "") for word in slug.split("-"))


@pytest.mark.django_db
def test_a_new_lao_page_gets_its_title_words_whole(home_pages):
    page = CourseIndexPage(title=TITLE, locale=home_pages["lo"].locale)
    assert readable_slug(page, home_pages["lo"], TITLE, lossy_slug(TITLE)) == lao_slug(TITLE)


@pytest.mark.django_db
def test_a_lao_translation_gets_the_english_slug_and_a_typed_slug_is_kept(home_pages):
    english = CourseIndexPage(title="Courses", slug="courses")
    home_pages["en"].add_child(instance=english)
    lao = english.copy_for_translation(home_pages["lo"].locale, copy_parents=False)
    lao.title = TITLE
    assert readable_slug(lao, home_pages["lo"], TITLE, lossy_slug(TITLE)) == "courses"
    assert readable_slug(lao, home_pages["lo"], TITLE, "my-choice") == "my-choice"


@pytest.mark.django_db
def test_a_readable_slug_taken_by_a_sibling_gets_a_number(home_pages):
    home_pages["lo"].add_child(instance=CourseIndexPage(title="x", slug=lao_slug(TITLE)))
    page = CourseIndexPage(title=TITLE)
    assert readable_slug(page, home_pages["lo"], TITLE, lossy_slug(TITLE)) == (
        lao_slug(TITLE) + "-2"
    )


def test_every_page_type_is_edited_with_the_readable_slug_form():
    page_models = [m for m in apps.get_models() if issubclass(m, Page) and m is not Page]
    assert page_models
    for model in page_models:
        assert issubclass(model.get_edit_handler().get_form_class(), ReadablePageForm), model


@pytest.mark.django_db
def test_a_lao_slug_with_its_marks_passes_the_admin_form(home_pages):
    page = CourseIndexPage(title=TITLE, slug=lao_slug(TITLE))
    home_pages["lo"].add_child(instance=page)
    form_class = CourseIndexPage.get_edit_handler().get_form_class()
    form = form_class(instance=page, parent_page=home_pages["lo"], for_user=None)
    field = form.fields["slug"]
    field.clean(lao_slug(TITLE))  # no ValidationError


@pytest.mark.django_db
def test_prerequisites_are_offered_in_the_courses_language_once(home_pages):
    from courses.models import CoursePage
    from tests.courses.course_builders import make_course, translate_course

    first = make_course(home_pages["lo"])
    translate_course(first)
    second = make_course(home_pages["lo"], lessons=1)
    form_class = CoursePage.get_edit_handler().get_form_class()
    form = form_class(instance=second, parent_page=second.get_parent(), for_user=None)
    offered = list(form.fields["prerequisites"].queryset)
    assert offered == [first]
