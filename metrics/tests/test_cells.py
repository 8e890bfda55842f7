import pytest

from metrics.cells import SMALL_CELL, is_small, shown


@pytest.mark.parametrize(
    ("count", "public", "expected"),
    [(0, True, 0), (1, True, "<5"), (4, True, "<5"), (5, True, 5), (120, True, 120), (3, False, 3)],
)
def test_small_counts_are_hidden_only_outside_the_team(count, public, expected):
    assert shown(count, public=public) == expected


def test_the_threshold_is_five_and_zero_is_not_small():
    assert SMALL_CELL == 5
    assert not is_small(0) and is_small(4) and not is_small(5)
