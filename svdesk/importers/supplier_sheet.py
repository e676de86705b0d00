"""Supplier lists kept in a spreadsheet: any CSV or .xlsx with a name and a postcode column.

Firms often keep their suppliers in a sheet of their own ("Supplier", "Post Code", "Country",
"Company No."), not in an accounting program's export. A header row with a supplier-name
column and a postcode column is enough; a column mapping ({"columns": {"name": "Trading name",
"postcode": "PC"}}) serves any other sheet.

Overseas suppliers (a country other than the UK, or a postcode with no letters, like 10001) are
kept with no postcode: they are suppliers all the same, and never counted as local.
"""

from __future__ import annotations

from svdesk.importers.base import Cells, Layout, Options, Reject, Skip, SupplierRecord
from svdesk.importers.reading import header_key, is_blank

NAME_KEYS = (
    "suppliername",
    "supplier",
    "name",
    "company",
    "companyname",
    "tradingname",
    "businessname",
    "displayname",
    "contactname",
    "contact",
    "organisation",
    "organization",
    "vendor",
    "vendorname",
)
POSTCODE_KEYS = (
    "postcode",
    "postalcode",
    "zip",
    "zipcode",
    "postcodezip",
    "pcode",
    "addresspostcode",
    "addresspostalcode",
    "billingpostcode",
)
COUNTRY_KEYS = ("country", "addresscountry", "pocountry", "countryregion")
COMPANY_KEYS = (
    "companynumber",
    "companyno",
    "companyregistrationnumber",
    "companiesnumber",
    "crn",
    "registrationnumber",
    "companyreg",
)
CHARITY_KEYS = ("charitynumber", "charityno", "registeredcharitynumber")
# A payroll export also has a name and a postcode: its people must never become suppliers.
PAYROLL_KEYS = {
    "surname",
    "forename",
    "firstname",
    "lastname",
    "dateofbirth",
    "dob",
    "nationalinsurancenumber",
    "ninumber",
    "nino",
    "worksnumber",
    "worksno",
    "worksno.",
    "payrollid",
    "employeeid",
    "employeenumber",
    "taxcode",
}
_UK = {
    "",
    "uk",
    "u.k.",
    "gb",
    "gbr",
    "united kingdom",
    "great britain",
    "england",
    "scotland",
    "wales",
    "northern ireland",
    "britain",
}


def is_overseas(country: str, postcode: str) -> bool:
    """A country other than the UK, or a postcode with no letters in it (10001, 75008)."""
    if " ".join(country.lower().split()) not in _UK:
        return True
    code = postcode.strip()
    return bool(code) and not any(ch.isalpha() for ch in code)


def overseas_note(country: str, postcode: str) -> str:
    where = ", ".join(x for x in (postcode.strip(), country.strip()) if x)
    return f"Overseas address ({where}): never counted as local."


def _first(keys: set[str], wanted: tuple[str, ...]) -> str | None:
    return next((k for k in wanted if k in keys), None)


class SupplierSpreadsheet(Layout):
    name = "supplier-spreadsheet"
    label = "Supplier list in a spreadsheet (name and postcode columns)"
    kind = "suppliers"
    items = "suppliers"
    # The accounting programs' own exports say more (company numbers, their column names).
    yields_to = ("xero-contacts", "quickbooks-suppliers")

    def __init__(self, mapping: dict | None = None):
        self.mapping = mapping

    def _columns(self, keys: set[str]) -> dict[str, str] | None:
        if self.mapping:
            cols = {f: header_key(h) for f, h in self.mapping.get("columns", {}).items() if h}
            return cols if {"name", "postcode"} <= set(cols) and set(cols.values()) <= keys else None
        name, postcode = _first(keys, NAME_KEYS), _first(keys, POSTCODE_KEYS)
        if not name or not postcode:
            return None
        found = {"name": name, "postcode": postcode}
        for field, wanted in (
            ("country", COUNTRY_KEYS),
            ("company_number", COMPANY_KEYS),
            ("charity_number", CHARITY_KEYS),
        ):
            key = _first(keys, wanted)
            if key:
                found[field] = key
        return found

    def find_header(self, head):
        for i, (_n, row) in enumerate(head):
            keys = {header_key(c) for c in row if c.strip()}
            if (
                self._columns(keys)
                and not keys
                & {
                    "amount",
                    "lineamount",
                    "transactiontype",
                    "debit",
                    "credit",
                    "netamount",
                    "invoicenumber",
                    "invoicedate",
                }
                and not keys & PAYROLL_KEYS
            ):
                return i
        return None

    def parse(self, rows, header, options: Options):
        index: dict[str, int] = {}
        for i, cell in enumerate(header):
            index.setdefault(header_key(cell), i)
        cols = self._columns(set(index))
        if cols is None:
            raise ValueError(
                "This supplier list needs a column for each supplier's name and one for its postcode."
            )
        at = {field: index[key] for field, key in cols.items()}
        for number, cells in rows:
            if is_blank(cells):
                yield Skip(number, "blank row")
                continue
            c = Cells(number, cells, at, header)
            name = c.text("name")
            if not name:
                yield Reject(number, c.column("name"), "no supplier name")
                continue
            yield SupplierRecord(
                number,
                name,
                postcode=c.text("postcode"),
                company_number=c.text("company_number"),
                charity_number=c.text("charity_number"),
                country=c.text("country"),
            )
