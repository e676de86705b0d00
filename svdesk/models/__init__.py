"""SQLAlchemy models, one module per aggregate. Importing this package registers every table."""

from svdesk.models.assessment import (
    Assessment, AssessmentAction, AssessmentAnswer, AssessmentChecklist)
from svdesk.models.audit import AuditLog
from svdesk.models.base import Base
from svdesk.models.contract import Contract
from svdesk.models.organisation import Organisation

__all__ = ["Assessment", "AssessmentAction", "AssessmentAnswer", "AssessmentChecklist", "AuditLog",
           "Base", "Contract", "Organisation"]
