"""DOPA area codes: province 2 digits, district 4, subdistrict 6, village 8."""

import pytest

from thanrak.core import areas
from thanrak.core.areas import AreaLevel


class TestAreaCodes:
    @pytest.mark.parametrize(
        ("code", "level"),
        [
            ("56", AreaLevel.PROVINCE),
            ("5601", AreaLevel.DISTRICT),
            ("560101", AreaLevel.SUBDISTRICT),
            ("56010101", AreaLevel.VILLAGE),
        ],
    )
    def test_knows_the_level_from_the_length(self, code, level):
        assert areas.is_area_code(code)
        assert areas.level_of(code) == level

    @pytest.mark.parametrize("code", ["", "5", "560", "56010", "5601010101", "5a01", " 56", "๕๖", "56\n"])
    def test_refuses_what_is_not_a_dopa_code(self, code):
        assert not areas.is_area_code(code)
        with pytest.raises(ValueError):
            areas.level_of(code)

    def test_lists_the_areas_containing_a_village_widest_first(self):
        assert areas.ancestors("56010101") == ["56", "5601", "560101"]
        assert areas.ancestors("5601") == ["56"]
        assert areas.ancestors("56") == []

    def test_an_area_lies_within_its_ancestors_and_itself_only(self):
        assert areas.within("56010101", "5601")
        assert areas.within("5601", "5601")
        assert not areas.within("5602", "5601")
        assert not areas.within("56", "5601")

    def test_builds_a_village_code_from_its_subdistrict_and_number(self):
        assert areas.village_code("560101", 3) == "56010103"
        assert areas.village_code("560101", 12) == "56010112"

    @pytest.mark.parametrize(("sub", "number"), [("560101", 0), ("560101", 100), ("5601", 1)])
    def test_refuses_a_village_number_outside_1_to_99(self, sub, number):
        with pytest.raises(ValueError):
            areas.village_code(sub, number)

    def test_truncates_a_code_to_a_wider_level(self):
        assert areas.truncate("56010101", AreaLevel.DISTRICT) == "5601"
        assert areas.truncate("56010101", AreaLevel.VILLAGE) == "56010101"
        with pytest.raises(ValueError):
            areas.truncate("56", AreaLevel.DISTRICT)
