"""Frameworks (PPN 06/20, PPN 002) and svdesk's measure set, loaded from resources/frameworks.

The files are data, not code: wording a buyer may quote carries a `verified` flag, and a file
that is malformed is refused with a message naming the file and the problem, so a bad edit never
turns into a silently wrong report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from svdesk.resources import resource_path
from svdesk.safety.inputs import safe_loader

KINDS = {"local_economic": "Local economic value", "social": "Social value"}
FRAMEWORK_FILES = ("ppn_06_20.yaml", "ppn_002.yaml")
MEASURES_FILE = "svdesk_measures.yaml"


class FrameworkFileError(ValueError):
    """A framework or measure file cannot be used; the message names the file and the problem."""

    def __init__(self, path: Path | str, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{Path(path).name}: {problem}")


@dataclass(frozen=True)
class Group:
    key: str
    name: str
    verified: bool


@dataclass(frozen=True)
class Outcome:
    key: str
    name: str
    group: str
    verified: bool


@dataclass(frozen=True)
class Criterion:
    key: str
    name: str
    outcome: str
    verified: bool


@dataclass(frozen=True)
class Framework:
    key: str
    name: str
    short_name: str
    source: str
    group_label: str
    groups: tuple[Group, ...]
    outcomes: tuple[Outcome, ...]
    criteria: tuple[Criterion, ...]
    # What a document cites for this framework: "criteria" (PPN 06/20's MACs) or "outcomes"
    # (PPN 002's), and the word for an outcome. Data, so a successor model needs no code.
    cite: str = "outcomes"
    outcome_label: str = "Outcome"

    def criterion(self, key: str) -> Criterion | None:
        return next((c for c in self.criteria if c.key == key), None)

    def outcome(self, key: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.key == key), None)

    def group(self, key: str) -> Group | None:
        return next((g for g in self.groups if g.key == key), None)


@dataclass(frozen=True)
class MeasureDef:
    key: str
    name: str
    unit: str
    kind: str
    description: str
    counting_rule: str
    valued: bool = True
    in_totals: bool = True
    maps_to: tuple[str, ...] = field(default_factory=tuple)  # "framework:outcome"
    builtin: bool = True
    criteria: tuple[str, ...] = field(default_factory=tuple)  # "framework:MAC 2.2"


def _require(path, data: dict, name: str, where: str, kind=str):
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise FrameworkFileError(path, f"{where} has no “{name}”.")
    if not isinstance(value, kind):
        raise FrameworkFileError(
            path, f"{where}: “{name}” should be {kind.__name__}, not {type(value).__name__}."
        )
    return value.strip() if isinstance(value, str) else value


def _verified(path, data: dict, where: str) -> bool:
    value = data.get("verified", True)
    if not isinstance(value, bool):
        raise FrameworkFileError(path, f"{where}: “verified” must be true or false.")
    return value


def _read_yaml(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FrameworkFileError(path, f"cannot be read ({exc.strerror}).") from exc
    try:
        data = yaml.load(text, Loader=safe_loader())  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise FrameworkFileError(path, f"is not valid YAML{where}.") from exc
    if not isinstance(data, dict):
        raise FrameworkFileError(path, "should hold a mapping of keys, not a list or text.")
    return data


def _unique(path, items, what: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.key in seen:
            raise FrameworkFileError(path, f"{what} “{item.key}” appears twice.")
        seen.add(item.key)


def parse_framework(path: Path) -> Framework:
    data = _read_yaml(path)
    key = _require(path, data, "key", "The file")
    groups, outcomes, criteria = [], [], []
    for i, g in enumerate(data.get("groups") or [], 1):
        where = f"Group {i}"
        groups.append(
            Group(
                str(_require(path, g, "key", where)),
                _require(path, g, "name", where),
                _verified(path, g, where),
            )
        )
    for i, o in enumerate(data.get("outcomes") or [], 1):
        where = f"Outcome {i}"
        outcome = Outcome(
            str(_require(path, o, "key", where)),
            _require(path, o, "name", where),
            str(_require(path, o, "group", where)),
            _verified(path, o, where),
        )
        if outcome.group not in {g.key for g in groups}:
            raise FrameworkFileError(
                path, f"Outcome {outcome.key} names group “{outcome.group}”, which is not in the groups list."
            )
        outcomes.append(outcome)
    for i, c in enumerate(data.get("criteria") or [], 1):
        where = f"Criterion {i}"
        crit = Criterion(
            str(_require(path, c, "key", where)),
            _require(path, c, "name", where),
            str(_require(path, c, "outcome", where)),
            _verified(path, c, where),
        )
        if crit.outcome not in {o.key for o in outcomes}:
            raise FrameworkFileError(
                path, f"{crit.key} names outcome “{crit.outcome}”, which is not in the outcomes list."
            )
        criteria.append(crit)
    if not outcomes:
        raise FrameworkFileError(path, "has no outcomes.")
    for items, what in ((groups, "Group"), (outcomes, "Outcome"), (criteria, "Criterion")):
        _unique(path, items, what)
    cite = str(data.get("cite") or "outcomes")
    if cite not in ("outcomes", "criteria"):
        raise FrameworkFileError(path, f"“cite” should be outcomes or criteria, not “{cite}”.")
    return Framework(
        key,
        _require(path, data, "name", "The file"),
        str(data.get("short_name") or data["name"]),
        str(data.get("source") or ""),
        str(data.get("group_label") or "Theme"),
        tuple(groups),
        tuple(outcomes),
        tuple(criteria),
        cite,
        str(data.get("outcome_label") or "Outcome"),
    )


def check_mapping(frameworks: dict[str, Framework], ref: str) -> str | None:
    """Why "framework:outcome" does not name a known outcome, or None when it does."""
    fw_key, sep, outcome = ref.partition(":")
    if not sep or not outcome:
        return f"“{ref}” should look like ppn_06_20:2 (framework, colon, outcome)."
    framework = frameworks.get(fw_key)
    if framework is None:
        return f"“{ref}” names framework “{fw_key}”, which svdesk does not know."
    if framework.outcome(outcome) is None:
        return f"“{ref}”: {framework.short_name} has no outcome “{outcome}”."
    return None


def check_criterion(frameworks: dict[str, Framework], ref: str) -> str | None:
    """Why "framework:criterion" does not name a known criterion, or None when it does."""
    fw_key, sep, key = ref.partition(":")
    framework = frameworks.get(fw_key)
    if not sep or framework is None:
        return f"“{ref}” should look like ppn_06_20:MAC 2.2 (a framework svdesk knows, colon, criterion)."
    if framework.criterion(key) is None:
        return f"“{ref}”: {framework.short_name} has no criterion “{key}”."
    return None


def parse_measures(path: Path, frameworks: dict[str, Framework]) -> tuple[MeasureDef, ...]:
    data = _read_yaml(path)
    items = data.get("measures")
    if not isinstance(items, list) or not items:
        raise FrameworkFileError(path, "has no “measures” list.")
    out = []
    for i, m in enumerate(items, 1):
        if not isinstance(m, dict):
            raise FrameworkFileError(path, f"Measure {i} should be a mapping of fields.")
        where = f"Measure {i} ({m.get('key', 'no key')})"
        kind = _require(path, m, "kind", where)
        if kind not in KINDS:
            raise FrameworkFileError(path, f"{where}: kind “{kind}” should be local_economic or social.")
        maps = m.get("maps_to") or []
        if not isinstance(maps, list):
            raise FrameworkFileError(path, f"{where}: maps_to should be a list.")
        for ref in maps:
            problem = check_mapping(frameworks, str(ref))
            if problem:
                raise FrameworkFileError(path, f"{where}: {problem}")
        crits = m.get("criteria") or []
        if not isinstance(crits, list):
            raise FrameworkFileError(path, f"{where}: criteria should be a list.")
        for ref in crits:
            problem = check_criterion(frameworks, str(ref))
            if problem:
                raise FrameworkFileError(path, f"{where}: {problem}")
        for flag in ("valued", "in_totals"):
            if not isinstance(m.get(flag, True), bool):
                raise FrameworkFileError(path, f"{where}: “{flag}” must be true or false.")
        out.append(
            MeasureDef(
                key=_require(path, m, "key", where),
                name=_require(path, m, "name", where),
                unit=str(_require(path, m, "unit", where)),
                kind=kind,
                description=_require(path, m, "description", where),
                counting_rule=_require(path, m, "counting_rule", where),
                valued=m.get("valued", True),
                in_totals=m.get("in_totals", True),
                maps_to=tuple(str(r) for r in maps),
                criteria=tuple(str(r) for r in crits),
            )
        )
    _unique(path, out, "Measure key")
    return tuple(out)


@cache
def load_frameworks() -> dict[str, Framework]:
    frameworks = {}
    for name in FRAMEWORK_FILES:
        fw = parse_framework(resource_path("frameworks", name))
        frameworks[fw.key] = fw
    return frameworks


@cache
def load_measures() -> tuple[MeasureDef, ...]:
    """svdesk's shipped measures (a buyer's own measures live in the database)."""
    return parse_measures(resource_path("frameworks", MEASURES_FILE), load_frameworks())


def builtin_measure(key: str) -> MeasureDef | None:
    return next((m for m in load_measures() if m.key == key), None)
