"""The official's journey in Lao, in a phone-sized headless Chromium: register, enrol, take
the pre-test, read every lesson, pass the post-test, download the certificate and open
its verification link."""

import io
import re

import pytest
from pypdf import PdfReader

from assessments.models import QuestionType, QuizPurpose
from lms.lao import lao_matching_key
from lms.models import Province, Sector
from tests.browser import chromium_page
from tests.factories import QuestionFactory, QuizFactory, make_course

NAME_LO = "ແສງເດືອນ ວົງສະຫວັນ"
PASSWORD = "Mekong-river-2026"


def answer_every_question(page, value):
    for radio in page.locator(f'input[type=radio][value="{value}"]').all():
        radio.check()
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_url(re.compile(r"/review/"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_official_registers_learns_and_verifies_the_certificate_in_lao(live_server, home_pages):
    questions = [QuestionFactory(kind=QuestionType.TRUE_FALSE) for _ in range(3)]
    pre = QuizFactory(questions=questions, purpose=QuizPurpose.PRE, title_lo="ແບບທົດສອບກ່ອນຮຽນ")
    post = QuizFactory(questions=questions, purpose=QuizPurpose.POST, title_lo="ແບບທົດສອບຫຼັງຮຽນ")
    course = make_course(
        home_pages["lo"], lessons=2, title="ການກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ", pre_test=pre, post_test=post
    )
    base = live_server.url
    with chromium_page() as page:
        page.goto(f"{base}/lo/account/register/")
        assert page.locator("html").get_attribute("lang") == "lo"
        page.fill("#id_name_lo", NAME_LO)
        page.fill("#id_name_latin", "Sengdeuane Vongsavanh")
        page.check('input[name=sex][value="f"]')
        page.select_option("#id_sector", str(Sector.objects.get(code="police").pk))
        page.select_option("#id_province", str(Province.objects.get(code="01").pk))
        page.fill("#id_phone", "020 5555 7777")
        page.fill("#id_password1", PASSWORD)
        page.fill("#id_password2", PASSWORD)
        page.get_by_role("button", name="ສ້າງບັນຊີຂອງທ່ານ").click()
        # Registration never signs in by itself (it answers alike for a known phone).
        page.wait_for_url(re.compile(r"/lo/account/login/"))
        page.fill("input[name=username]", "020 5555 7777")
        page.fill("input[name=password]", PASSWORD)
        page.locator("form [type=submit]").click()
        page.wait_for_url(f"{base}/lo/learning/")
        assert page.get_by_role("heading", name="ການຮຽນຂອງທ່ານ").is_visible()

        page.goto(base + course.url)
        page.get_by_role("button", name="ລົງທະບຽນຮຽນຫຼັກສູດນີ້").click()
        # The course has a pre-test: enrolling leads to it before any lesson.
        page.wait_for_url(re.compile(rf"/lo/quizzes/{pre.pk}/"))
        page.locator("main form button[type=submit]").first.click()
        answer_every_question(page, "false")

        page.goto(base + course.url)
        page.get_by_role("link", name="ເລີ່ມບົດຮຽນທຳອິດ").click()
        page.get_by_role("button", name="ສຳເລັດ, ໄປບົດຕໍ່ໄປ").click()
        page.get_by_role("button", name="ສຳເລັດ, ຈົບບົດຮຽນ").click()
        page.wait_for_url(base + course.url)
        page.get_by_role("link", name="ເຮັດແບບທົດສອບຫຼັງການຝຶກອົບຮົມ").click()
        page.locator("main form button[type=submit]").first.click()
        answer_every_question(page, "true")

        page.goto(base + course.url)
        assert page.get_by_text("ທ່ານຮຽນຈົບຫຼັກສູດນີ້ແລ້ວ.").is_visible()
        with page.expect_download() as download_info:
            page.get_by_role("link", name="ດາວໂຫຼດໃບຢັ້ງຢືນຂອງທ່ານ (PDF)").click()
        with open(download_info.value.path(), "rb") as handle:
            text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
        assert lao_matching_key(NAME_LO) in lao_matching_key(text)
        assert lao_matching_key(course.title) in lao_matching_key(text)
        verification = re.search(r"http://\S+/certificates/verify/[A-Z0-9-]+/", text).group(0)

        page.goto(verification)
        assert page.get_by_text("ໃບຢັ້ງຢືນນີ້ ໃຊ້ໄດ້.").is_visible()
        assert page.get_by_text(NAME_LO).is_visible()
        assert page.get_by_text(course.title).is_visible()
