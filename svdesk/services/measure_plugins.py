"""Modules that register measure sources, imported before the engine computes anything.

One line per area, e.g. `from svdesk.services import people_measures  # noqa: F401`.
See docs/measure-sources.md.
"""

from svdesk.services import (
    activity_measures,  # noqa: F401  (activity records)
    people_measures,  # noqa: F401  (people)
    spend_measures,  # noqa: F401  (spend lines and suppliers)
)
