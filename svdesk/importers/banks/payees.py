"""A supplier's name cut out of a bank's narrative ("7712 26AUG26 C , WAITROSE 742 , LONDON GB").

Banks write card and direct-debit lines as a narrative: the card's last digits and the date,
the merchant's trading name with its branch number, the town and the country, a transaction
code. Left as they are, one supermarket becomes a supplier per branch and per day. clean_payee
keeps the merchant's name only, so every line from one merchant lands on one supplier; names
that still differ (ASDA PETROL, ASDA STORES) are left for the register's merge suggestions.
"""

from __future__ import annotations

import re

# Card number and date at the start of a NatWest/RBS card line: "7712 26AUG26 C" / "CD".
_CARD_HEAD = re.compile(r"^'?\s*\d{4}\s+\d{1,2}[A-Z]{3}\d{2}(\s+(C|CD|D))?\s*$", re.I)
# Words that say how the money went, not to whom.
_LEADING = re.compile(
    r"^(bill payment via faster payment to|card payment to|card purchase( at)?|card transaction|"
    r"contactless payment to|"
    r"direct debit( payment)?( to)?|faster payments?( out)?( to)?|bank payment to|"
    r"bill payment( to)?|standing order( to)?|payment to|purchase at|"
    r"pos|vis|deb|d/d|s/o|fpo|bgc|tfr|chq|bac|dpc|cpt)\b[\s:.-]*",
    re.I,
)
_CONTACTLESS = re.compile(r"^\){2,}\s*")  # HSBC marks contactless lines ")))"
# " ON 13 SEP", "ON 26/08", "26AUG26", "13SEP18": the date the card was used.
_DATES = re.compile(
    r"\s+on\s+\d{1,2}(\s*[a-z]{3}|/\d{1,2}(/\d{2,4})?)\b.*$|"
    r"\s+\d{1,2}[a-z]{3}\d{2,4}\b.*$|\s+\d{1,2}/\d{1,2}(/\d{2,4})?\b.*$",
    re.I,
)
# Barclays' trailing codes, Lloyds' "CD 1234", masked account numbers, long references.
_TAIL = re.compile(
    r"(\s+(bdc|clp|ddr|unp|bgc|bcc|ft|tfr|dd|so|cd\s*\d{4}|x{3,}\w*|\d{5,}\w*|"
    r"ref:?\s*\S+|fp\s+\d.*|gb|gbr|uk))+$",
    re.I,
)
_REFS = re.compile(r"\s+(ref(erence)?|mandate no|via (mobile|online))\b.*$", re.I)
_BRANCH = re.compile(r"(\s+\d{2,5})+$")  # "WAITROSE 742", "TESCO STORES 2525"
# A branch number then the town, with no comma between ("TESCO STORES 2525 SALFORD"): the
# number ends the name. Three digits at least, so "ROUTE 66 DINER" keeps its name.
_BRANCH_TOWN = re.compile(r"^(?P<name>\D*[A-Za-z&]\D*?)\s+\d{3,5}(\s+[A-Za-z.'-]+){1,3}$")
# Card processors write "PAYPAL *NETFLIX", "SQ *THE CORNER CAFE": the seller follows the star.
_PROCESSORS = {
    "paypal",
    "pp",
    "sq",
    "sumup",
    "iz",
    "izettle",
    "zettle",
    "sp",
    "sqr",
    "ztl",
    "tst",
    "wpy",
    "stripe",
    "google",
    "gpay",
}
_SPACES = re.compile(r"\s+")


def _after_processor(text: str) -> str:
    head, star, tail = text.partition("*")
    if not star:
        return text
    if head.strip().lower() in _PROCESSORS and tail.strip():
        return tail
    # "AMAZON.CO.UK*AB1CD2EF3": the part after the star is an order reference.
    if re.fullmatch(r"\s*[A-Z0-9]{4,}\s*", tail, re.I) and re.search(r"\d", tail):
        return head
    return head if tail.strip() else text


def clean_payee(text: str) -> str:
    """The merchant's name from a raw narrative; the narrative itself when nothing is left."""
    raw = _SPACES.sub(" ", (text or "").strip().strip("'\""))
    if not raw:
        return ""
    parts = [p.strip() for p in re.split(r"\s*,\s*", raw) if p.strip()]
    if len(parts) > 1 and _CARD_HEAD.match(parts[0]):
        parts = parts[1:]  # NatWest card line: "card date C , MERCHANT , TOWN GB"
    name = parts[0] if parts else raw
    name = _CONTACTLESS.sub("", name)
    for _ in range(2):
        name = _LEADING.sub("", name, count=1)
    name = _after_processor(name)
    name = _DATES.sub("", name)
    name = _REFS.sub("", name)
    name = _TAIL.sub("", name)
    if len(name.split()) > 1 or not re.search(r"\d", name):
        name = _BRANCH.sub("", name)
    m = _BRANCH_TOWN.match(name)
    if m:
        name = m.group("name")
    name = name.strip(" -,*.:/'\"")
    return name or raw
