from dataclasses import dataclass


@dataclass(frozen=True)
class Login:
    """A demo account printed at the end of seed_demo."""

    username: str
    password: str
    description: str
