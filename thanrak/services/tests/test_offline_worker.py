"""One service worker for the three offline pages (survey, learning's attendance, services' caseload),
still at the addresses the phones installed it from."""

from django.urls import reverse

from thanrak.core.offline import WORKER


def test_the_three_addresses_serve_the_one_worker_to_anyone(client):
    code = WORKER.read_text(encoding="utf-8")
    urls = [
        reverse("survey:service-worker"),
        reverse("learning:service-worker"),
        reverse("services:caseload-sw"),
    ]

    assert urls == ["/survey/sw.js", "/learning/sw.js", "/services/caseload/sw.js"]
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200 and answer.content.decode() == code
        assert answer["Content-Type"].startswith("text/javascript") and answer["Cache-Control"] == "no-cache"


def test_the_worker_names_its_caches_after_the_folder_it_is_served_from():
    code = WORKER.read_text(encoding="utf-8")
    # /survey/sw.js → "survey"; /services/caseload/sw.js → "caseload": the caches the pages' scripts fill.
    assert 'pathname.split("/").filter(Boolean).slice(-2, -1)[0]' in code
    assert "const PAGES = `thanrak-${NAME}-`" in code and "thanrak-${NAME}-static-v1" in code


def test_a_post_to_the_worker_is_refused(client):
    assert client.post(reverse("services:caseload-sw")).status_code == 405
