"""Small helpers every monitoring action shares: area codes, coverage, permission checks."""

from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import scope_of
from thanrak.core.access import user_may
from thanrak.core.areas import is_area_code
from thanrak.core.errors import DomainError
from thanrak.core.thai import from_thai_digits


def number_sort_key(number: str) -> str:
    """'1.1.10(2.1)' sorts after '1.1.9': every run of digits is zero-padded."""
    out, digits = [], ""
    for ch in number + " ":
        if ch.isdigit():
            digits += ch
            continue
        if digits:
            out.append(digits.zfill(4))
            digits = ""
        if ch != " ":
            out.append(ch)
    return "".join(out)


def clean_area_code(text: str) -> str:
    """'๕๖๐๑' → '5601'; 'TH', 'ทั่วประเทศ' and '' mean the whole country ('')."""
    code = from_thai_digits(str(text or "")).replace("\x00", "").strip()
    if code.upper() in ("", "TH", "ทั่วประเทศ"):
        return ""
    return code


_AREA_EXISTS: dict[str, bool] = {}


def area_exists(code: str) -> bool:
    if code == "":
        return True
    if not is_area_code(code):
        return False
    from thanrak.geo.queries import MODEL_BY_LENGTH

    model = MODEL_BY_LENGTH[len(code)]
    if len(code) == 8:  # villages are created at run time: never cache a miss or a hit
        return model.objects.filter(code=code).exists()
    if code not in _AREA_EXISTS:
        _AREA_EXISTS[code] = model.objects.filter(code=code).exists()
    return _AREA_EXISTS[code]


def covers(user: User, code: str) -> bool:
    return scope_of(user).covers_area(code) if code else scope_of(user).everything


def require_may(user: User, resource: str, action: str, error: type[DomainError]) -> None:
    if not user_may(user, resource, action):
        raise error(_("Your role may not do this."))
