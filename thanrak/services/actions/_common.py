"""What the services actions share: tidy text, the actor's reach."""

from typing import Any

from thanrak.accounts.scope import OutsideScope, scope_of


def text(value: Any, limit: int) -> str:
    """One line of text: spaces collapsed, control characters removed, cut at `limit`."""
    cleaned = "".join(ch for ch in str(value or "") if ch.isprintable() or ch.isspace())
    return " ".join(cleaned.split())[:limit]


def long_text(value: Any, limit: int) -> str:
    """Text that keeps its lines (a note, a report)."""
    cleaned = "".join(ch for ch in str(value or "") if ch.isprintable() or ch in "\n\t ")
    return cleaned.strip()[:limit]


def ensure_reach(user: Any, area_code: str, *, adviser_user_id: int | None = None) -> None:
    """Refuse (OutsideScope) unless the area is the user's or the user is the adviser assigned."""
    if adviser_user_id is not None and adviser_user_id == getattr(user, "pk", None):
        return
    if not scope_of(user).covers_area(area_code):
        raise OutsideScope(area_code)
