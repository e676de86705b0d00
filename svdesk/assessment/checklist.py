"""Self-assessment checklists as data: load a YAML file, check it, and return plain objects.

A checklist is content, not code: svdesk ships one (resources/checklists/) and a user may load a
council's or a charter's in the same format (docs/checklist-format.md). Every error names the
file and the line, because the person fixing it is editing a text file by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from svdesk.assessment.schema import SchemaError, build_checklist

BUILTIN_FILE = "svdesk_social_value_v1.yaml"


class ChecklistError(ValueError):
    """A checklist file that cannot be used; str() says which file, which line and what to fix."""

    def __init__(self, source: str, line: int | None, message: str):
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}, line {line}" if line else source
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class ScaleOption:
    id: str  # "yes", "partly", "no", "na"
    label: str  # "Yes"
    score: float | None  # share of the question's points; None = not applicable (left out)
    hint: str = ""


@dataclass(frozen=True)
class FrameworkRef:
    """One outcome, criterion or theme of a framework that a question supports."""

    framework: str  # "ppn0620", "ppn002", "toms", or a checklist's own key
    code: str  # "2.2", "6", "jobs"
    label: str  # what it means in words
    status: str  # "V" seen in a public source, "V-2" secondary source, "U" unverified
    group: str = ""  # the theme or mission it sits under

    @property
    def verified(self) -> bool:
        return self.status != "U"


@dataclass(frozen=True)
class Question:
    id: str
    section_id: str
    text: str
    why: str
    buyer_looks_for: str
    evidence_example: str
    buyer_weight: int  # 1 (nice to have) .. 5 (buyers weigh it heavily)
    action: str  # what to do when the answer is not Yes
    scale: tuple[ScaleOption, ...]
    weight: float = 1.0  # points the question carries in its section score
    links: tuple[FrameworkRef, ...] = ()

    def option(self, answer_id: str) -> ScaleOption | None:
        return next((o for o in self.scale if o.id == answer_id), None)

    def match(self, text: str) -> ScaleOption | None:
        """The option a person or a file means: its id or label in any case ("Yes", "N/A")."""
        wanted = " ".join(str(text).strip().lower().replace("/", "").split())
        for o in self.scale:
            if wanted in (o.id.lower(), o.label.lower(), o.label.lower().replace("/", "")):
                return o
        if wanted in ("n a", "na", "not applicable", "n.a."):
            return next((o for o in self.scale if o.score is None), None)
        return None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class MaturityLevel:
    id: str
    label: str
    min_score: float  # lowest section score (0..1) that reaches this level
    description: str


@dataclass(frozen=True)
class Framework:
    key: str
    name: str


@dataclass(frozen=True)
class Checklist:
    id: str
    version: str
    title: str
    summary: str
    publisher: str
    disclaimer: str
    minutes: int
    scale: tuple[ScaleOption, ...]
    maturity: tuple[MaturityLevel, ...]  # lowest first
    maturity_rule: str
    sections: tuple[Section, ...]
    frameworks: tuple[Framework, ...] = ()
    source: str = ""  # the file it came from, for messages
    text: str = field(default="", repr=False, compare=False)  # the YAML as loaded

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def maturity_for(self, score: float | None) -> MaturityLevel | None:
        if score is None:
            return None
        reached = [m for m in self.maturity if score + 1e-9 >= m.min_score]
        return reached[-1] if reached else self.maturity[0]

    def framework_name(self, key: str) -> str:
        return next((f.name for f in self.frameworks if f.key == key), key)


def _line_map(node, path=(), out=None) -> dict[tuple, int]:
    """Map each path in the document (keys and list indexes) to its 1-based line number."""
    if out is None:
        out = {}
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[path + (key,)] = key_node.start_mark.line + 1
            _line_map(value_node, path + (key,), out)
            out[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, path + (i,), out)
    return out


def parse_checklist(text: str, source: str = "checklist") -> Checklist:
    """Check and build a checklist from YAML text; ChecklistError names source and line."""
    from svdesk.safety.inputs import InputRejected, check_yaml_shape, safe_loader

    try:  # deep nesting would crash PyYAML's recursive composer; aliases can explode
        check_yaml_shape(text, source="the file")
    except InputRejected as exc:
        raise ChecklistError(source, None, str(exc)) from None
    loader = safe_loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ChecklistError(
                source, None, "the file is empty; a checklist needs an id, a title, a scale and sections."
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "the YAML cannot be read"
        raise ChecklistError(
            source,
            line,
            f"this is not valid YAML ({problem}). Check the "
            "indentation and that text containing a colon is in quotes.",
        ) from exc
    except yaml.YAMLError as exc:
        raise ChecklistError(source, None, f"this is not valid YAML ({exc}).") from exc
    finally:
        loader.dispose()
    lines = _line_map(node)
    try:
        built = build_checklist(data)
    except SchemaError as exc:
        path = tuple(exc.path)
        while path not in lines and path:
            path = path[:-1]
        raise ChecklistError(source, lines.get(path), exc.message) from None
    return _to_objects(built, source, text)


@lru_cache(maxsize=8)
def cached_checklist(text: str, source: str) -> Checklist:
    """parse_checklist, remembered by text: the shipped and stored checklists (immutable once
    built) are parsed once per run rather than on every visit to the Self-assessment page."""
    return parse_checklist(text, source)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ChecklistError(path.name, None, "the file does not exist. Choose the file again.") from None
    except UnicodeDecodeError:
        raise ChecklistError(
            path.name,
            None,
            "the file is not UTF-8 text. Save it as UTF-8 (in most editors: Save As, Encoding: UTF-8).",
        ) from None
    except OSError as exc:
        raise ChecklistError(path.name, None, f"svdesk cannot read it ({exc.strerror}).") from None


def load_checklist(path: Path | str) -> Checklist:
    path = Path(path)
    return parse_checklist(_read(path), path.name)


def builtin_checklist() -> Checklist:
    from svdesk.resources import resource_path

    path = Path(resource_path("checklists", BUILTIN_FILE))
    return cached_checklist(_read(path), path.name)


def _scale(items) -> tuple[ScaleOption, ...]:
    return tuple(ScaleOption(o["id"], o["label"], o["score"], o.get("hint", "")) for o in items)


def _to_objects(d: dict, source: str, text: str) -> Checklist:
    default_scale = _scale(d["scale"])
    refs: dict[tuple[str, str], FrameworkRef] = {}
    frameworks = []
    for key, fw in d.get("frameworks", {}).items():
        frameworks.append(Framework(key, fw["name"]))
        for code, item in fw["items"].items():
            refs[(key, code)] = FrameworkRef(key, code, item["label"], item["status"], item.get("group", ""))
    sections = []
    for s in d["sections"]:
        questions = []
        for q in s["questions"]:
            links = tuple(
                refs[(key, str(code))] for key, codes in q.get("links", {}).items() for code in codes
            )
            questions.append(
                Question(
                    id=q["id"],
                    section_id=s["id"],
                    text=q["text"].strip(),
                    why=q["help"]["why"].strip(),
                    buyer_looks_for=q["help"]["buyer"].strip(),
                    evidence_example=q["help"]["evidence"].strip(),
                    buyer_weight=q["buyer_weight"],
                    action=(q.get("action") or f"Work towards: {q['text'].strip()}").strip(),
                    scale=_scale(q["scale"]) if "scale" in q else default_scale,
                    weight=float(q.get("weight", 1)),
                    links=links,
                )
            )
        sections.append(Section(s["id"], s["title"], s.get("intro", "").strip(), tuple(questions)))
    maturity = tuple(
        sorted(
            (
                MaturityLevel(m["id"], m["label"], float(m["min_score"]), m.get("description", "").strip())
                for m in d["maturity"]["levels"]
            ),
            key=lambda m: m.min_score,
        )
    )
    return Checklist(
        id=d["id"],
        version=str(d["version"]),
        title=d["title"],
        summary=d.get("summary", "").strip(),
        publisher=d.get("publisher", ""),
        disclaimer=d.get("disclaimer", "").strip(),
        minutes=int(d.get("minutes", 20)),
        scale=default_scale,
        maturity=maturity,
        maturity_rule=d["maturity"]["rule"].strip(),
        sections=tuple(sections),
        frameworks=tuple(frameworks),
        source=source,
        text=text,
    )
