"""The base of every domain exception whose message a person should read."""

import re
from typing import Any, ClassVar

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule refused the request. `field` names the input at fault when there is one.

    The message is a lazy translation with %(name)s parameters, so it can be shown in Thai or
    English; str(error) gives it in the active language. `code` is the refusal's stable name
    (snake_case, English, never translated): the API returns it beside the message so a client can
    act on it, and tests assert it instead of the words. Each subclass has a default code (the kind
    of refusal); a raise names the exact refusal.
    """

    code: ClassVar[str] = "refused"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A subclass's default code is its name in snake_case: CannotRepayLoan → cannot_repay_loan."""
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            cls.code = re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()

    def __init__(
        self,
        message: Promise | str,
        *,
        code: str | None = None,
        field: str | None = None,
        params: dict[str, Any] | None = None,
    ):
        self.message = message
        if code is not None:
            self.code = code  # type: ignore[misc]  # the instance's code shadows the class default
        self.field = field
        self.params = params or {}
        super().__init__(str(self))

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text
