"""Certifications: rules per kind, badges only while valid, the renewal list."""

import datetime as dt

import pytest

from thanrak.commerce import actions, queries
from thanrak.commerce.models import Certification
from thanrak.commerce.tests.factories import AT, TODAY

pytestmark = pytest.mark.django_db


def certify(product, by, kind, **fields):
    return actions.certification_add(product=product, by=by, at=AT, kind=kind, **fields)


class TestCertificationAdd:
    def test_records_otop_stars_with_the_year_rated(self, org_officer, product):
        cert = certify(product, org_officer, "OTOP", stars=5, year_rated=2024, issuer="กรมการพัฒนาชุมชน")

        assert (cert.stars, cert.year_rated) == (5, 2024)

    @pytest.mark.parametrize("stars", [0, 6, None])
    def test_refuses_stars_outside_one_to_five(self, org_officer, product, stars):
        with pytest.raises(actions.CannotCertify):
            certify(product, org_officer, "OTOP", stars=stars, year_rated=2024)

    def test_stores_the_fda_number_as_13_digits(self, org_officer, product):
        cert = certify(product, org_officer, "FDA", number="56-2-00123-2-0001")

        assert cert.number == "5620012320001"

    def test_refuses_an_fda_number_of_another_shape(self, org_officer, product):
        with pytest.raises(actions.CannotCertify) as exc:
            certify(product, org_officer, "FDA", number="56-2-0012-2-0001")
        assert exc.value.code == "fda_number_13_digits" and exc.value.field == "number"

    def test_a_gi_needs_its_name_and_the_licence_period(self, org_officer, product):
        with pytest.raises(actions.CannotCertify):
            certify(product, org_officer, "GI", gi_name="ข้าวก่ำล้านนา")

        cert = certify(
            product,
            org_officer,
            "GI",
            gi_name="ข้าวก่ำล้านนา",
            valid_from=dt.date(2025, 1, 1),
            valid_until=dt.date(2027, 1, 1),
        )
        assert cert.is_valid_on(TODAY)

    def test_refuses_a_certificate_that_ends_before_it_starts(self, org_officer, product):
        with pytest.raises(actions.CannotCertify):
            certify(
                product, org_officer, "HALAL", valid_from=dt.date(2026, 1, 1), valid_until=dt.date(2025, 1, 1)
            )


class TestBadges:
    def test_an_expired_certificate_gives_no_badge(self, org_officer, product):
        certify(
            product, org_officer, "OTOP", stars=4, year_rated=2022, valid_until=TODAY - dt.timedelta(days=1)
        )
        certify(product, org_officer, "GAP", valid_until=TODAY + dt.timedelta(days=30))

        page = queries.storefront_product(product_id=product.pk, on=TODAY)

        assert [c.kind for c in page.certifications.all()] == ["GAP"]
        listed = queries.storefront_products(filters=queries.StorefrontFilters(), on=TODAY).get(pk=product.pk)
        assert listed.stars is None

    def test_listing_filters_by_stars_and_gi(self, org_officer, product, shop):
        from thanrak.commerce.tests import factories

        plain = factories.product(by=org_officer, shop=shop)
        certify(product, org_officer, "OTOP", stars=4, year_rated=2024)
        certify(
            product,
            org_officer,
            "GI",
            gi_name="ผ้าไหมแพรวากาฬสินธุ์",
            valid_from=dt.date(2025, 1, 1),
            valid_until=dt.date(2027, 1, 1),
        )

        def listed(**f):
            return set(
                queries.storefront_products(filters=queries.StorefrontFilters(**f), on=TODAY).values_list(
                    "pk", flat=True
                )
            )

        assert listed(min_stars=4) == {product.pk}
        assert listed(min_stars=5) == set()
        assert listed(gi=True) == {product.pk}
        assert plain.pk in listed()


class TestExpiringList:
    def test_lists_certificates_ending_within_60_days_soonest_first(
        self, org_officer, product, district_officer, other_district_officer
    ):
        soon = certify(product, org_officer, "HALAL", valid_until=TODAY + dt.timedelta(days=10))
        later = certify(product, org_officer, "GAP", valid_until=TODAY + dt.timedelta(days=59))
        certify(product, org_officer, "ORGANIC", valid_until=TODAY + dt.timedelta(days=90))
        certify(product, org_officer, "MPC", valid_until=TODAY - dt.timedelta(days=1))

        assert list(queries.certifications_expiring(viewer=org_officer, on=TODAY)) == [soon, later]
        assert list(queries.certifications_expiring(viewer=district_officer, on=TODAY)) == [soon, later]
        assert list(queries.certifications_expiring(viewer=other_district_officer, on=TODAY)) == []
        assert Certification.objects.count() == 4
