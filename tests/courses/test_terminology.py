"""The Lao term base: the demo content and the catalogues use each concept's preferred term
and the formal register, and the check catches a variant or a ຂ້ອຍ planted in them."""

import io

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from courses.manual.terms import (
    CATALOGUES,
    TermBase,
    catalogue_texts,
    check_site,
    check_texts,
    content_texts,
)
from courses.models import GlossaryTerm, LessonPage

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The whole demo (load_demo_data), rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def term_base(demo_site):
    return TermBase.from_glossary()


def flagged(text: str, term_base: TermBase) -> list[str]:
    return [finding.found for finding in check_texts([("planted", text)], term_base)]


def test_demo_content_uses_the_preferred_terms_and_the_formal_register(term_base):
    findings = check_texts(content_texts(), term_base)
    assert not findings, "\n".join(map(str, findings))


def test_catalogues_use_the_preferred_terms_and_the_formal_register(term_base):
    findings = check_texts(catalogue_texts(), term_base)
    assert not findings, "\n".join(map(str, findings))


def test_the_demo_glossary_gives_each_concept_one_term_and_its_variants(demo_site):
    terms = {term.term_en: term for term in GlossaryTerm.objects.all()}
    assert terms["victim identification"].term_lo == "ການລະບຸຕົວຜູ້ຖືກເຄາະຮ້າຍ"
    assert "ກຳນົດຕົວ" in terms["victim identification"].avoided_variants
    assert terms["Palermo Protocol"].term_lo == "ພິທີສານປາແລກໂມ"
    assert terms["smuggling of migrants"].term_lo == "ການລັກລອບນຳຄົນເຂົ້າເມືອງ"
    assert terms["pre-test"].term_lo == "ແບບທົດສອບກ່ອນການຝຶກອົບຮົມ"
    assert terms["post-test"].term_lo == "ແບບທົດສອບຫຼັງການຝຶກອົບຮົມ"
    # One row of the domain data named both tests; each has its own term now.
    assert "pre-test / post-test" not in terms


@pytest.mark.parametrize(
    "text, found",
    [
        ("ຫຼັກສູດ ການກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ", ["ກຳນົດຕົວ"]),
        ("ກວ້າງກວ່າອະນຸສັນຍາປາແລກໂມ", ["ອະນຸສັນຍາປາແລກໂມ"]),
        ("ແຕກຕ່າງຈາກການລັກລອບເຂົ້າເມືອງແນວໃດ", ["ລັກລອບເຂົ້າເມືອງ"]),
        ("<p>ກະລຸນາເຮັດ<b>ແບບທົດສອບກ່ອນຮຽນ</b></p>", ["ແບບທົດສອບກ່ອນຮຽນ"]),
        # ຳ typed as ໍ + າ is the same variant.
        ("ການກໍານົດຕົວ", ["ກຳນົດຕົວ"]),
        ("ການຮຽນຂອງຂ້ອຍ", ["ຂ້ອຍ"]),
        ("ຂ້ອຍມີລະຫັດ", ["ຂ້ອຍ"]),
        ("ມັນສະແດງພຽງຄັ້ງດຽວ", ["ມັນ"]),
        ("ໜັງສືຜ່ານແດນຂອງເຈົ້າ", ["ເຈົ້າ"]),
    ],
)
def test_a_planted_variant_or_informal_word_is_flagged(term_base, text, found):
    assert flagged(text, term_base) == found


@pytest.mark.parametrize(
    "text",
    [
        "ການລະບຸຕົວຜູ້ຖືກເຄາະຮ້າຍ",
        "ພິທີສານປາແລກໂມ",
        "ການລັກລອບນຳຄົນເຂົ້າເມືອງ",
        "ແບບທົດສອບກ່ອນການຝຶກອົບຮົມ ແລະ ແບບທົດສອບຫຼັງການຝຶກອົບຮົມ",
        # The variant ກົດໝາຍອາຍາ inside the preferred ປະມວນກົດໝາຍອາຍາ.
        "ມາດຕາ 215 ຂອງປະມວນກົດໝາຍອາຍາ",
        # Words that contain the letters of ເຈົ້າ or ມັນ: they, official, owner, firm.
        "ເຂົາເຈົ້າບໍ່ສາມາດອອກຈາກບ່ອນເຮັດວຽກໄດ້",
        "ເຈົ້າໜ້າທີ່ຕຳຫຼວດ ແລະ ເຈົ້າຂອງຮ້ານ",
        "ຄວາມໝັ້ນໃຈ",
    ],
)
def test_preferred_terms_and_words_merely_containing_the_letters_pass(term_base, text):
    assert flagged(text, term_base) == []


def test_a_planted_word_on_a_live_lao_page_is_flagged(term_base):
    lesson = LessonPage.objects.live().filter(locale__language_code="lo").first()
    lesson.title = "ການຮຽນຂອງຂ້ອຍ: ການກຳນົດຕົວ"
    lesson.save_revision().publish()
    findings = [f for f in check_texts(content_texts(), term_base) if f"{lesson.pk})" in f.where]
    assert sorted(f.found for f in findings) == ["ກຳນົດຕົວ", "ຂ້ອຍ"]


def test_a_planted_word_in_a_catalogue_is_flagged(term_base, tmp_path):
    catalog = Catalog(locale="lo")
    catalog.add("My learning", "ການຮຽນຂອງຂ້ອຍ")
    catalog.add("Pre-test", "ແບບທົດສອບກ່ອນຮຽນ")
    catalog.add("Post-test", "ແບບທົດສອບຫຼັງການຝຶກອົບຮົມ")
    path = tmp_path / CATALOGUES[0]
    path.parent.mkdir(parents=True)
    with open(path, "wb") as handle:
        write_po(handle, catalog)
    findings = check_texts(catalogue_texts(tmp_path), term_base)
    assert [(f.where, f.found) for f in findings] == [
        (f"{CATALOGUES[0]}: 'My learning'", "ຂ້ອຍ"),
        (f"{CATALOGUES[0]}: 'Pre-test'", "ແບບທົດສອບກ່ອນຮຽນ"),
    ]


def test_the_command_fails_on_a_planted_variant_and_passes_without(demo_site):
    assert check_site() == []
    call_command("lao_terms", "check", stdout=io.StringIO())
    GlossaryTerm.objects.filter(term_en="victim").update(definition_lo="ບຸກຄົນທີ່ເປັນເຫຍື່ອ ຈາກການຄ້າມະນຸດ.")
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("lao_terms", "check", stdout=io.StringIO(), stderr=errors)
    assert "ເຫຍື່ອ → ຜູ້ຖືກເຄາະຮ້າຍ" in errors.getvalue()
