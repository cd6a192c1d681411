"""The stock ledger: every change a movement with reason and who; never below zero."""

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thanrak.commerce import actions
from thanrak.commerce.models import Location, StockBalance, StockMovement
from thanrak.commerce.tests.factories import AT

pytestmark = pytest.mark.django_db


class TestStockLedger:
    def test_receiving_and_adjusting_leave_a_ledger_with_reasons(self, org_officer, product):
        variant = product.variants.get()
        counter = Location.objects.get(shop=product.shop, is_default=True)

        actions.stock_adjust(
            variant=variant, location=counter, delta=-3, reason="ผ้าเปื้อน", by=org_officer, at=AT
        )

        moves = list(
            StockMovement.objects.filter(variant=variant)
            .order_by("pk")
            .values_list("kind", "quantity", "balance_after", "reason")
        )
        assert moves == [("RECEIVE", 10, 10, "ทอเสร็จ"), ("ADJUSTMENT", -3, 7, "ผ้าเปื้อน")]
        assert StockBalance.objects.get(variant=variant, location=counter).quantity == 7

    def test_refuses_to_go_below_zero(self, org_officer, product):
        variant = product.variants.get()
        counter = Location.objects.get(shop=product.shop, is_default=True)

        with pytest.raises(actions.OutOfStock):
            actions.stock_adjust(
                variant=variant, location=counter, delta=-11, reason="นับผิด", by=org_officer, at=AT
            )
        assert StockBalance.objects.get(variant=variant).quantity == 10

    def test_an_adjustment_needs_a_reason(self, org_officer, product):
        counter = Location.objects.get(shop=product.shop, is_default=True)

        with pytest.raises(actions.CannotMoveStock):
            actions.stock_adjust(
                variant=product.variants.get(), location=counter, delta=-1, reason=" ", by=org_officer, at=AT
            )

    def test_the_database_itself_refuses_a_negative_balance(self, product):
        balance = StockBalance.objects.get(variant__product=product)

        with pytest.raises(IntegrityError), transaction.atomic():
            StockBalance.objects.filter(pk=balance.pk).update(quantity=-1)

    def test_stock_of_another_shop_cannot_be_used(self, org_officer, product, national_manager):
        from thanrak.commerce.tests import factories
        from thanrak.registry.tests import factories as registry

        other_shop = factories.shop(
            by=national_manager, organisation=registry.organisation(by=national_manager)
        )
        elsewhere = Location.objects.get(shop=other_shop)

        with pytest.raises(actions.CannotMoveStock):
            actions.stock_receive(
                variant=product.variants.get(),
                location=elsewhere,
                quantity=1,
                reason="",
                by=national_manager,
                at=AT,
            )


class TestStockLedgerProperties:
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(changes=st.lists(st.integers(min_value=-15, max_value=15).filter(bool), min_size=1, max_size=12))
    def test_balance_is_the_sum_of_movements_and_never_negative(self, org_officer, product, changes):
        variant = product.variants.get()
        counter = Location.objects.get(shop=product.shop, is_default=True)
        for delta in changes:
            try:
                actions.stock_adjust(
                    variant=variant, location=counter, delta=delta, reason="นับ", by=org_officer, at=AT
                )
            except actions.OutOfStock:
                pass
        balance = StockBalance.objects.get(variant=variant, location=counter).quantity
        ledger = sum(
            StockMovement.objects.filter(variant=variant, location=counter).values_list("quantity", flat=True)
        )

        assert balance == ledger >= 0
        assert all(
            m >= 0
            for m in StockMovement.objects.filter(variant=variant).values_list("balance_after", flat=True)
        )
