"""Demo self-assessments for Irwell Joinery: one taken in Nov 2025, one a year later.

The second shows the direction of travel a year of recording brings (evidence and environment
improve, one fair-work practice slips), and the first one's action plan is part-way done.
"""

from __future__ import annotations

from datetime import date

from svdesk.services import assessment as svc
from svdesk.services.assessment_actions import list_actions, update_action_fields
from svdesk.services.demo import DEMO_EXTENSIONS
from svdesk.services.store import Store

# A 14-person joinery firm: apprentices and local staff, Real Living Wage accredited, no carbon
# plan yet, few records kept.
ANSWERS_2025 = {
    "emp-01": "partly",
    "emp-02": "yes",
    "emp-03": "yes",
    "emp-04": "no",
    "emp-05": "partly",
    "emp-06": "partly",
    "emp-07": "no",
    "sup-01": "no",
    "sup-02": "yes",
    "sup-03": "no",
    "sup-04": "partly",
    "sup-05": "no",
    "sup-06": "yes",
    "sup-07": "na",
    "fw-01": "yes",
    "fw-02": "yes",
    "fw-03": "partly",
    "fw-04": "yes",
    "fw-05": "partly",
    "fw-06": "partly",
    "fw-07": "yes",
    "fw-08": "partly",
    "fw-09": "no",
    "fw-10": "no",
    "eq-01": "partly",
    "eq-02": "no",
    "eq-03": "partly",
    "eq-04": "partly",
    "eq-05": "no",
    "wb-01": "no",
    "wb-02": "no",
    "wb-03": "yes",
    "wb-04": "partly",
    "com-01": "partly",
    "com-02": "yes",
    "com-03": "partly",
    "com-04": "no",
    "env-01": "no",
    "env-02": "no",
    "env-03": "partly",
    "env-04": "partly",
    "env-05": "yes",
    "env-06": "no",
    "env-07": "no",
    "ev-01": "no",
    "ev-02": "no",
    "ev-03": "partly",
    "ev-04": "no",
    "ev-05": "partly",
    "ev-06": "no",
    "ld-01": "no",
    "ld-02": "partly",
    "ld-03": "no",
    "ld-04": "no",
    "ld-05": "partly",
}
CHANGES_2026 = {
    "emp-01": "yes",
    "emp-07": "partly",
    "sup-01": "yes",
    "sup-04": "yes",
    "fw-03": "yes",
    "fw-06": "no",
    "eq-02": "yes",
    "wb-01": "yes",
    "com-01": "yes",
    "env-01": "yes",
    "env-02": "partly",
    "ev-01": "yes",
    "ev-02": "partly",
    "ev-03": "yes",
    "ld-01": "yes",
    "ld-04": "partly",
}
NOTES = {
    "emp-03": "Two joinery apprentices (level 2) with Salford City College.",
    "fw-01": "Accredited Living Wage Employer since 2023; lowest rate £13.45.",
    "env-05": "All timber FSC certified (chain of custody certificate held).",
}
NOTES_2026 = {
    "emp-01": "11 of 14 staff live in Salford (E08000006): 10.4 FTE.",
    "sup-01": "38% of spend with Salford suppliers in 2025-26 (svdesk spend report).",
    "env-01": "2025-26 footprint 41.2 tCO2e, mostly van diesel.",
    "fw-06": "Flexible hours paused during the schools summer programme.",
}


def add_demo_assessments(store: Store) -> None:
    checklist = svc.ensure_builtin_checklist(store)
    svc.record_assessment(store, checklist.id, ANSWERS_2025, NOTES, date(2025, 11, 12))
    first = svc.completed_assessments(store)[0]
    owners = {
        "ld-01": ("Director", "done"),
        "ev-01": ("Office manager", "done"),
        "env-01": ("Office manager", "done"),
        "sup-01": ("Office manager", "done"),
        "eq-02": ("Director", "done"),
        "env-02": ("Director", "in_progress"),
        "emp-04": ("Workshop manager", "in_progress"),
    }
    for action in list_actions(store, first.id):
        if action.question_id in owners:
            owner, status = owners[action.question_id]
            assert action.id is not None  # listed actions are stored ones
            update_action_fields(store, action.id, owner=owner, status=status)
    svc.record_assessment(
        store, checklist.id, {**ANSWERS_2025, **CHANGES_2026}, {**NOTES, **NOTES_2026}, date(2026, 11, 10)
    )


DEMO_EXTENSIONS.append(add_demo_assessments)
