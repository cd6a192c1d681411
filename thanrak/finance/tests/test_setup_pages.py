"""Setting a fund up from its pages: opening another book, choosing or writing the arrears buckets."""

import datetime as dt

import pytest
from django.urls import reverse

from thanrak.finance import actions, queries
from thanrak.finance.models import AgingPreset, Book, LedgerAccount
from thanrak.finance.tests.factories import AT

pytestmark = pytest.mark.django_db
D = dt.date


def bands_post(preset: str, rows: list[tuple[str, str, str, str]]) -> dict[str, str]:
    data = {
        "preset": preset,
        "bands-TOTAL_FORMS": "10",
        "bands-INITIAL_FORMS": "0",
        "bands-MIN_NUM_FORMS": "10",
        "bands-MAX_NUM_FORMS": "10",
    }
    for i in range(10):
        th, en, lo, hi = rows[i] if i < len(rows) else ("", "", "", "")
        data |= {
            f"bands-{i}-label_th": th,
            f"bands-{i}-label_en": en,
            f"bands-{i}-min_days": lo,
            f"bands-{i}-max_days": hi,
        }
    return data


class TestOpeningABook:
    def test_the_treasurer_opens_a_top_up_book_and_can_post_into_it(self, client, fund, treasurer):
        client.force_login(treasurer)
        url = reverse("finance:book-list", args=[fund.pk])
        assert "เปิดบัญชีแยกอีกเล่ม" in client.get(reverse("finance:fund-detail", args=[fund.pk])).content.decode()

        response = client.post(
            url,
            {"code": "topup-2569", "name_th": "เงินเพิ่มทุน ปี 2569", "name_en": "", "source": "TOP_UP"},
            follow=True,
        )

        page = response.content.decode()
        assert "เงินเพิ่มทุน ปี 2569" in page
        assert "เงินเพิ่มทุน" in page  # the money source, in Thai
        book = fund.books.get(code="topup-2569")
        assert book.source == "TOP_UP" and not book.is_default
        assert (
            LedgerAccount.objects.filter(book=book).count()
            == LedgerAccount.objects.filter(book=fund.books.get(is_default=True)).count()
        )
        # its own accounts take entries and show in its own statements
        actions.journal_post_manual(
            fund=fund,
            on=D(2025, 2, 1),
            memo="เงินเพิ่มทุนจากรัฐ",
            legs=[("cash", 50_000_000, 0), ("capital", 0, 50_000_000)],
            book=book,
            by=treasurer,
            at=AT,
        )
        statements = client.get(
            reverse("finance:statements", args=[fund.pk]), {"book": book.pk, "as_of": "2025-12-31"}
        )
        assert "500,000.00" in statements.content.decode()

    def test_a_code_already_in_use_is_refused_in_thai_and_nothing_is_added(self, client, fund, treasurer):
        client.force_login(treasurer)

        response = client.post(
            reverse("finance:book-list", args=[fund.pk]),
            {"code": "main", "name_th": "ซ้ำ", "source": "GENERAL"},
        )

        assert response.status_code == 200
        assert "กองทุนมีบัญชีที่ใช้รหัสนี้อยู่แล้ว" in response.content.decode()
        assert fund.books.count() == 1

    def test_the_auditor_sees_the_books_but_may_not_open_one(self, client, fund, auditor):
        client.force_login(auditor)
        url = reverse("finance:book-list", args=[fund.pk])

        page = client.get(url)
        assert page.status_code == 200 and "บัญชีหลัก" in page.content.decode()
        assert 'name="code"' not in page.content.decode()
        assert client.post(url, {"code": "x", "name_th": "x", "source": "GENERAL"}).status_code == 403
        assert fund.books.count() == 1

    def test_an_officer_of_another_organisation_gets_no_page(self, client, fund, org_officer):
        client.force_login(org_officer)

        assert client.get(reverse("finance:book-list", args=[fund.pk])).status_code == 404
        assert Book.objects.filter(fund=fund).count() == 1


class TestArrearsBuckets:
    def test_the_treasurer_writes_the_funds_own_bands_and_the_arrears_page_uses_them(
        self, client, fund, treasurer
    ):
        client.force_login(treasurer)
        url = reverse("finance:aging-set", args=[fund.pk])
        rows = [
            ("ปกติ", "Current", "0", "7"),
            ("เฝ้าระวัง", "Watch", "8", "60"),
            ("ติดตามด่วน", "Urgent", "61", ""),
        ]

        response = client.post(url, bands_post("CUSTOM", rows), follow=True)

        assert "เปลี่ยนการจัดชั้นหนี้แล้ว" in response.content.decode()
        fund.refresh_from_db()
        assert fund.aging_preset == AgingPreset.CUSTOM
        assert [(b.label_th, b.min_days, b.max_days) for b in queries.aging_buckets(fund=fund)] == [
            ("ปกติ", 0, 7),
            ("เฝ้าระวัง", 8, 60),
            ("ติดตามด่วน", 61, None),
        ]
        arrears = client.get(reverse("finance:arrears", args=[fund.pk])).content.decode()
        assert "เฝ้าระวัง" in arrears and "ติดตามด่วน" in arrears
        # the form comes back filled with the fund's own bands
        again = client.get(url).content.decode()
        assert 'value="เฝ้าระวัง"' in again and 'value="61"' in again

    @pytest.mark.parametrize(
        ("rows", "message", "row"),
        [
            ([("ก", "", "0", "30"), ("ข", "", "40", "")], "ช่วงที่ 2 ต้องเริ่มที่ 31 วัน (ห้ามเว้นช่องว่างหรือซ้อนกัน)", 1),
            ([("ก", "", "0", "30"), ("ข", "", "20", "")], "ช่วงที่ 2 ต้องเริ่มที่ 31 วัน (ห้ามเว้นช่องว่างหรือซ้อนกัน)", 1),
            ([("ก", "", "5", "30"), ("ข", "", "31", "")], "ช่วงที่ 1 ต้องเริ่มที่ 0 วัน", 0),
            ([("ก", "", "0", "30"), ("ข", "", "31", "90")], "เฉพาะช่วงสุดท้ายเท่านั้นที่ไม่มีจุดสิ้นสุด", 1),
            ([("ก", "", "0", ""), ("ข", "", "31", "")], "เฉพาะช่วงสุดท้ายเท่านั้นที่ไม่มีจุดสิ้นสุด", 0),
            ([("ก", "", "0", "30"), ("ข", "", "31", "10"), ("ค", "", "11", "")], "ช่วงนี้สิ้นสุดก่อนจุดเริ่มต้น", 1),
            ([], "กรุณากำหนดช่วงจำนวนวันอย่างน้อยหนึ่งช่วง", None),
        ],
    )
    def test_bands_with_gaps_overlaps_or_out_of_order_are_refused_in_thai_and_nothing_changes(
        self, client, fund, treasurer, rows, message, row
    ):
        client.force_login(treasurer)
        before = [(b.label_th, b.min_days, b.max_days) for b in queries.aging_buckets(fund=fund)]

        response = client.post(reverse("finance:aging-set", args=[fund.pk]), bands_post("CUSTOM", rows))

        page = response.content.decode()
        assert response.status_code == 200
        assert message in page
        if row is not None:  # the message also stands next to the row at fault, with what was typed kept
            assert f'name="bands-{row}-min_days" value="{rows[row][2]}"' in page
        fund.refresh_from_db()
        assert fund.aging_preset == AgingPreset.BOT
        assert [(b.label_th, b.min_days, b.max_days) for b in queries.aging_buckets(fund=fund)] == before

    def test_a_band_without_a_name_or_start_is_refused_next_to_the_row(self, client, fund, treasurer):
        client.force_login(treasurer)

        page = client.post(
            reverse("finance:aging-set", args=[fund.pk]), bands_post("CUSTOM", [("", "", "", "30")])
        ).content.decode()

        assert "ทุกช่วงต้องมีชื่อ" in page and "กรุณาระบุวันแรกของช่วง" in page
        fund.refresh_from_db()
        assert fund.aging_preset == AgingPreset.BOT

    def test_a_preset_ignores_the_band_rows_and_replaces_custom_bands(self, client, fund, treasurer):
        actions.aging_buckets_set(fund=fund, preset="CUSTOM", bands=[("ทั้งหมด", "", 0, None)], by=treasurer)
        client.force_login(treasurer)

        client.post(reverse("finance:aging-set", args=[fund.pk]), bands_post("DAYS", [("x", "", "9", "")]))

        fund.refresh_from_db()
        assert fund.aging_preset == AgingPreset.DAYS
        assert [b.min_days for b in queries.aging_buckets(fund=fund)] == [0, 1, 31, 91, 181, 366]

    def test_the_auditor_reads_the_buckets_but_may_not_change_them(self, client, fund, auditor):
        client.force_login(auditor)
        url = reverse("finance:aging-set", args=[fund.pk])

        page = client.get(url)
        assert page.status_code == 200 and "สงสัยจะสูญ" in page.content.decode()
        assert 'name="preset"' not in page.content.decode()
        assert client.post(url, bands_post("DAYS", [])).status_code == 403
        fund.refresh_from_db()
        assert fund.aging_preset == AgingPreset.BOT
