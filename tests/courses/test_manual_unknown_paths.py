import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/lo/manual/no-such-chapter/", "/en/manual/no-such-chapter/", "/lo/manual/a/b/c/"],
)
def test_a_mistyped_manual_address_is_a_quick_404_in_the_visitors_language(
    demo_manual_site, client, path
):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 404
    # Before, the Lao and English manuals handed the path to each other until Python's
    # recursion limit: 2,790 queries, then a server error.
    assert len(queries) <= 20
    lao = "ບໍ່ພົບໜ້າ" in response.content.decode()
    assert lao == path.startswith("/lo/")


def test_an_english_only_chapter_still_opens_under_the_lao_manual(demo_manual_site, client):
    english_chapter = demo_manual_site["en"].get_children().live().first()
    assert client.get(f"/lo/manual/{english_chapter.slug}/").status_code in (200, 302)
