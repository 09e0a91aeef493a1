"""The Bayesian rating score of search.ranking, on its own."""

import pytest

from search.ranking import CONFIDENCE, PRIOR_MEAN, bayesian_score, catalogue_mean


def test_without_reviews_a_product_scores_the_mean():
    assert bayesian_score(average=0, count=0, mean=4.3) == pytest.approx(4.3)


def test_many_reviews_weigh_more_than_the_prior():
    assert bayesian_score(average=4.8, count=200, mean=4.0) == pytest.approx(
        (CONFIDENCE * 4.0 + 200 * 4.8) / (CONFIDENCE + 200)
    )
    assert bayesian_score(average=2.0, count=10_000, mean=4.0) == pytest.approx(2.0, abs=0.01)


@pytest.mark.parametrize("mean", [1.0, 3.0, 4.0, 4.3, 4.7])
def test_one_5_star_review_does_not_beat_200_at_4_8(mean):
    one = bayesian_score(average=5, count=1, mean=mean)
    many = bayesian_score(average=4.8, count=200, mean=mean)
    assert many > one


def test_one_review_moves_the_score_a_little_either_way():
    mean = 4.0
    assert mean < bayesian_score(average=5, count=1, mean=mean) < mean + 0.05
    assert mean - 0.15 < bayesian_score(average=1, count=1, mean=mean) < mean


def test_the_catalogue_mean_weighs_products_by_their_reviews():
    assert catalogue_mean(rating_sum=5 * 1 + 4.8 * 200, rating_count=201) == pytest.approx(
        965 / 201
    )


@pytest.mark.parametrize("count", [0, None])
def test_without_any_review_the_mean_is_the_fixed_prior(count):
    assert catalogue_mean(rating_sum=None, rating_count=count) == PRIOR_MEAN == 4.0
