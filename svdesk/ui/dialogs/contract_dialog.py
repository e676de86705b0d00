"""Add or edit a contract or bid, including the buyer's definition of "local"."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from svdesk.geo.authorities import all_authorities, authority_for_postcode, authority_name, match_authority
from svdesk.services.conflicts import ConflictError
from svdesk.services.contracts import (
    AREA_KINDS,
    FRAMEWORKS,
    STATUSES,
    ContractData,
    get_contract,
    save_contract,
    taken_references,
    validate_contract,
)
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError
from svdesk.ui.dialogs.conflict_dialog import save_asking, show_theirs
from svdesk.ui.forms import Form, MoneyEdit, OptionalDateEdit, combo, set_combo
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import label


class AuthorityPicker(QWidget):
    """Choose one or more local authorities by name; shows the chosen list with Remove.

    A council typed in the box counts as chosen without pressing Add (typed_code), and the
    council of the contract's site postcode is offered with one click (suggest)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.search = QComboBox()
        self.search.setEditable(True)
        self.search.setInsertPolicy(QComboBox.NoInsert)
        self.search.lineEdit().setPlaceholderText("Type a council name, e.g. Salford")
        for authority in all_authorities():
            self.search.addItem(f"{authority.name} ({authority.code})", authority.code)
        self.search.setCurrentIndex(-1)
        completer = QCompleter([self.search.itemText(i) for i in range(self.search.count())], self)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        completer.setFilterMode(Qt.MatchContains)
        self.search.setCompleter(completer)
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self._add_current)
        self.search.lineEdit().returnPressed.connect(self._add_current)
        self.search.editTextChanged.connect(lambda *_: self.on_typing())
        row.addWidget(self.search, 1)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.suggest_button = QPushButton()
        self.suggest_button.setVisible(False)
        self.suggest_button.clicked.connect(self._use_suggestion)
        self._suggested: str | None = None
        layout.addWidget(self.suggest_button, 0, Qt.AlignLeft)
        self.chosen = QListWidget()
        self.chosen.setMaximumHeight(90)
        self.chosen.setAccessibleName("Chosen local authorities")
        layout.addWidget(self.chosen)
        remove = QPushButton("Remove selected")
        remove.clicked.connect(self._remove_selected)
        layout.addWidget(remove, 0, Qt.AlignLeft)
        self.on_change = lambda: None
        self.on_typing = lambda: None  # the box's text changed: no error shown mid-word

    def typed_text(self) -> str:
        return self.search.currentText().strip()

    def typed_code(self) -> str | None:
        """The council typed in the box (not yet added), when svdesk knows it."""
        found = match_authority(self.typed_text())
        return found.code if found else None

    def all_codes(self) -> list[str]:
        """The councils chosen, with the one typed in the box as if Add had been pressed."""
        codes = self.codes()
        typed = self.typed_code()
        return codes + [typed] if typed and typed not in codes else codes

    def _add_current(self) -> None:
        code = self.typed_code()
        if code and code not in self.codes():
            self._append(code)
        if code:
            self.search.setCurrentIndex(-1)
            self.search.clearEditText()
            self.on_change()

    def _append(self, code: str) -> None:
        item = QListWidgetItem(f"{authority_name(code)} ({code})")
        item.setData(Qt.UserRole, code)
        self.chosen.addItem(item)

    def suggest(self, postcode: str) -> None:
        """Offer the council of the site postcode while it is not chosen yet."""
        found = authority_for_postcode(postcode) if postcode.strip() else None
        self._suggested = found.code if found else None
        show = found is not None and found.code not in self.all_codes()
        if show:
            self.suggest_button.setText(f"Use {found.name}, the council for {postcode.strip().upper()}")
            self.suggest_button.setToolTip("The site postcode is in this council's area")
        self.suggest_button.setVisible(show)

    def _use_suggestion(self) -> None:
        if self._suggested and self._suggested not in self.codes():
            self._append(self._suggested)
        self.suggest_button.setVisible(False)
        self.on_change()

    def _remove_selected(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))
        self.on_change()

    def codes(self) -> list[str]:
        return [self.chosen.item(i).data(Qt.UserRole) for i in range(self.chosen.count())]

    def set_codes(self, codes: list[str]) -> None:
        self.chosen.clear()
        for code in codes:
            self._append(code)


CONFLICT_CHOICES = {"status": STATUSES, "framework": FRAMEWORKS, "local_area_kind": AREA_KINDS}


class ContractDialog(GuardedDialog):
    unsaved_what = "this contract"

    def __init__(self, store: Store, contract: ContractData | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.original = contract or ContractData()
        self.saved: ContractData | None = None
        self.setWindowTitle("Edit contract" if contract and contract.id else "Add a contract or bid")
        self.resize(760, 720)
        self._taken = taken_references(store, self.original.id)

        outer = QVBoxLayout(self)
        intro = label(
            "Record the contract or bid as the buyer describes it. The local area "
            "decides which people and suppliers count as local for this contract.",
            "Muted",
        )
        outer.addWidget(intro)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        layout = QVBoxLayout(body)

        form = self.form = Form(columns=2)
        self.reference = form.add(
            "reference",
            "Reference",
            QLineEdit(),
            "The buyer's reference, or your own if there is none yet.",
            required=True,
        )
        self.status = form.add("status", "Status", combo(STATUSES))
        self.title_edit = form.add("title", "Title", QLineEdit(), required=True, span=2)
        self.buyer = form.add("buyer", "Buyer", QLineEdit(), "The council or public body.", required=True)
        self.value = form.add(
            "value_pence", "Contract value", MoneyEdit(), "Total value over the whole term, in pounds."
        )
        self.start = form.add("start_date", "Start date", OptionalDateEdit())
        self.end = form.add("end_date", "End date", OptionalDateEdit())
        self.framework = form.add(
            "framework",
            "Buyer's social value framework",
            combo(FRAMEWORKS),
            "How the buyer scores and monitors social value. PPN 06/20 and "
            "PPN 002 are the government models; TOMs are themes, outcomes "
            "and measures used by many councils.",
        )
        self.framework_note = form.add(
            "framework_note",
            "Framework details",
            QLineEdit(),
            "Optional: the council's own list, the weighting, etc.",
        )
        self.site = form.add(
            "site_postcode",
            "Site postcode",
            QLineEdit(),
            "Where the work happens. Needed for a distance-based local area.",
        )
        self.area_kind = form.add(
            "local_area_kind",
            "How the buyer defines local",
            combo(AREA_KINDS),
            "There is no national definition of local: use the buyer's.",
        )
        layout.addWidget(form)

        self.area_stack = QStackedWidget()
        self.authorities = AuthorityPicker()
        self.districts = QLineEdit()
        self.districts.setPlaceholderText("e.g. M5, M6, M7")
        self.radius = QDoubleSpinBox()
        self.radius.setRange(0, 500)
        self.radius.setDecimals(1)
        self.radius.setSuffix(" miles")
        for widget in (self.authorities, self.districts, self.radius):
            self.area_stack.addWidget(widget)
        area_form = self.area_form = Form()
        area_form.add(
            "local_area_codes",
            "Local area",
            self.area_stack,
            "People and suppliers with a postcode in this area count as local.",
        )
        layout.addWidget(area_form)
        self.area_summary = label("", "HelpText")
        layout.addWidget(self.area_summary)

        notes_form = self.notes_form = Form()
        self.notes = notes_form.add("notes", "Notes", QPlainTextEdit(), span=1)
        self.notes.setMaximumHeight(80)
        layout.addWidget(notes_form)
        layout.addStretch(1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # what still stops Save, in words, beside the button: Save stays pressable and marks
        # every field that needs something, rather than sitting grey with no reason given
        bottom = QHBoxLayout()
        self.missing = label("", "HelpText")
        self.missing.setAccessibleName("What is still needed")
        bottom.addWidget(self.missing, 1)
        bottom.addWidget(self.buttons)
        outer.addLayout(bottom)

        self._load(self.original)
        for f in (form, area_form, notes_form):
            f.changed.connect(self._revalidate)
        self.area_kind.currentIndexChanged.connect(self._kind_changed)
        self.authorities.on_change = self._area_touched
        self.authorities.on_typing = self._revalidate
        self.districts.textEdited.connect(lambda *_: self._area_touched())
        self.site.textChanged.connect(lambda *_: self._suggest_council())
        self.radius.valueChanged.connect(lambda *_: self._area_touched())
        self._kind_changed()
        self._suggest_council()
        self.reference.setFocus()

    def _suggest_council(self) -> None:
        if self.area_kind.currentData() == "authorities":
            self.authorities.suggest(self.site.text())
        else:
            self.authorities.suggest("")

    def _area_touched(self) -> None:
        self.area_form.touched.update({"local_area_codes", "local_radius_miles"})
        self._revalidate()

    def _kind_changed(self) -> None:
        index = list(AREA_KINDS).index(self.area_kind.currentData())
        self.area_stack.setCurrentIndex(index)
        self._suggest_council()
        self._revalidate()

    def _load(self, c: ContractData) -> None:
        self.reference.setText(c.reference)
        set_combo(self.status, c.status)
        self.title_edit.setText(c.title)
        self.buyer.setText(c.buyer)
        self.value.set_value(c.value_pence)
        self.start.set_value(c.start_date)
        self.end.set_value(c.end_date)
        set_combo(self.framework, c.framework)
        self.framework_note.setText(c.framework_note)
        self.site.setText(c.site_postcode)
        set_combo(self.area_kind, c.local_area_kind)
        codes = [x for x in (c.local_area_codes or "").split(",") if x]
        self.authorities.set_codes(codes if c.local_area_kind == "authorities" else [])
        self.districts.setText(", ".join(codes) if c.local_area_kind == "districts" else "")
        self.radius.setValue(c.local_radius_miles or 0)
        self.notes.setPlainText(c.notes)

    def data(self) -> ContractData:
        kind = self.area_kind.currentData()
        codes = (
            ",".join(self.authorities.all_codes())
            if kind == "authorities"
            else (self.districts.text() if kind == "districts" else "")
        )
        return replace(
            self.original,
            reference=self.reference.text(),
            title=self.title_edit.text(),
            buyer=self.buyer.text(),
            value_pence=self.value.value(),
            start_date=self.start.value(),
            end_date=self.end.value(),
            status=self.status.currentData(),
            framework=self.framework.currentData(),
            framework_note=self.framework_note.text(),
            site_postcode=self.site.text(),
            local_area_kind=kind,
            local_area_codes=codes,
            local_radius_miles=self.radius.value() if kind == "radius" else None,
            notes=self.notes.toPlainText(),
        )

    def errors(self) -> dict[str, str]:
        errors = validate_contract(self.data(), self._taken)
        money_error = self.value.error()
        if money_error:
            errors["value_pence"] = money_error
        data = self.data()
        if data.local_area_kind == "authorities":
            typed = self.authorities.typed_text()
            if typed and self.authorities.typed_code() is None:
                errors.setdefault(
                    "local_area_codes",
                    f"svdesk does not know a council called "
                    f"“{typed}”. Type part of its name and pick it from the list.",
                )
            elif not self.authorities.all_codes():
                errors.setdefault(
                    "local_area_codes",
                    "Type the council whose area counts as "
                    "local (for example Salford), or pick it from the list.",
                )
        if data.local_area_kind == "districts" and not data.local_area_codes.strip():
            errors.setdefault("local_area_codes", "Enter at least one postcode district, like M5.")
        if "local_radius_miles" in errors:
            errors.setdefault("local_area_codes", errors["local_radius_miles"])
        return errors

    def _revalidate(self) -> dict[str, str]:
        errors = self.errors()
        self.form.show_errors(errors)
        self.area_form.show_errors(errors)
        self.missing.setText(self.missing_text(errors))
        self.save_button.setToolTip(
            "" if not errors else "Press Save to see every field that still needs something."
        )
        data = self.data()
        self.area_summary.setText(
            "" if "local_area_codes" in errors else "Local means: " + data.local_area.describe()
        )
        return errors

    CAPTIONS = {
        "reference": "reference",
        "title": "title",
        "buyer": "buyer",
        "value_pence": "contract value",
        "end_date": "end date",
        "site_postcode": "site postcode",
        "local_area_codes": "local area",
        "status": "status",
        "framework": "framework",
        "local_area_kind": "how the buyer defines local",
    }

    CONFLICT_CAPTIONS = {
        **CAPTIONS,
        "framework_note": "framework note",
        "start_date": "start date",
        "local_radius_miles": "local radius (miles)",
        "notes": "notes",
    }

    def missing_text(self, errors: dict[str, str]) -> str:
        if not errors:
            return ""
        names = [self.CAPTIONS.get(k, k.replace("_", " ")) for k in self.CAPTIONS if k in errors]
        return "Still to fill in or fix: " + ", ".join(names) + "."

    def accept(self) -> None:
        errors = self._revalidate()
        if errors:
            self.form.show_errors(errors, all_fields=True)
            self.area_form.show_errors(errors, all_fields=True)
            first = next(
                (
                    self.form.fields.get(k) or (self.authorities.search if k == "local_area_codes" else None)
                    for k in self.CAPTIONS
                    if k in errors
                ),
                None,
            )
            if first is not None:
                first.setFocus()
            return
        if self.area_kind.currentData() == "authorities":
            self.authorities.set_codes(self.authorities.all_codes())  # the typed council too
            self.authorities.search.setCurrentIndex(-1)
            self.authorities.search.clearEditText()
        data = self.data()
        try:
            saved = save_asking(
                self,
                lambda over: save_contract(self.store, data, over=over),
                captions=self.CONFLICT_CAPTIONS,
                choices=CONFLICT_CHOICES,
                take_theirs=self._take_theirs,
                save_as_new=lambda: save_contract(self.store, replace(data, id=None, row_version=None)),
            )
        except ValidationError as exc:
            self.form.show_errors(exc.errors, all_fields=True)
            return
        if saved is None:  # took theirs, or back to editing
            return
        self.saved = saved
        super().accept()

    def _take_theirs(self, conflict: ConflictError) -> None:
        """Their version replaces what was typed: shown in the dialog (or, if they deleted the
        contract, the dialog closes)."""
        fresh = get_contract(self.store, self.original.id) if self.original.id is not None else None
        show_theirs(self, fresh)
