"""SQLite (the zero-setup default): every query term must start a word of `text_a` or `text_b`
(the folded words of the name, producer, categories and places), or be one of those words when
it is a typo correction: a LIKE per term over the public documents. There is no text rank
beyond what both databases share (name tiers, stars, availability)."""

from collections.abc import Sequence

from search.backends.database.sql import Sql, every_term_in
from search.backends.database.terms import Term


class SqliteText:
    def match(self, terms: Sequence[Term]) -> Sql:
        return every_term_in("d.text_a || ' ' || d.text_b", terms)

    def text_rank(self, terms: Sequence[Term]) -> Sql | None:
        return None
