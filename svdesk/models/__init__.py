"""SQLAlchemy models, one module per aggregate. Importing this package registers every table."""

from svdesk.models.assessment import (
    Assessment, AssessmentAction, AssessmentAnswer, AssessmentChecklist)
from svdesk.models.base import Base
from svdesk.models.contract import Contract
from svdesk.models.organisation import Organisation
from svdesk.models.spend import ImportBatch, ImportMapping, SpendLine, Supplier, SupplierAlias

__all__ = ["Assessment", "AssessmentAction", "AssessmentAnswer", "AssessmentChecklist", "Base",
           "Contract", "ImportBatch", "ImportMapping", "Organisation", "SpendLine", "Supplier",
           "SupplierAlias"]
