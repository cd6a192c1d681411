"""Normalising Thai names so that the same person written twice is found."""

import re

from pythainlp.util import normalize

TITLES = (
    "นางสาว",
    "นาง",
    "นาย",
    "เด็กชาย",
    "เด็กหญิง",
    "ด.ช.",
    "ด.ญ.",
    "น.ส.",
    "mr.",
    "mrs.",
    "ms.",
    "miss",
    "mr",
    "mrs",
    "ms",
)
_SPACE = re.compile(r"[\s\.\-]+")
_LATIN_TITLES = tuple(t for t in TITLES if t.isascii())


def name_key(first_name: str, last_name: str) -> str:
    """'นาย สมชาย  ใจดี' and 'สมชาย ใจดี' give the same key: titles, spaces and dots removed,
    Thai vowel and tone-mark order normalised, Latin letters lower-cased."""
    return first_name_key(first_name) + "|" + last_name_key(last_name)


def first_name_key(first_name: str) -> str:
    """The first half of name_key: the first name without a title (imports cache it per name)."""
    first = normalize(first_name or "").strip().lower()
    for title in TITLES:
        if first.startswith(title) and len(first) > len(title):
            first = first[len(title) :]
            break
    return _SPACE.sub("", first)


def last_name_key(last_name: str) -> str:
    """The second half of name_key."""
    return _SPACE.sub("", normalize(last_name or "").strip().lower())


def without_title(word: str) -> str:
    """A searched word without the title people type before a name: 'นายเชิดชัย' → 'เชิดชัย',
    'Mr.' → '' (Latin titles only as a word of their own or ending in a dot)."""
    lowered = word.lower()
    for title in TITLES:
        if not lowered.startswith(title):
            continue
        if title in _LATIN_TITLES and lowered != title and not title.endswith("."):
            continue
        return word[len(title) :].strip(" .")
    return word
