"""The directory of helpers, the suggested match, and product development."""

import pytest

from thanrak.commerce.models import Certification
from thanrak.commerce.tests import factories as shop_factories
from thanrak.core.errors import DomainError
from thanrak.registry.tests import factories
from thanrak.services import actions, queries
from thanrak.services.tests.conftest import AT, TODAY

pytestmark = pytest.mark.django_db


def _helper(by, area, expertise, kinds=("SME_VOLUNTEER",), areas=None, **kw):
    person = factories.person(by=by, area_code=area)
    return actions.helper_save(
        person=person, kinds=kinds, expertise=expertise, areas=areas or [area], by=by, at=AT, **kw
    )


class TestHelperDirectory:
    def test_search_by_expertise_and_area(self, national_manager):
        near = _helper(national_manager, "56010101", ["PACKAGING"], expertise_words="กล่องกระดาษ")
        _helper(national_manager, "56020101", ["PACKAGING"])
        _helper(national_manager, "56010101", ["LEGAL"])
        found = queries.helper_list(viewer=national_manager, expertise="PACKAGING", area="5601")
        assert list(found) == [near]
        assert list(queries.helper_list(viewer=national_manager, q="กล่อง")) == [near]

    def test_a_helper_serving_the_whole_province_is_found_in_a_district(self, national_manager):
        wide = _helper(national_manager, "56020101", ["FINANCE"], areas=["56"])
        assert list(queries.helper_list(viewer=national_manager, area="5601")) == [wide]

    def test_refuses_no_kind_and_bad_areas(self, national_manager, client_person):
        with pytest.raises(actions.CannotListHelper) as e:
            actions.helper_save(
                person=client_person, kinds=[], expertise=[], areas=[], by=national_manager, at=AT
            )
        assert e.value.code == "kind_missing"
        with pytest.raises(actions.CannotListHelper) as e:
            actions.helper_save(
                person=client_person, kinds=["SAGE"], expertise=[], areas=["56x"], by=national_manager, at=AT
            )
        assert (e.value.code, e.value.field) == ("area_invalid", "areas")

    def test_the_suggestion_prefers_the_nearest_helper_with_fitting_expertise(
        self, case, national_manager, district_officer
    ):
        _helper(national_manager, "56010201", ["FINANCE"])
        nearest = _helper(national_manager, "56010101", ["ACCOUNTING"])
        _helper(national_manager, "56010101", ["PACKAGING"])
        suggested = queries.suggest_for_case(viewer=district_officer, case=case)
        assert suggested[0][0] == nearest and len(suggested) == 2


@pytest.fixture
def product(org_officer, enterprise):
    shop = shop_factories.shop(by=org_officer, organisation=enterprise)
    return shop_factories.product(by=org_officer, shop=shop, stock=0)


class TestProductDevelopment:
    def test_done_by_the_shops_officer_records_the_otop_stars_in_commerce(
        self, product, org_officer, district_officer, national_manager
    ):
        case = actions.development_open(
            product=product,
            standard="OTOP",
            level_before=1,
            level_target=3,
            started_on=TODAY,
            by=district_officer,
            at=AT,
            on=TODAY,
        )
        actions.development_step(
            case=case, on=TODAY, what="ออกแบบบรรจุภัณฑ์ใหม่", by=district_officer, at=AT, today=TODAY
        )
        done = actions.development_finish(
            case=case, level_after=3, finished_on=TODAY, by=national_manager, at=AT, today=TODAY
        )
        cert = Certification.objects.get(product=product)
        assert done.status == "DONE" and done.certification == cert and cert.stars == 3

    def test_done_by_a_district_officer_waits_for_the_shop_to_record_the_certificate(
        self, product, district_officer
    ):
        case = actions.development_open(
            product=product,
            standard="MPC",
            level_before=0,
            level_target=1,
            started_on=TODAY,
            by=district_officer,
            at=AT,
            on=TODAY,
        )
        done = actions.development_finish(
            case=case, level_after=1, finished_on=TODAY, by=district_officer, at=AT, today=TODAY
        )
        assert done.certification_pending and not Certification.objects.filter(product=product).exists()

    def test_refuses_a_target_not_above_the_start_and_a_second_open_case(self, product, district_officer):
        with pytest.raises(actions.CannotDevelopProduct) as e:
            actions.development_open(
                product=product,
                standard="OTOP",
                level_before=3,
                level_target=3,
                started_on=TODAY,
                by=district_officer,
                at=AT,
                on=TODAY,
            )
        assert (e.value.code, e.value.field) == ("target_not_above", "level_target")
        actions.development_open(
            product=product,
            standard="FDA",
            level_before=0,
            level_target=1,
            started_on=TODAY,
            by=district_officer,
            at=AT,
            on=TODAY,
        )
        with pytest.raises(actions.CannotDevelopProduct) as e:
            actions.development_open(
                product=product,
                standard="FDA",
                level_before=0,
                level_target=1,
                started_on=TODAY,
                by=district_officer,
                at=AT,
                on=TODAY,
            )
        assert e.value.code == "already_open"

    def test_the_district_counts_done_and_in_progress(
        self, product, district_officer, other_district_officer
    ):
        a = actions.development_open(
            product=product,
            standard="OTOP",
            level_before=1,
            level_target=2,
            started_on=TODAY,
            by=district_officer,
            at=AT,
            on=TODAY,
        )
        actions.development_open(
            product=product,
            standard="GI",
            level_before=0,
            level_target=1,
            started_on=TODAY,
            by=district_officer,
            at=AT,
            on=TODAY,
        )
        actions.development_drop(
            case=a, reason="กลุ่มหยุดผลิต", finished_on=TODAY, by=district_officer, at=AT, today=TODAY
        )
        totals = queries.development_totals(viewer=district_officer)
        assert (totals.done, totals.in_progress, totals.dropped) == (0, 1, 1)
        assert queries.development_totals(viewer=other_district_officer).in_progress == 0


class TestStepPhotos:
    """A development step's photo: checked on upload, kept private, served only to who may see the case."""

    @pytest.fixture
    def case(self, product, district_officer):
        return actions.development_open(
            product=product,
            standard="OTOP",
            level_before=1,
            level_target=3,
            started_on=TODAY,
            by=district_officer,
            at=AT,
            on=TODAY,
        )

    def _photo(self, data=None, name="label.png", kind="image/png"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile(name, data or shop_factories.png_bytes((640, 480)), content_type=kind)

    def test_a_step_photo_is_served_only_to_who_may_see_the_case(
        self, case, district_officer, officer_elsewhere, client, settings
    ):
        from pathlib import Path

        client.force_login(district_officer)
        page = client.post(
            f"/services/development/{case.pk}/step/",
            {"on": "01/12/2569", "what": "ถ่ายภาพฉลากใหม่", "photo": self._photo()},
        )
        assert page.status_code == 302
        step = case.steps.get()
        assert Path(step.photo.path).resolve().is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
        url = f"/services/development/{case.pk}/steps/{step.pk}/photo/"
        assert url in client.get(f"/services/development/{case.pk}/").content.decode()
        shown = client.get(url)
        assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
        assert b"".join(shown.streaming_content)[:2] == b"\xff\xd8"
        client.force_login(officer_elsewhere)
        assert client.get(url).status_code == 404
        client.logout()
        assert client.get(url).status_code in (302, 403)

    def test_a_photo_too_big_or_not_a_picture_is_refused_naming_the_field(
        self, case, district_officer, settings
    ):
        with pytest.raises(DomainError) as e:
            actions.development_step(
                case=case,
                on=TODAY,
                what="ฉลาก",
                by=district_officer,
                at=AT,
                today=TODAY,
                photo=self._photo(b"%PDF-1.4 not a picture", name="label.pdf", kind="application/pdf"),
            )
        assert (e.value.code, e.value.field) == ("file_photo_opened", "photo")
        settings.THANRAK_MAX_IMAGE_BYTES = 1000
        with pytest.raises(DomainError) as e:
            actions.development_step(
                case=case, on=TODAY, what="ฉลาก", by=district_officer, at=AT, today=TODAY, photo=self._photo()
            )
        assert (e.value.code, e.value.field) == ("photo_larger_mb_please", "photo")
        assert not case.steps.exists()

    def test_the_page_names_the_photo_field_when_refused(self, case, district_officer, client):
        client.force_login(district_officer)
        page = client.post(
            f"/services/development/{case.pk}/step/",
            {
                "on": "01/12/2569",
                "what": "ฉลาก",
                "photo": self._photo(b"GIF89a broken", name="x.gif", kind="image/gif"),
            },
        )
        assert page.status_code == 422 and 'aria-invalid="true"' in page.content.decode()
        assert not case.steps.exists()
