"""Demo accounts: one convention for every module's demo (username-2569), printed once by seed_demo."""

from collections.abc import Iterable
from dataclasses import dataclass

from thanrak.accounts.models import User


@dataclass(frozen=True)
class Login:
    """A demo account printed at the end of seed_demo."""

    username: str
    password: str
    description: str


def password_of(username: str) -> str:
    """Demo passwords are printed by seed_demo; never use them outside a demo."""
    return f"{username}-2569"


def demo_user(username: str, role: str, *areas: str, first_name: str, last_name: str = "") -> User:
    """The demo account of this name, made when missing and given any of `areas` it lacks."""
    from thanrak.accounts.actions import area_assign, user_create

    user = User.objects.filter(username=username).first()
    if user is None:
        return user_create(
            username=username,
            password=password_of(username),
            role=role,
            first_name=first_name,
            last_name=last_name,
            area_codes=areas,
        )
    held = set(user.area_assignments.values_list("area_code", flat=True))
    for code in areas:
        if code not in held:
            area_assign(user=user, area_code=code)
    return user


def merged(logins: Iterable[Login]) -> list[Login]:
    """One line per account: a persona several modules use shows what each of them gives it to do."""
    by_name: dict[str, Login] = {}
    for login in logins:
        seen = by_name.get(login.username)
        if seen is None:
            by_name[login.username] = login
        elif login.description not in seen.description:
            by_name[login.username] = Login(
                seen.username, seen.password, f"{seen.description}; {login.description}"
            )
    return list(by_name.values())
