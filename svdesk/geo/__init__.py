"""Offline UK postcode facts: validation, local authority, grid reference, "is it local?"."""
