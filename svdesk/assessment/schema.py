"""The shape a checklist file must have, checked by hand so each message can say what to fix.

build_checklist() takes what yaml.safe_load produced and returns it tidied (codes as text,
defaults filled) or raises SchemaError with the path of the offending item; the loader turns the
path into a line number. Unknown keys are errors: a misspelt "buyer_wieght" must not be ignored.
"""

from __future__ import annotations

import re

SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$", re.IGNORECASE)
STATUSES = {"V": "seen in a public source", "V-2": "seen in a secondary source", "U": "unverified"}


class SchemaError(ValueError):
    def __init__(self, path: tuple, message: str):
        self.path = path
        self.message = message
        super().__init__(message)


def _where(path: tuple) -> str:
    return ".".join(str(p) for p in path) or "the top level"


def _mapping(value, path, required: set[str], optional: set[str], what: str) -> dict:
    if not isinstance(value, dict):
        raise SchemaError(path, f"{what} must be a set of “key: value” lines.")
    for key in value:
        if key not in required | optional:
            allowed = ", ".join(sorted(required | optional))
            raise SchemaError(
                path + (key,), f"unknown key “{key}” in {what} (allowed: {allowed}). Check the spelling."
            )
    for key in sorted(required):
        if key not in value:
            raise SchemaError(path, f"{what} has no “{key}”; add it.")
    return value


def _text(value, path, what: str, allow_empty: bool = False) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise SchemaError(path, f"{what} must be some text.")
    return value


def _slug(value, path, what: str) -> str:
    value = _text(value, path, what)
    if not SLUG.match(value):
        raise SchemaError(
            path, f"{what} “{value}” may use only letters, digits, “-”, “_” and “.”, and no spaces."
        )
    return value


def _list(value, path, what: str) -> list:
    if not isinstance(value, list) or not value:
        raise SchemaError(path, f"{what} must be a list with at least one item (lines starting with “- ”).")
    return value


def _number(value, path, what: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise SchemaError(path, f"{what} must be a number from {low:g} to {high:g}.")
    return value


def _scale(value, path) -> list[dict]:
    options = _list(value, path, "scale")
    seen = set()
    for i, o in enumerate(options):
        p = path + (i,)
        _mapping(o, p, {"id", "label", "score"}, {"hint"}, "an answer option")
        oid = _slug(o["id"], p + ("id",), "an answer id")
        if oid in seen:
            raise SchemaError(p + ("id",), f"the answer id “{oid}” is used twice in this scale.")
        seen.add(oid)
        _text(o["label"], p + ("label",), "an answer label")
        if o["score"] is not None:
            _number(o["score"], p + ("score",), "an answer score (null for not applicable)", 0, 1)
    if len(options) < 2:
        raise SchemaError(path, "a scale needs at least two answers.")
    if not any(o["score"] == 1 for o in options):
        raise SchemaError(path, "a scale needs one answer with score 1 (the best answer).")
    return options


def _frameworks(value, path) -> dict:
    if not isinstance(value, dict):
        raise SchemaError(path, "frameworks must be a set of “key: value” lines.")
    out = {}
    for key, fw in value.items():
        p = path + (key,)
        _slug(key, p, "a framework key")
        _mapping(fw, p, {"name", "items"}, {"note"}, f"framework “{key}”")
        _text(fw["name"], p + ("name",), "a framework name")
        if not isinstance(fw["items"], dict) or not fw["items"]:
            raise SchemaError(p + ("items",), f"framework “{key}” needs items (code: details).")
        items = {}
        for code, item in fw["items"].items():
            ip = p + ("items", code)
            _mapping(item, ip, {"label", "status"}, {"group"}, f"item “{code}”")
            _text(item["label"], ip + ("label",), "an item label")
            if item["status"] not in STATUSES:
                raise SchemaError(
                    ip + ("status",),
                    "status must be V (seen in a public source), "
                    "V-2 (seen in a secondary source) or U (unverified).",
                )
            items[str(code)] = item
        out[key] = {**fw, "items": items}
    return out


def _question(q, path, scale_ok, frameworks) -> dict:
    _mapping(
        q, path, {"id", "text", "help", "buyer_weight"}, {"action", "scale", "weight", "links"}, "a question"
    )
    _slug(q["id"], path + ("id",), "a question id")
    _text(q["text"], path + ("text",), "the question text")
    h = _mapping(q["help"], path + ("help",), {"why", "buyer", "evidence"}, set(), "the question's help")
    for key in ("why", "buyer", "evidence"):
        _text(h[key], path + ("help", key), f"help “{key}”")
    bw = q["buyer_weight"]
    if isinstance(bw, bool) or not isinstance(bw, int) or not 1 <= bw <= 5:
        raise SchemaError(
            path + ("buyer_weight",),
            "buyer_weight must be a whole number from 1 (buyers rarely ask) to 5 (buyers weigh it heavily).",
        )
    if "weight" in q:
        _number(q["weight"], path + ("weight",), "weight", 0.1, 100)
    if "action" in q:
        _text(q["action"], path + ("action",), "the suggested action")
    if "scale" in q:
        _scale(q["scale"], path + ("scale",))
    elif not scale_ok:
        raise SchemaError(path, "this question has no scale and the checklist has none either.")
    links = q.get("links", {})
    if not isinstance(links, dict):
        raise SchemaError(path + ("links",), "links must map a framework key to a list of codes.")
    tidy = {}
    for key, codes in links.items():
        lp = path + ("links", key)
        if key not in frameworks:
            known = ", ".join(frameworks) or "none are defined"
            raise SchemaError(
                lp,
                f"links name the framework “{key}”, which the checklist's "
                f"frameworks do not define (defined: {known}).",
            )
        if not isinstance(codes, list):
            codes = [codes]
        for code in codes:
            if str(code) not in frameworks[key]["items"]:
                raise SchemaError(
                    lp,
                    f"“{code}” is not an item of framework “{key}”; add it "
                    "under frameworks or correct the code (put codes in quotes).",
                )
        tidy[key] = [str(c) for c in codes]
    return {**q, "links": tidy}


def build_checklist(data) -> dict:
    path: tuple = ()
    _mapping(
        data,
        path,
        {"id", "version", "title", "scale", "maturity", "sections"},
        {"summary", "publisher", "disclaimer", "minutes", "frameworks", "format"},
        "the checklist",
    )
    _slug(data["id"], ("id",), "the checklist id")
    _text(data["version"], ("version",), "the version")
    _text(data["title"], ("title",), "the title")
    for key in ("summary", "publisher", "disclaimer"):
        if key in data:
            _text(data[key], (key,), key, allow_empty=True)
    if "minutes" in data:
        _number(data["minutes"], ("minutes",), "minutes", 1, 600)
    if "format" in data and data["format"] != 1:
        raise SchemaError(("format",), "this svdesk reads checklist format 1 only.")
    _scale(data["scale"], ("scale",))
    m = _mapping(data["maturity"], ("maturity",), {"rule", "levels"}, set(), "maturity")
    _text(m["rule"], ("maturity", "rule"), "the maturity rule")
    levels = _list(m["levels"], ("maturity", "levels"), "maturity levels")
    for i, lv in enumerate(levels):
        p: tuple[str | int, ...] = ("maturity", "levels", i)
        _mapping(lv, p, {"id", "label", "min_score"}, {"description"}, "a maturity level")
        _slug(lv["id"], p + ("id",), "a maturity level id")
        _text(lv["label"], p + ("label",), "a maturity label")
        _number(lv["min_score"], p + ("min_score",), "min_score", 0, 1)
    if not any(lv["min_score"] == 0 for lv in levels):
        raise SchemaError(
            ("maturity", "levels"), "one maturity level needs min_score 0, so every score has a level."
        )
    frameworks = _frameworks(data.get("frameworks", {}), ("frameworks",))
    sections = _list(data["sections"], ("sections",), "sections")
    section_ids, question_ids = set(), set()
    tidy_sections = []
    for i, s in enumerate(sections):
        p = ("sections", i)
        _mapping(s, p, {"id", "title", "questions"}, {"intro"}, "a section")
        sid = _slug(s["id"], p + ("id",), "a section id")
        if sid in section_ids:
            raise SchemaError(p + ("id",), f"the section id “{sid}” is used twice.")
        section_ids.add(sid)
        _text(s["title"], p + ("title",), "the section title")
        questions = _list(s["questions"], p + ("questions",), "a section's questions")
        tidy_q = []
        for j, q in enumerate(questions):
            qp = p + ("questions", j)
            tq = _question(q, qp, True, frameworks)
            if tq["id"] in question_ids:
                raise SchemaError(
                    qp + ("id",),
                    f"the question id “{tq['id']}” is used twice; every question needs its own id.",
                )
            question_ids.add(tq["id"])
            tidy_q.append(tq)
        tidy_sections.append({**s, "questions": tidy_q})
    return {**data, "frameworks": frameworks, "sections": tidy_sections}
