"""Import of the registers from a spreadsheet: Thai headers in cp874 or UTF-8, XLSX; all or nothing, each
problem named by row and column."""

import pytest
from django.urls import reverse

from thanrak.assets import actions
from thanrak.assets.models import CommunityForest, LabSite
from thanrak.assets.tests import factories as f
from thanrak.core.tabular import write_xlsx

pytestmark = pytest.mark.django_db


def _cp874(text: str) -> bytes:
    return text.encode("cp874")


class TestForests:
    def test_a_cp874_file_with_thai_headers_and_be_dates_is_imported(self, district_officer):
        data = _cp874(
            "ชื่อป่าชุมชน,รหัสพื้นที่,สถานะ,เลขทะเบียน,วันที่อนุมัติ\r\n"
            "ป่าชุมชนดอยหลวง,560101,APPROVED,พย.101/2566,15/06/2566\r\n"
            "ป่าชุมชนห้วยแม่ต๋ำ,560102,,,\r\n"
        )
        written = actions.register_import(register="forests", source=data, by=district_officer, at=f.AT)
        assert written == 2
        approved = CommunityForest.objects.get(name="ป่าชุมชนดอยหลวง")
        assert approved.approved_on.year == 2023 and approved.legal_status == "APPROVED"

    def test_one_bad_row_and_nothing_is_written_every_problem_named(self, district_officer):
        data = write_xlsx(
            ["name", "area_code", "legal_status", "approved_on"],
            [
                ["ป่าชุมชนดี", "560101", "PROPOSED", ""],
                ["ป่าชุมชนไม่มีวันที่", "560101", "APPROVED", ""],
                ["ป่าชุมชนรหัสผิด", "999999", "PROPOSED", ""],
                ["ป่าชุมชนวันที่ผิด", "560101", "APPROVED", "31/02/2566"],
            ],
        )
        with pytest.raises(actions.ImportRefused) as caught:
            actions.register_import(register="forests", source=data, by=district_officer, at=f.AT)
        assert [(i.row, i.column) for i in caught.value.issues] == [
            (3, "approved_on"),
            (4, "area_code"),
            (5, "approved_on"),
        ]
        assert not CommunityForest.objects.exists()

    def test_an_area_outside_the_officers_is_refused(self, other_district_officer):
        data = "name,area_code\nป่าชุมชน,560101\n".encode()
        with pytest.raises(actions.ImportRefused) as caught:
            actions.register_import(register="forests", source=data, by=other_district_officer, at=f.AT)
        assert caught.value.issues[0].column == "area_code"


class TestSites:
    def test_sites_with_thai_headers_and_kinds(self, district_officer, enterprise, phayao_household):
        data = (
            "ประเภท,ชื่อ,รหัสพื้นที่,วันที่เริ่ม,รหัสองค์กร,เลขครัวเรือน\n"
            f"CLM,ศูนย์โคกหนองนา,560101,1/5/2564,{enterprise.pk},\n"
            f"HLM,แปลงครัวเรือน,{phayao_household.area_code},1 มิ.ย. 2564,,{phayao_household.pk}\n"
        ).encode()
        assert actions.register_import(register="sites", source=data, by=district_officer, at=f.AT) == 2
        assert set(LabSite.objects.values_list("kind", flat=True)) == {"CLM", "HLM"}

    def test_the_page_lists_the_problems(self, client, district_officer):
        from django.core.files.uploadedfile import SimpleUploadedFile

        client.force_login(district_officer)
        upload = SimpleUploadedFile("sites.csv", b"kind,name,area_code,started_on\nHLM,x,560101,1/5/2564\n")
        sent = client.post(reverse("assets:site-import"), {"file": upload})
        assert sent.status_code == 422
        assert "ครัวเรือน" in sent.content.decode() and not LabSite.objects.exists()
