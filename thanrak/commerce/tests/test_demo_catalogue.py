"""The demo's shops sell what their groups make, so a person trying the demo can believe it."""

from thanrak.commerce.demo import FALLBACK_ORGANISATIONS, shop_catalogue


def names(organisation_name: str, i: int = 2) -> set[str]:
    return {item[0] for _line, _j, item in shop_catalogue(organisation_name, i)}


def categories(organisation_name: str, i: int = 2) -> set[str]:
    return {item[2] for _line, _j, item in shop_catalogue(organisation_name, i)}


def test_the_cotton_weavers_shop_sells_cloth_not_rice_or_chilli_paste():
    assert categories("วิสาหกิจชุมชนกลุ่มทอผ้าฝ้ายบ้านสันป่าม่วง") == {"TEXTILE"}


def test_a_longan_group_sells_longan_and_a_sour_fish_group_its_chilli_paste():
    assert names("วิสาหกิจชุมชนกลุ่มแปรรูปลำไยบ้านห้วยแก้ว") == {"ลำไยอบแห้งสีทอง", "น้ำผึ้งดอกลำไยแท้", "น้ำลำไยสกัดเข้มข้น"}
    assert names("วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรแปรรูปปลาส้มตำบลลอ") == {"น้ำพริกตาแดงปลาส้ม"}


def test_a_group_whose_name_says_nothing_still_sells_one_line():
    assert categories("เครือข่ายวิสาหกิจชุมชนจังหวัดพะเยา", 0) == {"TEXTILE"}


def test_every_fallback_group_sells_what_its_name_says():
    expected = ["TEXTILE", "HOUSEHOLD", "FOOD", "FOOD", "HERBAL"]
    for (name_th, _en, _area), category in zip(FALLBACK_ORGANISATIONS, expected, strict=True):
        assert category in categories(name_th, 4), name_th
