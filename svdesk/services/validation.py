"""Field-level validation results shared by every service: {field name: message in words}."""

from __future__ import annotations


class ValidationError(ValueError):
    """Raised by a service when data is not valid; errors maps field names to plain messages."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))
