"""The agency's logo and name on the certificates: the upload is checked, the PDF carries them."""

import io
import subprocess
import unicodedata

import pytest
from django.urls import reverse
from PIL import Image

from thanrak.core.errors import DomainError
from thanrak.learning import actions
from thanrak.learning.logos import logo_png


def _picture(fmt: str = "PNG", size: tuple[int, int] = (800, 400), mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (0, 80, 160, 255) if mode == "RGBA" else (0, 80, 160)).save(out, format=fmt)
    return out.getvalue()


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKD", text).split())


def _pdf(content: bytes, tmp_path, tool: str, *args: str) -> str:  # noqa: ANN001
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    out = ["-"] if tool == "pdftotext" else []
    return subprocess.run([tool, *args, str(path), *out], capture_output=True, text=True, check=True).stdout


def _images(pdf: bytes, tmp_path) -> list[tuple[int, int]]:  # noqa: ANN001
    """The pictures of a PDF (width, height) as pdfimages lists them, masks left out."""
    rows = [line.split() for line in _pdf(pdf, tmp_path, "pdfimages", "-list").splitlines()[2:]]
    return [(int(r[3]), int(r[4])) for r in rows if r[2] == "image"]


class TestLogoPng:
    def test_a_logo_is_stored_as_a_png_of_at_most_600_px_with_its_transparency(self):
        stored = Image.open(io.BytesIO(logo_png(_picture())))
        assert stored.format == "PNG" and stored.size == (600, 300) and stored.mode == "RGBA"

    def test_a_jpeg_or_webp_logo_is_taken(self):
        assert logo_png(_picture("JPEG", mode="RGB")).startswith(b"\x89PNG")
        assert logo_png(_picture("WEBP", mode="RGB")).startswith(b"\x89PNG")

    @pytest.mark.parametrize(
        ("data", "code"),
        [
            (b"%PDF-1.7 not a picture", "logo_unreadable"),
            (_picture("GIF", mode="RGB"), "logo_format"),
            (_picture(size=(4001, 10)), "logo_too_many_pixels"),
            (b"\x89PNG" + b"0" * (1024 * 1024), "logo_too_large"),
        ],
    )
    def test_refuses_what_is_not_a_small_picture(self, data, code):  # noqa: ANN001
        with pytest.raises(DomainError) as refused:
            logo_png(data)
        assert refused.value.code == code and refused.value.field == "logo"


@pytest.mark.django_db
class TestCourseCertificateSet:
    def test_the_logo_replaces_the_last_and_can_be_removed(
        self, district_officer, course, settings, tmp_path
    ):  # noqa: ANN001
        settings.MEDIA_ROOT = tmp_path
        actions.course_certificate_set(
            by=district_officer, course=course, agency=" พช.เมืองพะเยา ", logo=_picture()
        )
        course.refresh_from_db()
        first = course.logo.path
        assert course.agency == "พช.เมืองพะเยา" and Image.open(first).format == "PNG"
        actions.course_certificate_set(
            by=district_officer, course=course, agency="", logo=_picture(size=(100, 100))
        )
        course.refresh_from_db()
        assert Image.open(course.logo.path).size == (100, 100)
        actions.course_certificate_set(by=district_officer, course=course, agency="", remove_logo=True)
        course.refresh_from_db()
        assert not course.logo and course.issuer() == ""

    def test_an_officer_of_another_district_may_not_change_it(self, other_district_officer, course):  # noqa: ANN001
        with pytest.raises(PermissionError):
            actions.course_certificate_set(by=other_district_officer, course=course, agency="x")


@pytest.mark.django_db
def test_the_certificates_carry_the_agency_logo_and_name(
    client, district_officer, course, batch, sessions, people, settings, tmp_path
):  # noqa: ANN001
    settings.MEDIA_ROOT = tmp_path
    client.force_login(district_officer)
    page = client.post(
        reverse("learning:course-certificate", args=[course.pk]),
        {"agency": "สำนักงานพัฒนาชุมชนอำเภอเมืองพะเยา", "logo": _upload(_picture(), "logo.png")},
    )
    assert page.status_code == 302
    enrolment = actions.enrol(by=district_officer, batch=batch, person=people[0])
    for s in sessions:
        actions.mark_list(by=district_officer, session=s, present=[enrolment.pk])
    actions.certificates_issue(by=district_officer, batch=batch, on=batch.end_date)
    pdf = client.get(reverse("learning:batch-certificates-pdf", args=[batch.pk])).content
    assert _norm("สำนักงานพัฒนาชุมชนอำเภอเมืองพะเยา") in _norm(_pdf(pdf, tmp_path, "pdftotext"))
    assert _images(pdf, tmp_path) == [(600, 300), (328, 328)]  # the logo, then the QR

    # Without a logo, the agency's name alone.
    client.post(
        reverse("learning:course-certificate", args=[course.pk]),
        {"agency": "สำนักงานพัฒนาชุมชนอำเภอเมืองพะเยา", "remove_logo": "on"},
    )
    pdf = client.get(reverse("learning:batch-certificates-pdf", args=[batch.pk])).content
    assert _norm("สำนักงานพัฒนาชุมชนอำเภอเมืองพะเยา") in _norm(_pdf(pdf, tmp_path, "pdftotext"))
    assert _images(pdf, tmp_path) == [(328, 328)]  # the QR alone


@pytest.mark.django_db
def test_a_file_that_is_not_a_picture_is_refused_on_the_page(
    client, district_officer, course, settings, tmp_path
):  # noqa: ANN001
    settings.MEDIA_ROOT = tmp_path
    client.force_login(district_officer)
    page = client.post(
        reverse("learning:course-certificate", args=[course.pk]),
        {"agency": "", "logo": _upload(b"not a picture", "logo.png")},
    )
    assert page.status_code == 200 and page.context["form"].errors["logo"]


def _upload(data: bytes, name: str):  # noqa: ANN202
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="image/png")
