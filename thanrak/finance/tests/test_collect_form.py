"""The collection-day sheet's formset: one row per member on the sheet, its boxes named by the member."""

from thanrak.finance.forms import CollectFormSet
from thanrak.finance.models import SavingsKind

MEMBERS = [(11, "สมชาย ใจดี"), (12, "สมหญิง รักดี"), (13, "มานี มีนา")]


def sheet(data: dict | None = None, **kwargs) -> CollectFormSet:  # noqa: ANN003
    return CollectFormSet(data, members=MEMBERS, welfare=False, **kwargs)


class TestTheSheet:
    def test_names_each_box_after_the_member_it_belongs_to(self):
        html = "".join(str(row["amount"]) + str(row["shares"]) for row in sheet().forms)

        for member_id, _name in MEMBERS:
            assert f'name="amount-{member_id}"' in html
            assert f'name="shares-{member_id}"' in html

    def test_fills_in_the_suggested_amount_in_baht(self):
        rows = sheet(initial=[{"amount": 10_000}, {"amount": None}, {"amount": 2_550}])

        assert [row["amount"].value() for row in rows.forms] == ["100.00", None, "25.50"]

    def test_reads_the_filled_boxes_savings_first_then_shares(self):
        rows = sheet({"amount-11": "100", "amount-12": "๑๒๐", "shares-11": "50", "amount-13": " "})

        assert rows.is_valid()
        assert rows.payments(SavingsKind.SAJJA) == [
            (11, SavingsKind.SAJJA, 10_000),
            (12, SavingsKind.SAJJA, 12_000),
            (11, SavingsKind.SHARES, 5_000),
        ]

    def test_reads_only_the_members_on_the_sheet(self):
        rows = sheet({"amount-11": "100", "amount-99": "100"})

        assert rows.is_valid()
        assert rows.payments(SavingsKind.SAJJA) == [(11, SavingsKind.SAJJA, 10_000)]

    def test_says_which_row_is_wrong(self):
        rows = sheet({"amount-11": "100", "amount-12": "abc", "shares-13": "0"})

        assert not rows.is_valid()
        assert [bool(row.errors) for row in rows.forms] == [False, True, True]
        assert rows.forms[1].has_error("amount", "invalid")
        assert rows.forms[2].has_error("shares", "too_small")
        assert rows.forms[1].error_text() == rows.forms[1].errors["amount"][0]
        assert 'aria-invalid="true"' in str(rows.forms[1]["amount"])
