import pytest

from thanrak.core.areas import prefix_q
from thanrak.core.citizen_id import check_digit, is_valid_tax_id
from thanrak.core.paginate import CappedPaginator
from thanrak.geo.models import Subdistrict


@pytest.mark.django_db
class TestPrefixQ:
    def test_matches_exactly_the_areas_inside_the_code(self):
        inside = set(Subdistrict.objects.filter(prefix_q("code", "5601")).values_list("code", flat=True))

        assert inside == set(
            Subdistrict.objects.filter(code__startswith="5601").values_list("code", flat=True)
        )
        assert len(inside) > 10

    def test_leaves_out_a_wider_area_code_that_sorts_before_it(self):
        assert not Subdistrict.objects.filter(prefix_q("code", "56010101")).exists()

    def test_a_code_of_nines_still_matches_by_prefix(self):
        assert not Subdistrict.objects.filter(prefix_q("code", "99")).exists()
        assert (
            Subdistrict.objects.filter(prefix_q("code", "96")).count()
            == Subdistrict.objects.filter(code__startswith="96").count()
        )


class TestTaxId:
    def test_accepts_a_juristic_person_number_starting_with_zero(self):
        first12 = "010555012345"

        assert is_valid_tax_id(first12 + str(check_digit(first12)))

    def test_refuses_a_wrong_check_digit(self):
        first12 = "010555012345"

        assert not is_valid_tax_id(first12 + str((check_digit(first12) + 1) % 10))


@pytest.mark.django_db
class TestCappedPaginator:
    def test_counts_no_further_than_the_cap_and_says_so(self):
        paginator = CappedPaginator(Subdistrict.objects.order_by("code"), 25, cap=100)

        assert paginator.count == 100
        assert paginator.capped
        assert paginator.num_pages == 4

    def test_gives_the_exact_count_under_the_cap(self):
        rows = Subdistrict.objects.filter(code__startswith="5601").order_by("code")

        paginator = CappedPaginator(rows, 25, cap=10_000)

        assert paginator.count == rows.count()
        assert not paginator.capped
