"""svdesk: an offline desk for small UK suppliers to measure, manage and evidence social value.

The core (models, services, importers, calculations, exports) imports no Qt; only svdesk.ui does.
"""

__version__ = "0.1.0"
