"""What every finance router uses: its Router class and the look-ups by id in the caller's scope."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from thanrak.finance import queries
from thanrak.finance.models import Book, Fund


class FinanceRouter(Router):
    """A router whose operationIds stay `thanrak_finance_api_<function>` in whichever module of the
    package the function lives (the published names from the time the API was one module)."""

    def add_api_operation(self, path: str, methods: list[str], view_func: Any, **kwargs: Any) -> None:
        kwargs["operation_id"] = kwargs.get("operation_id") or f"thanrak_finance_api_{view_func.__name__}"
        super().add_api_operation(path, methods, view_func, **kwargs)


def fund_of(request: HttpRequest, fund_id: int) -> Fund:
    return queries.fund_get(viewer=request.user, fund_id=fund_id)


def book_of(fund: Fund, book_id: int | None) -> Book | None:
    return fund.books.get(pk=book_id) if book_id else None
