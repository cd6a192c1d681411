"""Demo accounts: one password convention, one line per persona however many modules use it."""

import pytest
from django.contrib.auth import authenticate

from thanrak.accounts.roles import Role
from thanrak.demo.logins import Login, demo_user, merged, password_of


def test_one_line_per_account_with_what_each_module_gives_it_to_do():
    logins = merged(
        [
            Login("phayao", "phayao-2569", "provincial officer"),
            Login("mueang", "mueang-2569", "district officer"),
            Login("phayao", "phayao-2569", "monitoring: approves values"),
            Login("phayao", "phayao-2569", "monitoring: approves values"),
        ]
    )

    assert [login.username for login in logins] == ["phayao", "mueang"]
    assert logins[0].description == "provincial officer; monitoring: approves values"


@pytest.mark.django_db
def test_a_module_reuses_the_persona_and_adds_the_villages_it_needs():
    first = demo_user("volunteer_x", Role.VOLUNTEER, "56010101", first_name="บุญเรือน")
    again = demo_user("volunteer_x", Role.VOLUNTEER, "56010101", "56010102", first_name="ใครก็ได้")

    assert again.pk == first.pk
    assert again.first_name == "บุญเรือน"
    assert sorted(again.area_assignments.values_list("area_code", flat=True)) == ["56010101", "56010102"]
    assert authenticate(username="volunteer_x", password=password_of("volunteer_x")) == again
