"""Text analysis for Vietnamese: fold diacritics the way `marketplace.core.text.fold` does.

`fold` lowercases, strips diacritics and maps đ -> d. Queries are folded in Python before they
are sent (so both backends fold alike); the index folds the documents with these analyzers:

- `vi_text` (product texts): standard tokenizer, lowercase, then asciifolding with
  `preserve_original: true`, which emits the folded token ("mien") and, at the same position,
  the original one ("miến") when they differ. Folded queries match the folded tokens; the
  originals are there for exact-diacritics matching and highlighting.
- `vi_autocomplete` (index side of as-you-type suggestions): the same folding, then edge n-grams
  of 1 to 20 letters ("mien" -> "m", "mi", "mie", "mien"). One letter, so that "che m" already
  completes "che moc chau" as the database backend's prefix match does.
- `vi_autocomplete_search` (search side): plain folding, no n-grams, so that the typed prefix
  is looked up as one term among the indexed n-grams.
- `vi_sort` (normalizer of `name.sort`): the whole value folded, to sort names by letters
  rather than by code points ("Ấm" sorts with "Am", not after "Z").
- `vi_words` (normalizer of `name.words`): the folded words of the whole value, one space
  apart ("Chè Shan tuyết, Mộc Châu" -> "che shan tuyet moc chau"), the database backend's
  `text_a`: a `prefix` query on it tells names that begin with what was typed.

On đ: Lucene's ASCIIFoldingFilter already maps Đ/đ (U+0110/U+0111) and the eth Ð/ð
(U+00D0/U+00F0, which legacy encodings left where đ belongs) to D/d, so asciifolding alone folds
them. The `vi_d` mapping char filter repeats the rule explicitly, so the analyzers spell out
`fold`'s rule and keep it should asciifolding ever be swapped for another folding filter. Being
a char filter it also runs before `preserve_original` keeps its copy, so the kept "original" of
"Đặc" is "dặc": harmless, queries never carry a đ (they are folded first).
"""

from elasticsearch.dsl import analyzer, char_filter, normalizer, token_filter

EDGE_NGRAM_MIN = 1
EDGE_NGRAM_MAX = 20

vi_d = char_filter("vi_d", "mapping", mappings=["Đ => D", "đ => d", "Ð => D", "ð => d"])

vi_folding = token_filter("vi_folding", "asciifolding", preserve_original=True)

vi_edge_ngram = token_filter(
    "vi_edge_ngram", "edge_ngram", min_gram=EDGE_NGRAM_MIN, max_gram=EDGE_NGRAM_MAX
)

vi_text = analyzer(
    "vi_text", tokenizer="standard", char_filter=[vi_d], filter=["lowercase", vi_folding]
)

vi_autocomplete = analyzer(
    "vi_autocomplete",
    tokenizer="standard",
    char_filter=[vi_d],
    filter=["lowercase", "asciifolding", vi_edge_ngram],
)

vi_autocomplete_search = analyzer(
    "vi_autocomplete_search",
    tokenizer="standard",
    char_filter=[vi_d],
    filter=["lowercase", "asciifolding"],
)

vi_sort = normalizer("vi_sort", char_filter=[vi_d], filter=["lowercase", "asciifolding"])

# Anything but letters and digits (Java's \p{L}, \p{N}) separates words, as in `fold`-based
# word splitting (`[^\W_]+`): punctuation, underscores, runs of spaces become one space.
vi_separators = char_filter(
    "vi_separators", "pattern_replace", pattern="[^\\p{L}\\p{N}]+", replacement=" "
)

vi_words = normalizer(
    "vi_words",
    char_filter=[vi_d, vi_separators],
    filter=["lowercase", "asciifolding", "trim"],
)
