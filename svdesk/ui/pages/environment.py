"""Environment: energy, fuel and travel converted to carbon, waste, and other actions."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from svdesk.calc.rates import GHG_ATTRIBUTION
from svdesk.ui.records.record_table import KindTabsPage
from svdesk.ui.widgets import label


class EnvironmentPage(KindTabsPage):
    TITLE = "Environment"
    PURPOSE = (
        "Energy, fuel, business travel and waste, converted to tonnes of CO2e with the "
        "UK Government factors for the year."
    )
    ACTION = "Add an energy, fuel or travel record…"
    TABS = (
        (
            "emission_record",
            "Record meter readings (kWh), fuel bought (litres) and business "
            "miles by vehicle or mode. svdesk converts them to tonnes of CO2e with the DESNZ "
            "factors for the year of each record, and shows which edition it used.",
        ),
        (
            "waste_record",
            "Record waste by what happened to it: reused, recycled, diverted or "
            "sent to landfill, in tonnes. Waste transfer notes are good evidence.",
        ),
        (
            "environment_action",
            "Anything else you did for the environment, with a number that "
            "shows its effect, e.g. LED lighting saving 4,200 kWh a year.",
        ),
    )

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        factors = QPushButton("Conversion factors…")
        factors.clicked.connect(self.show_factors)
        self.header.add_button(factors)
        self.layout_.addWidget(label("Conversion factors: " + GHG_ATTRIBUTION, "HelpText"))

    def show_factors(self) -> None:
        from svdesk.ui.dialogs.rates_dialog import RatesDialog

        RatesDialog("ghg_factors.csv", self).exec()
        for table in self.tables.values():  # new factors change the tonnes, not the database
            table.reload()  # (a tab not built yet reads when it is shown)
