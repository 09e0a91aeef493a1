"""How buyers' ratings rank products, in one place for both backends.

A product's rating score is its average shrunk towards the catalogue's mean by a Bayesian
prior, so that a few reviews say little and many say a lot:

    score = (C · m + n · avg) / (C + n)

    n    the product's count of published reviews
    avg  their average (1 to 5; anything when n = 0, as it is multiplied by 0)
    m    the catalogue-wide mean rating: Σ(avg · n) / Σ n over the public products, or
         PRIOR_MEAN (4.0) while no product has a review
    C    CONFIDENCE (20): how many reviews at m every product is taken to have already

One 5★ review scores (20·m + 5) / 21 ≈ m + 0.05, while 200 reviews at 4.8 score
(20·m + 960) / 220 ≈ 4.7 for m ≈ 4: the well-reviewed product comes first, and a product
without reviews scores exactly m, between the well and the badly reviewed.

Where it is used:
- BEST_RATED sorts by the score (highest first), then by more reviews, then by name.
- RANK (relevance) gets a mild boost from it: it orders products that tie on the name tier,
  OCOP stars and availability, before the text score. The database backend sorts by it as one
  more key in that place; Elasticsearch sums scores, so it adds RANK_RATING_WEIGHT × score
  (at most 20 between two products, less than being in stock, 20, or a star, 100, and more
  than the text score, under 1: the same order save between scores less than 1/4 apart).
- The "from 4★" facet and filter read the plain average (what the shopper sees on the card),
  among products with at least one review.

Both backends keep `rating_average` and `rating_count` in their documents and take m when
they answer: the database backend in the same statement (an uncorrelated subquery over the
public documents), Elasticsearch from the live ratings, cached for MEAN_CACHE_SECONDS. Lists
that are not the public catalogue (staff, producers' drafts) sort by
`rating_score_expression` on the live ratings.
"""

from decimal import Decimal

from django.db.models import F, FloatField, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce

from catalog.models import Product
from reviews.models import ProductRating

PRIOR_MEAN = 4.0
CONFIDENCE = 20
RANK_RATING_WEIGHT = 4
MEAN_CACHE_SECONDS = 600
# The "rating" facet's buckets: products whose average is at least this many stars.
RATING_MINIMUMS = (4, 3)


def bayesian_score(*, average: float | Decimal, count: int, mean: float) -> float:
    """(C·m + n·avg)/(C + n): see the module's docstring."""
    return (CONFIDENCE * mean + count * float(average)) / (CONFIDENCE + count)


def catalogue_mean(*, rating_sum: float | Decimal | None, rating_count: int | None) -> float:
    """m from Σ(avg · n) and Σ n over the public products; PRIOR_MEAN without any review."""
    if not rating_count:
        return PRIOR_MEAN
    return float(rating_sum) / rating_count


def score_sql(*, average: str, count: str, mean: str) -> str:
    """The score as SQL over these column expressions (names only, no values)."""
    return f"(({CONFIDENCE} * {mean} + {count} * {average}) * 1.0 / ({CONFIDENCE} + {count}))"


# The score in Painless, for Elasticsearch (params.mean is m, params.confidence is C; the last
# statement needs no semicolon).
SCORE_PAINLESS = (
    "double n = doc['rating_count'].size() == 0 ? 0 : doc['rating_count'].value;"
    " double avg = doc['rating_average'].size() == 0 ? 0 : doc['rating_average'].value;"
    " return (params.confidence * params.mean + n * avg) / (params.confidence + n)"
)


def rating_score_expression():
    """The score as an ORM expression over a Product queryset's live ratings, m taken over the
    public catalogue in the same statement."""
    public = ProductRating.objects.filter(product__in=Product.objects.published(), count__gt=0)
    totals = public.annotate(group=Value(1)).values("group")
    rating_sum = Subquery(
        totals.annotate(total=Sum(F("average") * F("count"), output_field=FloatField())).values(
            "total"
        )[:1]
    )
    rating_count = Subquery(totals.annotate(total=Sum("count")).values("total")[:1])
    mean = Coalesce(
        Cast(rating_sum, FloatField()) / Cast(rating_count, FloatField()),
        Value(PRIOR_MEAN),
        output_field=FloatField(),
    )
    count = Cast(Coalesce(F("review_rating__count"), Value(0)), FloatField())
    average = Cast(Coalesce(F("review_rating__average"), Value(0)), FloatField())
    return (Value(float(CONFIDENCE)) * mean + count * average) / (Value(float(CONFIDENCE)) + count)
