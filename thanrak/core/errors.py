"""The base of every domain exception whose message a person should read."""

from typing import Any

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule refused the request. `field` names the input at fault when there is one.

    The message is a lazy translation with %(name)s parameters, so it can be shown in Thai or
    English; str(error) gives it in the active language.
    """

    def __init__(
        self, message: Promise | str, *, field: str | None = None, params: dict[str, Any] | None = None
    ):
        self.message = message
        self.field = field
        self.params = params or {}
        super().__init__(str(self))

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text
