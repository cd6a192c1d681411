"""Where a person's work starts, as the domain apps contribute it.

accounts sits below the domain apps and never imports them: an app that has a start page for a role
registers, from its AppConfig.ready(), a function of the user giving the page's address or None.
The landing page asks the finders of the user's role in their order; the first address wins.
"""

from collections.abc import Callable
from typing import Any

StartPage = Callable[[Any], str | None]

_FINDERS: list[tuple[int, str, StartPage]] = []


def register_start_page(role: str, finder: StartPage, *, order: int) -> None:
    """Add `finder` for users of `role`; lower `order` is asked first. Registering twice is once."""
    entry = (order, str(role), finder)
    if entry not in _FINDERS:
        _FINDERS.append(entry)
        _FINDERS.sort(key=lambda e: e[0])


def start_page_for(user: Any) -> str | None:
    """The first address a registered finder gives for the user's role, or None."""
    for _order, role, finder in _FINDERS:
        if user.role == role and (url := finder(user)):
            return url
    return None
