"""Permission-matrix rows of reviews: the world's shopper bought one of producer A's products,
had it delivered, and (but for reviewCreate) reviewed it."""

from graphql_relay import to_global_id

from reviews.services.reviews import review_moderate
from tests.graphql.permission_support import (
    ALLOWED,
    DENIED,
    HIDDEN,
    MutationRow,
    ReadRow,
    World,
    expect,
    mutation_op,
    roles,
)
from tests.graphql.reviews_support import line_of, review_of

A, D, H = ALLOWED, DENIED, HIDDEN
REVIEW = "review { id }"


def a_line(w: World):
    return line_of(w.vendor_a, shopper=w.people["shopper"])


def rid(review) -> str:
    return to_global_id("ProductReview", review.pk)


def _review(w: World) -> dict:
    return {"id": rid(review_of(a_line(w)))}


def _new_review(w: World) -> dict:
    line = a_line(w)
    return {"input": {"orderLineId": to_global_id("OrderLine", line.pk), "rating": 5}}


ROWS = [
    # Only the buyer sees the line (staff see every order, but do not review for others).
    MutationRow(
        "reviewCreate[delivered line]",
        "reviewCreate",
        mutation_op("$input: ReviewCreateInput!", "reviewCreate", "input: $input", REVIEW),
        _new_review,
        expect(H, A, H, H, D),
        payload="review",
        target="input.orderLineId",
        roles=roles(H, H),
    ),
    MutationRow(
        "reviewUpdate[published]",
        "reviewUpdate",
        mutation_op(
            "$id: ID!", "reviewUpdate", 'id: $id, input: {rating: 3, body: "Tạm được"}', REVIEW
        ),
        _review,
        expect(D, A, D, D, D),
        payload="review",
        roles=roles(D, D),
    ),
    MutationRow(
        "reviewDelete[published]",
        "reviewDelete",
        mutation_op("$id: ID!", "reviewDelete", "id: $id", "deletedId"),
        _review,
        expect(D, A, D, D, A),
        payload="deletedId",
        roles=roles(D, D),
    ),
    # Anyone signed in but its author.
    MutationRow(
        "reviewReport[published]",
        "reviewReport",
        mutation_op("$id: ID!", "reviewReport", 'id: $id, reason: "Quảng cáo"', REVIEW),
        _review,
        expect(D, D, A, A, A),
        payload="review",
        roles=roles(A, A),
    ),
    MutationRow(
        "reviewVote[published]",
        "reviewVote",
        mutation_op("$id: ID!", "reviewVote", "id: $id", REVIEW),
        _review,
        expect(D, D, A, A, A),
        payload="review",
        roles=roles(A, A),
    ),
    # The product's producer (owners and managers), never marketplace staff.
    MutationRow(
        "reviewReply[published]",
        "reviewReply",
        mutation_op("$id: ID!", "reviewReply", 'id: $id, body: "Cảm ơn!"', "reply { body }"),
        _review,
        expect(D, D, D, A, D),
        payload="reply",
        roles=roles(A, D),
    ),
    MutationRow(
        "reviewModerate[published]",
        "reviewModerate",
        mutation_op("$id: ID!", "reviewModerate", 'id: $id, action: HIDE, reason: "Spam"', REVIEW),
        _review,
        expect(D, D, D, D, A),
        payload="review",
        roles=roles(D, D),
    ),
]


def _held_review(w: World) -> dict:
    review = review_of(a_line(w))
    review_moderate(actor=w.people["staff"], review=review, action="HIDE", reason="Spam")
    return {"variables": {"id": rid(review)}, "id": rid(review)}


READS = [
    # A hidden review: its author and staff see it; its producer and everyone else do not.
    ReadRow(
        "a hidden review of A's product",
        "query($id: ID!) { node(id: $id) { ... on ProductReview { id status } } }",
        _held_review,
        lambda w, a, sees: {"node": {"id": a["id"], "status": "HIDDEN"} if sees else None},
        insiders=("shopper", "staff"),
    ),
]
