"""What the finance pages share: the fund's navigation context and its books."""

from typing import Any

from django.http import HttpRequest

from thanrak.finance import queries
from thanrak.finance.models import Book


def book_choices(fund: Any) -> list[tuple[int, str]]:
    return [(b.pk, b.name_th) for b in queries.books_of(fund=fund)]


def book_of(fund: Any, book_id: Any) -> Book | None:
    if not book_id:
        return None
    return fund.books.get(pk=book_id)


def fund_context(request: HttpRequest, fund: Any, **extra: Any) -> dict[str, Any]:
    """A fund page's context: the fund and what the viewer may do in it (the navigation shows it)."""
    return {
        "fund": fund,
        "keeps_books": queries.may_keep_books(viewer=request.user, fund=fund),
        "sets_up": queries.may_set_up(viewer=request.user, fund=fund),
        **extra,
    }
