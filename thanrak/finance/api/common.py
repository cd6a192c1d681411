"""What every finance router uses: the look-ups by id in the caller's scope."""

from django.http import HttpRequest

from thanrak.finance import queries
from thanrak.finance.models import Book, Fund


def fund_of(request: HttpRequest, fund_id: int) -> Fund:
    return queries.fund_get(viewer=request.user, fund_id=fund_id)


def book_of(fund: Fund, book_id: int | None) -> Book | None:
    return fund.books.get(pk=book_id) if book_id else None
