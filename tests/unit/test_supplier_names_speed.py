"""near_matches skips pairs that cannot reach the threshold without changing what it finds."""

import random

from svdesk.services import supplier_names as sn


def _register(n=600):
    rng = random.Random(3)
    people = ["Hughes", "Patel", "Khan", "Wright", "Evans", "Singh", "Taylor", "Moore"]
    trades = ["Joinery", "Plumbing", "Roofing", "Glazing", "Skip Hire", "Electrical", "Tiles"]
    places = ["Salford", "Eccles", "Bolton", "Hulme", "Stockport", "Wigan"]
    ends = ["Ltd", "Limited", "CIC", "Supplies", "& Sons Ltd", ""]
    out = []
    for i in range(n):
        name = f"{rng.choice(people + places)} {rng.choice(trades)} {rng.choice(ends)}".strip()
        out.append((i, name, sn.name_key(name)))
    return out


def test_the_prefilter_finds_exactly_the_same_pairs(monkeypatch):
    register = _register()
    fast = sn.near_matches(register, limit=10_000)
    monkeypatch.setattr(sn, "_could_reach", lambda *args: True)
    slow = sn.near_matches(register, limit=10_000)
    assert fast == slow
    assert any(m.a_name.startswith("Salford Roofing") for m in fast)


def test_the_prefilter_never_drops_a_pair_that_scores_enough():
    register = _register(200)
    for _i, _n, a in register[:60]:
        for _j, _m, b in register[60:120]:
            if a != b and sn.similarity(a, b) >= 0.82:
                assert sn._could_reach(a, b, 0.82)
