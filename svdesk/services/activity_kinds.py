"""What each kind of activity record holds, described once as data.

The same description drives validation, the generic list/save service, the command line and the
forms and tables in the UI, so a field added here appears everywhere with the same label and rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from svdesk import models
from svdesk.calc import rates


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    type: str  # text longtext int float money date bool choice share contract tristate factor
    required: bool = False
    choices: dict[str, str] = field(default_factory=dict)
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""  # shown after numbers in tables ("hours", "kWh")


@dataclass(frozen=True)
class KindSpec:
    key: str  # also the evidence link record_type
    model: type[models.Base]
    label: str  # "Volunteering"
    noun: str  # "a volunteering record" (for "Add …")
    area: str  # skills, community, environment
    fields: tuple[FieldSpec, ...]
    totals: tuple[str, ...] = ()  # field or derived names summed in the footer
    activity: bool = True  # has the shared date/contract/additionality columns
    title_field: str = ""  # what names a record in lists ("organisation_helped")
    date_label: str = "Date"

    def field(self, name: str) -> FieldSpec:
        for f in self.all_fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @cached_property
    def all_fields(self) -> tuple[FieldSpec, ...]:
        # Cached: read for every record listed (18,000 in a full export), and rebuilding the
        # head with replace() each time was a measurable share of listing them.
        if not self.activity:
            return self.fields
        head = (replace(COMMON_HEAD[0], label=self.date_label),) + COMMON_HEAD[1:]
        return head + self.fields + COMMON_TAIL


COMMON_HEAD = (
    FieldSpec("date", "Date", "date", True, help="When it happened, or the start of the period."),
    FieldSpec(
        "end_date",
        "End date",
        "date",
        help="Leave blank for a single day; fill in for a period (a month of energy).",
    ),
    FieldSpec(
        "contract_id",
        "Contract",
        "contract",
        help="Leave as “Organisation-wide” when it is not for one contract.",
    ),
)
COMMON_TAIL = (
    FieldSpec(
        "additional",
        "Extra to the contract?",
        "tristate",
        help="Additionality: is this beyond what the contract already requires? Only "
        "extra activity counts as social value for that contract.",
    ),
    FieldSpec(
        "attribution_share",
        "Share for this contract",
        "share",
        minimum=0,
        maximum=1,
        help="When one activity serves several contracts, the part that counts here "
        "(100% if it is all for this one).",
    ),
    FieldSpec("notes", "Notes", "longtext"),
)

APPRENTICESHIP_STATUS = {"on_programme": "On programme", "completed": "Completed", "left": "Left early"}
INTERVENTION_TYPES = {
    "careers_talk": "Careers talk",
    "mock_interviews": "Mock interviews",
    "cv_advice": "CV advice",
    "mentoring": "Mentoring",
    "school_visit": "School or college visit",
    "site_visit": "Site visit",
    "other": "Other",
}
PLACEMENT_TYPES = {
    "work_experience": "Work experience",
    "student_placement": "Student placement",
    "t_level": "T Level industry placement",
    "internship": "Internship",
}
PARTNER_TYPES = {
    "vcse": "VCSE (charity, CIC, community group)",
    "school": "School",
    "college": "College",
    "university": "University",
    "other": "Other",
}
EMISSION_CATEGORIES = {
    "energy": "Energy",
    "fuel": "Fuel",
    "travel": "Business travel",
    "water": "Water",
    "commuting": "Employee commuting",
    "upstream": "Deliveries to us (upstream transport)",
    "downstream": "Deliveries to customers by others (downstream transport)",
}
WASTE_ROUTES = {
    "recycled": "Recycled",
    "reused": "Reused",
    "diverted": "Diverted from landfill",
    "landfill": "Landfill",
}


def factor_choices() -> dict[str, str]:
    """Factor keys with the unit the user types (miles for passenger.km travel factors)."""
    out = {}
    for key, (label, unit) in rates.ghg_keys().items():
        out[key] = f"{label} (miles)" if unit.endswith("km") else f"{label} (per {unit})"
    return out


KINDS: dict[str, KindSpec] = {}


def _register(spec: KindSpec) -> KindSpec:
    KINDS[spec.key] = spec
    return spec


_register(
    KindSpec(
        "apprenticeship",
        models.Apprenticeship,
        "Apprenticeships",
        "an apprenticeship",
        "skills",
        (
            FieldSpec(
                "person_id",
                "Apprentice",
                "person",
                help="Choose them from People (add them there first), so local and pay count.",
            ),
            FieldSpec(
                "standard",
                "Apprenticeship standard",
                "text",
                True,
                help="The standard's name, e.g. Carpentry and joinery (level 2).",
            ),
            FieldSpec(
                "level",
                "Level",
                "int",
                True,
                minimum=2,
                maximum=7,
                help="Level 2 is GCSE-equivalent; level 7 is Master's.",
            ),
            FieldSpec("planned_end_date", "Planned end", "date"),
            FieldSpec("actual_end_date", "Actual end", "date", help="Fill in when it ends."),
            FieldSpec("status", "Status", "choice", True, APPRENTICESHIP_STATUS),
            FieldSpec(
                "weeks_on_contract",
                "Weeks on the contract",
                "float",
                minimum=0,
                maximum=520,
                unit="weeks",
                help="Blank: worked out from the dates and the contract's dates "
                "(52 weeks = one apprentice for a year).",
            ),
        ),
        totals=("weeks",),
        title_field="standard",
        date_label="Start date",
    )
)

_register(
    KindSpec(
        "training_course",
        models.TrainingCourse,
        "Training courses",
        "a training course",
        "skills",
        (
            FieldSpec("course", "Course", "text", True),
            FieldSpec("qualification", "Qualification", "text", help="e.g. CSCS card, NVQ level 3."),
            FieldSpec("level", "Level", "int", minimum=1, maximum=8),
            FieldSpec(
                "weeks",
                "Weeks of training",
                "float",
                True,
                minimum=0,
                maximum=520,
                unit="weeks",
                help="Training is counted in weeks (five working days = one week).",
            ),
            FieldSpec("learners", "Learners", "int", True, minimum=1, maximum=10000),
            FieldSpec(
                "qualified",
                "Learners who gained the qualification",
                "int",
                minimum=0,
                maximum=10000,
                help="Fill in when the results are known. Each counts as a "
                "qualification achieved, on the day the course ended.",
            ),
        ),
        totals=("weeks", "learners"),
        title_field="course",
    )
)

_register(
    KindSpec(
        "work_placement",
        models.WorkPlacement,
        "Work placements",
        "a work placement",
        "skills",
        (
            FieldSpec("placement_type", "Type", "choice", True, PLACEMENT_TYPES),
            FieldSpec("participants", "People", "int", True, minimum=1, maximum=10000),
            FieldSpec(
                "days",
                "Days",
                "float",
                minimum=0,
                maximum=3650,
                unit="days",
                help="Enter days or hours, whichever you recorded.",
            ),
            FieldSpec("hours", "Hours", "float", minimum=0, maximum=100000, unit="hours"),
            FieldSpec("provider", "School, college or programme", "text"),
        ),
        totals=("participants", "days", "hours"),
        title_field="provider",
    )
)

_register(
    KindSpec(
        "learning_intervention",
        models.LearningIntervention,
        "Learning sessions",
        "a learning session",
        "skills",
        (
            FieldSpec("intervention_type", "Type", "choice", True, INTERVENTION_TYPES),
            FieldSpec("hours", "Hours", "float", True, minimum=0.25, maximum=1000, unit="hours"),
            FieldSpec("attendees", "Attendees", "int", True, minimum=1, maximum=100000),
            FieldSpec("venue", "School, college or group", "text"),
        ),
        totals=("attendees", "learner_hours"),
        title_field="venue",
    )
)

_register(
    KindSpec(
        "volunteering",
        models.Volunteering,
        "Volunteering",
        "volunteering",
        "community",
        (
            FieldSpec("organisation_helped", "Organisation helped", "text", True),
            FieldSpec("hours", "Hours each", "float", True, minimum=0.25, maximum=10000, unit="hours"),
            FieldSpec("volunteers", "Volunteers", "int", True, minimum=1, maximum=10000),
            FieldSpec("description", "What was done", "text"),
        ),
        totals=("total_hours",),
        title_field="organisation_helped",
    )
)

_register(
    KindSpec(
        "pro_bono",
        models.ProBono,
        "Expert pro-bono time",
        "pro-bono time",
        "community",
        (
            FieldSpec("organisation_helped", "Organisation helped", "text", True),
            FieldSpec("hours", "Hours", "float", True, minimum=0.25, maximum=10000, unit="hours"),
            FieldSpec(
                "expertise",
                "Expertise given",
                "text",
                help="Professional skills given free, e.g. estimating, joinery design.",
            ),
        ),
        totals=("hours",),
        title_field="organisation_helped",
    )
)

_register(
    KindSpec(
        "donation",
        models.Donation,
        "Donations and in-kind support",
        "a donation",
        "community",
        (
            FieldSpec("recipient", "Given to", "text", True),
            FieldSpec(
                "amount_pence",
                "Value",
                "money",
                True,
                minimum=1,
                help="Money given, or the fair value of goods or materials given.",
            ),
            FieldSpec("in_kind", "In kind (goods or materials, not money)", "bool"),
            FieldSpec("description", "What was given", "text"),
        ),
        totals=("amount_pence",),
        title_field="recipient",
    )
)

_register(
    KindSpec(
        "community_partner",
        models.CommunityPartner,
        "Community partners",
        "a community partner",
        "community",
        (
            FieldSpec("name", "Name", "text", True),
            FieldSpec(
                "partner_type",
                "Type",
                "choice",
                True,
                PARTNER_TYPES,
                help="VCSE: voluntary, community and social enterprise organisations.",
            ),
            FieldSpec("postcode", "Postcode", "postcode"),
            FieldSpec("notes", "Notes", "longtext"),
        ),
        activity=False,
        title_field="name",
    )
)

_register(
    KindSpec(
        "emission_record",
        models.EmissionRecord,
        "Energy, fuel and travel",
        "an energy, fuel or travel record",
        "environment",
        (
            FieldSpec("category", "Kind", "choice", True, EMISSION_CATEGORIES),
            FieldSpec(
                "factor_key",
                "What was used",
                "factor",
                True,
                help="Picks the UK Government (DESNZ) conversion factor for the year.",
            ),
            FieldSpec(
                "quantity",
                "Quantity",
                "float",
                True,
                minimum=0,
                maximum=1e9,
                help="In the unit shown: kWh, litres or miles.",
            ),
            FieldSpec("description", "Description", "text"),
        ),
        totals=("tonnes_co2e",),
        title_field="description",
    )
)

_register(
    KindSpec(
        "waste_record",
        models.WasteRecord,
        "Waste",
        "a waste record",
        "environment",
        (
            FieldSpec("waste_stream", "Waste", "text", True, help="e.g. timber offcuts, cardboard."),
            FieldSpec("route", "What happened to it", "choice", True, WASTE_ROUTES),
            FieldSpec("tonnes", "Tonnes", "float", True, minimum=0, maximum=1e6, unit="t"),
        ),
        totals=("tonnes",),
        title_field="waste_stream",
    )
)

_register(
    KindSpec(
        "environment_action",
        models.EnvironmentAction,
        "Other actions",
        "an environmental action",
        "environment",
        (
            FieldSpec("action", "Action", "text", True, help="e.g. LED lighting fitted in the workshop."),
            FieldSpec("measure_value", "Measure", "float", help="A number that shows the effect."),
            FieldSpec("measure_unit", "Unit of the measure", "text", help="e.g. kWh a year saved."),
        ),
        title_field="action",
    )
)

AREAS = {
    "skills": ("apprenticeship", "training_course", "work_placement", "learning_intervention"),
    "community": ("volunteering", "pro_bono", "donation", "community_partner"),
    "environment": ("emission_record", "waste_record", "environment_action"),
}

DERIVED_LABELS = {
    "learner_hours": ("Learner hours", "hours"),
    "total_hours": ("Total hours", "hours"),
    "weeks": ("Weeks", "weeks"),
    "tonnes_co2e": ("tCO2e", "t"),
}


def default_values(kind: str) -> dict:
    spec = KINDS[kind]
    values: dict = {}
    for f in spec.all_fields:
        if f.type == "date" and f.name == "date":
            values[f.name] = date.today()
        elif f.type == "share":
            values[f.name] = 1.0
        elif f.type == "choice" and f.required and f.choices:
            values[f.name] = next(iter(f.choices))
        elif f.type == "bool":
            values[f.name] = False
        elif f.type in ("text", "longtext", "postcode"):
            values[f.name] = ""
        elif f.type == "int" and f.required and f.minimum is not None:
            values[f.name] = int(f.minimum)
        else:
            values[f.name] = None
    return values
