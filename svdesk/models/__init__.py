"""SQLAlchemy models, one module per aggregate. Importing this package registers every table."""

from svdesk.models.assessment import Assessment, AssessmentAction, AssessmentAnswer, AssessmentChecklist
from svdesk.models.audit import AuditLog
from svdesk.models.bank_rules import BankRule
from svdesk.models.base import Base
from svdesk.models.bids import BidAnswerVersion, BidQuestion
from svdesk.models.carbon_plan import CarbonPlan
from svdesk.models.community import CommunityPartner, Donation, ProBono, Volunteering
from svdesk.models.contract import Contract
from svdesk.models.environment import EmissionRecord, EnvironmentAction, WasteRecord
from svdesk.models.evidence import CaseStudy, Evidence, EvidenceLink
from svdesk.models.measures import (
    Commitment,
    CommitmentMilestone,
    MeasureDefinition,
    MeasureEntry,
    MeasureMapping,
    MeasureSetting,
    ProxyValue,
    SroiAssumption,
)
from svdesk.models.organisation import Organisation
from svdesk.models.people import Person, PersonContract
from svdesk.models.returns import BuyerKpi, ReturnNote
from svdesk.models.skills import Apprenticeship, LearningIntervention, TrainingCourse, WorkPlacement
from svdesk.models.spend import ImportBatch, ImportMapping, SpendLine, Supplier, SupplierAlias, SupplierFill

__all__ = [
    "Assessment",
    "AssessmentAction",
    "AssessmentAnswer",
    "AssessmentChecklist",
    "AuditLog",
    "BankRule",
    "CarbonPlan",
    "Base",
    "Base",
    "BidAnswerVersion",
    "BidQuestion",
    "Contract",
    "Organisation",
    "Person",
    "PersonContract",
    "Apprenticeship",
    "TrainingCourse",
    "WorkPlacement",
    "LearningIntervention",
    "CommunityPartner",
    "Volunteering",
    "ProBono",
    "Donation",
    "EmissionRecord",
    "WasteRecord",
    "EnvironmentAction",
    "Evidence",
    "EvidenceLink",
    "CaseStudy",
    "ImportBatch",
    "ImportMapping",
    "SpendLine",
    "Supplier",
    "SupplierAlias",
    "SupplierFill",
    "Commitment",
    "CommitmentMilestone",
    "MeasureDefinition",
    "MeasureEntry",
    "MeasureMapping",
    "MeasureSetting",
    "ProxyValue",
    "SroiAssumption",
    "BuyerKpi",
    "ReturnNote",
]
