"""Thai word search: texts are segmented into words (PyThaiNLP newmm) and stored space-separated.

Thai writes no spaces between words, so a phrase such as 'ผ้าไหมแพรวา' must be cut into words
before a search for 'แพรวา' or 'ไหม' can find it. The same segmenter cuts the query, and every
query word must be among the product's words. Compound words ('ผ้าไหม') also index the dictionary
words inside them ('ผ้า', 'ไหม'), so a shorter word finds the longer phrase.
"""

import unicodedata
from functools import lru_cache

from pythainlp.tokenize import word_tokenize

MAX_QUERY_WORDS = 8


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def _clean(token: str) -> str:
    token = unicodedata.normalize("NFC", token).strip().lower()
    return "".join(ch for ch in token if ch.isalnum() or unicodedata.category(ch).startswith("M"))


def words(text: str) -> list[str]:
    """The words of a text in order, lower-cased, without spaces or punctuation."""
    out = []
    for token in word_tokenize(text or "", engine="newmm", keep_whitespace=False):
        cleaned = _clean(token)
        if cleaned and _is_word(cleaned):
            out.append(cleaned)
    return out


def _inner_words(token: str) -> set[str]:
    """Dictionary words of two or more letters found inside a longer Thai token."""
    if len(token) < 4 or token.isascii():
        return set()
    found = set()
    dictionary = _dictionary()
    for i in range(len(token)):
        for j in range(i + 2, len(token) + 1):
            piece = token[i:j]
            if piece != token and piece in dictionary:
                found.add(piece)
    return found


def terms_for(*texts: str) -> str:
    """The value of a search-terms column: ' w1 w2 … ' with leading and trailing spaces."""
    found: set[str] = set()
    for text in texts:
        for word in words(text):
            found.add(word)
            found |= _inner_words(word)
    return " " + " ".join(sorted(found)) + " " if found else ""


def query_words(q: str) -> list[str]:
    """Words of a search query (at most MAX_QUERY_WORDS, duplicates dropped)."""
    seen: list[str] = []
    for word in words(q):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_QUERY_WORDS]
