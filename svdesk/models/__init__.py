"""SQLAlchemy models, one module per aggregate. Importing this package registers every table."""

from svdesk.models.base import Base
from svdesk.models.contract import Contract
from svdesk.models.organisation import Organisation
from svdesk.models.spend import ImportBatch, ImportMapping, SpendLine, Supplier, SupplierAlias

__all__ = ["Base", "Contract", "ImportBatch", "ImportMapping", "Organisation", "SpendLine",
           "Supplier", "SupplierAlias"]
