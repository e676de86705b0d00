"""Opening, migrating and copying svdesk database files."""

from svdesk.db.engine import make_engine
from svdesk.db.migrate import DatabaseError, DatabaseTooNew, open_database

__all__ = ["DatabaseError", "DatabaseTooNew", "make_engine", "open_database"]
