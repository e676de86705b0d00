"""SQLAlchemy models, one module per aggregate. Importing this package registers every table."""

from svdesk.models.assessment import (
    Assessment, AssessmentAction, AssessmentAnswer, AssessmentChecklist)
from svdesk.models.base import Base
from svdesk.models.contract import Contract
from svdesk.models.measures import (Commitment, CommitmentMilestone, MeasureDefinition,
                                    MeasureEntry, MeasureMapping, MeasureSetting, ProxyValue,
                                    SroiAssumption)
from svdesk.models.organisation import Organisation

__all__ = ["Assessment", "AssessmentAction", "AssessmentAnswer", "AssessmentChecklist", "Base",
           "Commitment", "CommitmentMilestone", "Contract", "MeasureDefinition", "MeasureEntry",
           "MeasureMapping", "MeasureSetting", "Organisation", "ProxyValue", "SroiAssumption"]
