"""PostgreSQL: full-text matching on the weighted `search_vector` (see migration 0002).

The vector holds the folded words of the name (weight A), of the producer, categories and
places (B) and of the description (C). Every query term must match a word of A or B: as a prefix
(`mien:*AB`), or exactly as one of its typo corrections (`tuyet:AB`). The description does not
have to match; it only adds to `ts_rank`, which breaks ties after stars and availability.

The tsquery text is built from sanitised words only (letters and digits, see `terms`), and
travels as a parameter of `to_tsquery`, so nothing a shopper types can change its syntax.
"""

from collections.abc import Sequence

from search.backends.database.sql import Sql
from search.backends.database.terms import Term

MATCHED_WEIGHTS = "AB"


def _lexemes(term: Term, weights: str) -> str:
    suffix = f":{weights}" if weights else ""
    either = [f"{term.word}:*{weights}", *(f"{word}{suffix}" for word in term.corrections)]
    return "(" + " | ".join(either) + ")"


def _tsquery(text: str) -> Sql:
    return Sql("to_tsquery('simple', ocop_unaccent(%s))", [text])


class PostgresText:
    def match(self, terms: Sequence[Term]) -> Sql:
        """Every term in the name, producer, categories or places."""
        query = _tsquery(" & ".join(_lexemes(term, MATCHED_WEIGHTS) for term in terms))
        return Sql(f"d.search_vector @@ {query.text}", query.params)

    def text_rank(self, terms: Sequence[Term]) -> Sql:
        """ts_rank over all three weights, any term counting."""
        query = _tsquery(" | ".join(_lexemes(term, "") for term in terms))
        return Sql(f"ts_rank(d.search_vector, {query.text})", query.params)
