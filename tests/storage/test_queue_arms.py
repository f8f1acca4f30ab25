"""The staff queue reads one index scan per status and kind (issue 30): each arm is ordered by the
queue index (status, kind, submitted at) itself, so no arm sorts a status's whole backlog. The arms
keep what the filters asked: a desk's (kind, status) pairs, a kind named, or both."""

from storage.cases import _queue_arms


def test_a_desks_pairs_become_one_arm_per_status_and_kind() -> None:
    pairs = frozenset({("membership", "submitted"), ("builder_license", "submitted"), ("membership", "returned")})
    assert _queue_arms(("submitted", "returned", "scored"), None, pairs) == [
        ("submitted", "builder_license"),
        ("submitted", "membership"),
        ("returned", "membership"),
    ]


def test_a_kind_named_narrows_the_desks_pairs_or_stands_alone() -> None:
    pairs = frozenset({("membership", "submitted"), ("builder_license", "scored")})
    assert _queue_arms(("submitted", "scored"), "builder_license", pairs) == [("scored", "builder_license")]
    assert _queue_arms(("submitted", "submitted"), "membership", None) == [("submitted", "membership")]
    assert _queue_arms(("submitted",), None, None) == [("submitted", None)]
