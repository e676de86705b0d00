"""First run on an empty database: set up the organisation, or explore with demo data."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from svdesk.services.store import Store
from svdesk.ui.dialogs.organisation_dialog import OrganisationForm
from svdesk.ui.widgets import label, primary_button


class WelcomeDialog(QDialog):
    """Result: Accepted once the organisation is set up; rejected otherwise, with choice
    "open" (open another database), "demo" (explore the demo in its own file) or None."""

    def __init__(self, store: Store, parent: QWidget | None = None, setup_first: bool = False):
        super().__init__(parent)
        self.store = store
        self.choice: str | None = None
        self.setWindowTitle("Welcome to svdesk")
        self.resize(720, 440)
        layout = QVBoxLayout(self)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)

        welcome = QWidget()
        w = QVBoxLayout(welcome)
        w.setContentsMargins(24, 24, 24, 24)
        w.setSpacing(12)
        w.addWidget(label("Welcome to svdesk", "PageTitle"))
        w.addWidget(
            label(
                "svdesk helps you show buyers the social value your organisation creates: the local "
                "people you employ and train, the local and small suppliers you buy from, the time "
                "you give your community and the carbon you save. Everything stays on this computer."
            )
        )
        w.addWidget(
            label(
                "Start by telling svdesk about your organisation. It takes about two "
                "minutes, and you can change it at any time.",
                "Muted",
            )
        )
        w.addSpacing(12)
        self.setup_button = primary_button("Set up my organisation", self._show_form)
        self.demo_button = QPushButton("Explore with demo data first")
        self.demo_button.setToolTip(
            "Opens Irwell Joinery Ltd, an example 14-person firm in "
            "Salford with two council contracts, in a demo file of its "
            "own. Your own database stays empty until you set it up."
        )
        self.demo_button.clicked.connect(self._load_demo)
        self.open_button = QPushButton("Open an existing svdesk database…")
        self.open_button.clicked.connect(self._choose_open)
        w.addWidget(self.setup_button)
        w.addWidget(self.demo_button)
        w.addWidget(self.open_button)
        w.addWidget(
            label(
                "The demo opens in a file of its own (demo.svdesk), never in your "
                "records. When you are ready, press “Start my own records” on the "
                "demo's banner.",
                "HelpText",
            )
        )
        w.addStretch(1)
        self.stack.addWidget(welcome)

        form_page = QWidget()
        f = QVBoxLayout(form_page)
        f.addWidget(label("Your organisation", "PageTitle"))
        f.addWidget(
            label(
                "Fields marked * are required. Buyers use your size and status to "
                "score and report on contracts.",
                "Muted",
            )
        )
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        self.form = OrganisationForm()
        scroll.setWidget(self.form)
        f.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        back = QPushButton("Back")
        back.clicked.connect(lambda: self.stack.setCurrentIndex(0))
        self.save_button = primary_button("Save and continue", self._save)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        f.addLayout(buttons)
        self.stack.addWidget(form_page)
        self.form.bind_save_button(self.save_button)
        if setup_first:
            self._show_form()

    def _choose_open(self) -> None:
        self.choice = "open"
        self.reject()

    def _show_form(self) -> None:
        self.resize(max(self.width(), 760), max(self.height(), 680))
        self.stack.setCurrentIndex(1)
        self.form.name.setFocus()

    def _save(self) -> None:
        if self.form.save(self.store) is None:
            return
        self.choice = "organisation"
        self.accept()

    def _load_demo(self) -> None:
        # the caller opens the demo in its own file (svdesk.ui.app.open_demo): this database,
        # the user's own, is left empty for their records (issue 20.1)
        self.choice = "demo"
        self.reject()
