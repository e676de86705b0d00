"""Supplier names: the same firm spelt differently matches; near misses are only suggested."""

from svdesk.services.supplier_names import name_key, near_matches, tidy_display_name


def test_legal_forms_case_punctuation_and_the_do_not_matter():
    keys = {
        name_key(n)
        for n in (
            "Travis Perkins Trading Co Ltd",
            "TRAVIS PERKINS TRADING COMPANY LIMITED",
            "The Travis Perkins Trading Co. Ltd.",
            "travis perkins trading co plc",
        )
    }
    assert keys == {"travis perkins trading"}


def test_ampersand_and_and_and_accents_match():
    assert name_key("Salford Fixings & Fasteners Ltd") == name_key("Salford Fixings and Fasteners Limited")
    assert name_key("Ordsall Community Café CIC") == name_key("ORDSALL COMMUNITY CAFE")


def test_different_firms_keep_different_keys():
    assert name_key("Jewson Ltd") != name_key("Jewson Builders Merchants Ltd")
    assert name_key("The Range") == "range"  # a one-word name keeps its word
    assert name_key("Limited") == "limited"


def test_near_matches_are_offered_best_first_and_unrelated_names_are_not():
    suppliers = [
        (1, "Screwfix Direct Ltd", name_key("Screwfix Direct Ltd")),
        (2, "Screwfix", name_key("Screwfix")),
        (3, "Travis Perkins", name_key("Travis Perkins")),
        (4, "Travis Perkin", name_key("Travis Perkin")),
        (5, "Hilti (Gt. Britain) Ltd", name_key("Hilti (Gt. Britain) Ltd")),
        (6, "Northwest Van Hire Ltd", name_key("Northwest Van Hire Ltd")),
    ]
    pairs = [(m.a_id, m.b_id) for m in near_matches(suppliers)]
    assert pairs[0] == (3, 4)
    assert (1, 2) in pairs
    assert not any(5 in p or 6 in p for p in pairs)


def test_shouted_names_are_tidied_for_display():
    assert tidy_display_name("  SALFORD   FIXINGS & FASTENERS LTD ") == "Salford Fixings & Fasteners LTD"
    assert tidy_display_name("Jewson Ltd") == "Jewson Ltd"
