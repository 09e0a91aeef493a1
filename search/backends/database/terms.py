"""Words of queries and documents, and correcting a typo against the vocabulary.

Documents and queries go through the same `words`: the one folding function, then letters and
digits only. Nothing else of a query survives, so quotes, operators, SQL or Lucene syntax cannot
reach a LIKE pattern or a tsquery, and no word holds a LIKE wildcard (`%` or `_`).

A query word matches a document word it starts ("mien do" finds "miến dong"). A word of five
letters or more that is neither a known word nor the start of one is also matched by the known
words one edit away (a letter changed, added, removed, or two neighbours swapped).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection

from marketplace.core.text import fold
from search.backends.base import MAX_QUERY_LENGTH
from search.models import SearchTerm

_WORD = re.compile(r"[^\W_]+")
MAX_WORD_LENGTH = 64  # SearchTerm.word; longer "words" are cut
MAX_QUERY_WORDS = 32  # more would match nothing anyway; the rest of a pasted text is dropped
TYPO_MIN_LENGTH = 5


@dataclass(frozen=True)
class Term:
    """One query word: matched as the start of a document word, or exactly by a correction."""

    word: str
    corrections: tuple[str, ...] = ()


def words(text: str | None) -> list[str]:
    """Folded words: "Nước mắm (Lê-Gia)" -> ["nuoc", "mam", "le", "gia"]."""
    return _WORD.findall(fold(text or ""))


@lru_cache(maxsize=16_384)
def _folded_name(text: str) -> str:
    return " ".join(words(text))


def _folded(text: str) -> str:
    return _folded_name(text) if len(text) <= 120 else " ".join(words(text))


def index_text(*texts: str | None) -> str:
    """Folded words of `texts`, one space apart: what the document columns hold. Producer,
    category and place names repeat from one document to the next: short texts are folded
    once (descriptions, unique and long, are not kept)."""
    return " ".join(folded for text in texts if (folded := _folded(text or "")))


def query_words(query: str | None) -> list[str]:
    """The distinct words of a query, in order, cut to sane lengths."""
    found: list[str] = []
    for word in words((query or "")[:MAX_QUERY_LENGTH]):
        word = word[:MAX_WORD_LENGTH]
        if word not in found:
            found.append(word)
    return found[:MAX_QUERY_WORDS]


def within_one_edit(a: str, b: str) -> bool:
    """Optimal string alignment distance at most 1: one substitution, insertion, deletion or
    transposition of neighbours."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        if len(diffs) == 2:
            i, j = diffs
            return j == i + 1 and a[i] == b[j] and a[j] == b[i]
        return False
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(shorter) and shorter[i] == longer[i]:
        i += 1
    return shorter[i:] == longer[i + 1 :]


def _vocabulary_sql(typed: list[str]) -> tuple[str, list]:
    """One statement for every word worth correcting: whether a known word starts with it, and
    the candidates one edit away. One edit leaves the first two or the last two letters of a
    word of five or more in place, so candidates are known words of about the same length
    sharing either (both LIKE patterns use an index on PostgreSQL)."""
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    parts, params = [], []
    for i, word in enumerate(typed):
        parts.append(
            f"SELECT {i}, k.word, 1 FROM (SELECT word FROM {table} WHERE word LIKE %s LIMIT 1) k"
        )
        params.append(word + "%")
        parts.append(
            f"SELECT {i}, word, 0 FROM {table} WHERE LENGTH(word) BETWEEN %s AND %s "
            "AND (word LIKE %s OR word LIKE %s)"
        )
        params += [len(word) - 1, len(word) + 1, word[:2] + "%", "%" + word[-2:]]
    return " UNION ALL ".join(parts), params


def query_terms(query: str | None) -> list[Term]:
    """The terms of a query, with corrections for long words the vocabulary does not know."""
    found = query_words(query)
    typed = [word for word in found if len(word) >= TYPO_MIN_LENGTH and not word.isdigit()]
    if not typed:
        return [Term(word) for word in found]
    known: set[str] = set()
    candidates: dict[str, list[str]] = {word: [] for word in typed}
    sql, params = _vocabulary_sql(typed)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for i, word, is_prefix in cursor.fetchall():
            if is_prefix:
                known.add(typed[i])
            else:
                candidates[typed[i]].append(word)
    return [
        Term(word, _corrections(word, candidates.get(word, ())) if word not in known else ())
        for word in found
    ]


def _corrections(word: str, candidates: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({c for c in candidates if c != word and within_one_edit(word, c)}))
