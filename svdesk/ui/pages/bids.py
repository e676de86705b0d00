"""Bids: each bid's tender questions, and the answer to each, edited with a live count against
the buyer's limit, drafted from the records in the question's own shape, with its saved versions
and the checks to make before sending (claims with nothing behind them, a person's details,
what was left out to fit, targets to check).

Drafting, checking, counting, copying and exporting an answer are in
svdesk.ui.pages.bids_answer_actions.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svdesk.exports.textcount import count
from svdesk.services.bids import (
    ANSWER_TYPES,
    UNITS,
    QuestionData,
    delete_question,
    get_question,
    list_bids,
    list_versions,
    save_question,
)
from svdesk.services.conflicts import ConflictError, not_deleted
from svdesk.services.validation import ValidationError
from svdesk.ui import style
from svdesk.ui.dialogs.conflict_dialog import save_asking
from svdesk.ui.forms import Form, combo, narrowable, set_combo
from svdesk.ui.pages.bids_answer_actions import AnswerActions, style_colour
from svdesk.ui.widgets import EmptyState, Page, PageHeader, confirm, label


class BidsPage(AnswerActions, Page):
    """The Bids page; drafting, checking, counting, copying and exporting the answer are in
    AnswerActions (bids_answer_actions)."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.question: QuestionData | None = None
        self.result = None  # the last AnswerResult (draft or check) for this question
        self._loaded: tuple | None = None
        self.header = PageHeader(
            "Bids",
            "Each bid's tender questions and your answers: drafted from your records in "
            "the shape the question asks for, kept within the limit, every claim backed.",
            "Add a question…",
            self.add_question,
        )
        self.layout_.addWidget(self.header)
        self.empty = EmptyState(
            "No bids yet",
            "Add a contract with the status Opportunity or Bid submitted "
            "(Contracts), then add the buyer's social value questions here.",
        )
        self.layout_.addWidget(self.empty)

        self.split = QSplitter(Qt.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Bid and question", "Answer"])
        self.tree.setAccessibleName("Bids and questions")
        self.tree.setColumnWidth(0, 150)
        self.tree.currentItemChanged.connect(self._picked)
        # Left: the bids and, below them, the checks and versions of the question shown.
        left = QSplitter(Qt.Vertical)
        left.setMinimumWidth(160)  # the editor beside it fits a 1024 px window (issue 20.4)
        left.setMaximumWidth(320)
        tree_box = QWidget()
        tree_layout = QVBoxLayout(tree_box)
        tree_layout.setContentsMargins(0, 0, 0, 0)
        tree_layout.addWidget(self.tree, 1)
        self.offer_button = QPushButton("Commitments offered…")
        self.offer_button.setToolTip(
            "The commitments this bid offers, their targets and "
            "leads, and the social value champion: the tender "
            "response and its commitments schedule print them"
        )
        self.offer_button.clicked.connect(self.open_offer)
        tree_layout.addWidget(self.offer_button)
        left.addWidget(tree_box)
        self.left = left
        self.split.addWidget(left)

        editor = QWidget()
        box = QVBoxLayout(editor)
        box.setContentsMargins(12, 0, 0, 0)
        self.form = Form(columns=2)
        self.text = self.form.add(
            "text",
            "The buyer's question",
            QPlainTextEdit(),
            "Paste it as given; it is not counted in the answer.",
            span=2,
        )
        self.text.setFixedHeight(62)
        limits = QWidget()
        row = QHBoxLayout(limits)
        row.setContentsMargins(0, 0, 0, 0)
        self.limit = QSpinBox()
        self.limit.setRange(0, 100_000)
        self.limit.setSpecialValueText("No limit")
        self.limit.setAccessibleName("Limit")
        self.unit = combo(UNITS)
        self.unit.setAccessibleName("Limit counts")
        self.weight = QDoubleSpinBox()
        self.weight.setRange(0, 100)
        self.weight.setSuffix(" %")
        self.weight.setSpecialValueText("No weighting")
        self.weight.setAccessibleName("Weighting")
        self.kind = combo(ANSWER_TYPES)
        self.kind.setAccessibleName("Answer type")
        self.kind.setToolTip(
            "What the question asks for; svdesk recognises it from the question's words unless you choose"
        )
        for box_ in (self.unit, self.kind):
            narrowable(box_, 6)  # the row fits a 1024 px window (issue 20.4)
        row.addWidget(self.limit)
        row.addWidget(self.unit)
        row.addWidget(self.weight)
        row.addWidget(self.kind, 1)
        self.form.add("limit", "Limit, weighting and answer type", limits, span=2)
        self.targets = self.form.add("targets", "Outcomes or MACs targeted", QLineEdit())
        self.champion = self.form.add("champion", "Lead (a role)", QLineEdit())
        box.addWidget(self.form)

        box.addWidget(label("Your answer", "SectionTitle"))
        tools = QHBoxLayout()
        self.draft_button = QPushButton("Draft")
        self.draft_button.setToolTip(
            "Draft the answer from your records, in the shape the question asks for and within its limit"
        )
        self.copy_button = QPushButton("Copy for the portal")
        self.copy_button.setToolTip("Put the answer on the clipboard as plain text")
        self.export_button = QPushButton("Export…")
        self.save_button = QPushButton("Save")
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete this question and its saved versions")
        for b, slot in (
            (self.draft_button, self.draft),
            (self.copy_button, self.copy_for_portal),
            (self.export_button, self.export),
            (self.save_button, self.save),
            (self.delete_button, self.delete),
        ):
            b.clicked.connect(slot)
            tools.addWidget(b)
        tools.addStretch(1)
        box.addLayout(tools)
        self.answer = QPlainTextEdit()
        self.answer.setAccessibleName("Answer")
        self.answer.setPlaceholderText(
            "Press “Draft” for a first draft from your records, shaped by the question, then edit it freely."
        )
        box.addWidget(self.answer, 1)
        side = QTabWidget()
        self.checks = QListWidget()
        self.checks.setAccessibleName("Checks before sending")
        self.checks.setWordWrap(True)
        side.addTab(self.checks, "Checks")
        self.versions = QListWidget()
        self.versions.setAccessibleName("Saved versions")
        self.versions.setToolTip("Double-click a version to put its words in the answer")
        self.versions.itemDoubleClicked.connect(self._use_version)
        side.addTab(self.versions, "Versions")
        self.side = side
        left.addWidget(side)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 1)
        self.counter = label("", "HelpText")
        box.addWidget(self.counter)
        self.split.addWidget(editor)
        self.split.setStretchFactor(1, 1)
        self.layout_.addWidget(self.split, 1)

        self.answer.textChanged.connect(self.update_count)
        # The checks follow the words: a pause in typing checks the claims again.
        self.recheck = QTimer(self)
        self.recheck.setSingleShot(True)
        self.recheck.setInterval(1500)
        self.recheck.timeout.connect(self._check)
        self.answer.textChanged.connect(lambda: self.question is not None and self.recheck.start())
        self.limit.valueChanged.connect(self.update_count)
        self.unit.currentIndexChanged.connect(self.update_count)
        self.refresh()

    # --- list ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        keep = self.question.id if self.question else None
        bids = list_bids(self.store)
        self.empty.setVisible(not bids)
        self.split.setVisible(bool(bids))
        self.tree.blockSignals(True)
        self.tree.clear()
        self.items: dict[int, QTreeWidgetItem] = {}
        self.bid_items: dict[int, QTreeWidgetItem] = {}
        for b in bids:
            top = QTreeWidgetItem(
                [
                    f"{b.reference} · {b.title}",
                    f"{len(b.questions)} question{'s' if len(b.questions) != 1 else ''}",
                ]
            )
            top.setData(0, Qt.UserRole, ("bid", b.contract_id))
            top.setToolTip(0, f"{b.title} for {b.buyer}")
            self.bid_items[b.contract_id] = top
            for q in b.questions:
                used = count(q.answer, q.limit, q.limit_unit)
                state = (
                    "no answer yet"
                    if not q.answer.strip()
                    else f"{used.used:,}/{q.limit:,} {q.limit_unit}"
                    if q.limit
                    else "answered"
                )
                if used.over:  # said in words too, not by the red alone
                    state += " · over the limit"
                first = " ".join(q.text.split())
                child = QTreeWidgetItem([f"Q{q.number} · {first[:60]}", state])
                child.setToolTip(0, q.text)
                child.setData(0, Qt.UserRole, ("question", q.id))
                if used.over:
                    child.setForeground(1, style_colour(style.ERROR))
                top.addChild(child)
                self.items[q.id] = child
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.blockSignals(False)
        if keep in self.items:
            self.tree.setCurrentItem(self.items[keep])
        elif self.question is None:
            first = next(iter(self.items.values()), None)
            if first is not None:
                self.tree.setCurrentItem(first)
            else:
                self._show(None)

    def select_contract(self, contract_id: int) -> bool:
        """Show a bid (from the contract or the dashboard): its first question, if any. False
        when the contract is not a bid (an active or ended contract is not listed here)."""
        top = self.bid_items.get(contract_id)
        if top is None:
            return False
        self.tree.setCurrentItem(top.child(0) if top.childCount() else top)
        return True

    def current_contract_id(self) -> int | None:
        """The bid (contract) of the item chosen in the list."""
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is None:
            return None
        kind, ident = item.data(0, Qt.UserRole)
        return ident if kind == "bid" else None

    def open_offer(self) -> None:
        """The bid's offer (commitments, targets, leads, champion), for the tender response."""
        from svdesk.services.contracts import get_contract
        from svdesk.ui.dialogs.tender_dialog import TenderDialog

        cid = self.current_contract_id()
        if cid is None:
            return
        TenderDialog(self.store, get_contract(self.store, cid), self).exec()

    def _picked(self, current, previous) -> None:
        if current is None:
            return
        kind, ident = current.data(0, Qt.UserRole)
        if (
            self.question is not None
            and (kind != "question" or ident != self.question.id)
            and not self.can_leave()
        ):
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(previous)
            self.tree.blockSignals(False)
            return
        self._show(get_question(self.store, ident) if kind == "question" else None)

    # --- one question -------------------------------------------------------------------------

    def _show(self, q: QuestionData | None) -> None:
        self.question, self.result = q, None
        for w in (
            self.form,
            self.answer,
            self.draft_button,
            self.copy_button,
            self.export_button,
            self.save_button,
            self.delete_button,
        ):
            w.setEnabled(q is not None)
        q = q or QuestionData()
        self.text.setPlainText(q.text)
        self.limit.setValue(q.limit or 0)
        set_combo(self.unit, q.limit_unit)
        self.weight.setValue(q.weighting or 0)
        set_combo(self.kind, q.answer_type)
        self.targets.setText(q.targets)
        self.champion.setText(q.champion)
        self.answer.setPlainText(q.answer)
        self.versions.clear()
        if q.id is not None:
            for v in list_versions(self.store, q.id):
                item = QListWidgetItem(
                    f"{v.saved_at:%d %b %Y %H:%M} · {v.note} · {count(v.text).words:,} words"
                )
                item.setData(Qt.UserRole, v.text)
                self.versions.addItem(item)
        self._loaded = self._state()
        self.checks.clear()
        if q.id is not None and q.answer.strip():
            self._check()
        self.update_count()

    def _state(self) -> tuple:
        return (
            self.text.toPlainText().strip(),
            self.limit.value(),
            self.unit.currentData(),
            self.weight.value(),
            self.kind.currentData(),
            self.targets.text().strip(),
            self.champion.text().strip(),
            self.answer.toPlainText(),
        )

    def is_dirty(self) -> bool:
        return self.question is not None and self._loaded is not None and self._state() != self._loaded

    def can_leave(self) -> bool:
        """Before another question or area: ask about unsaved changes (save, discard, stay)."""
        if not self.is_dirty():
            return True
        box = QMessageBox(
            QMessageBox.Question,
            "Unsaved changes",
            f"Question {self.question.number} has changes that are not saved.",
            QMessageBox.NoButton,
            self,
        )
        save = box.addButton("Save", QMessageBox.AcceptRole)
        discard = box.addButton("Discard changes", QMessageBox.DestructiveRole)
        stay = box.addButton(QMessageBox.Cancel)
        box.setDefaultButton(save)
        box.setEscapeButton(stay)
        box.exec()
        if box.clickedButton() is save:
            return self.save()
        return box.clickedButton() is discard

    def _data(self) -> QuestionData:
        q = self.question
        return QuestionData(
            q.contract_id,
            self.text.toPlainText(),
            self.limit.value() or None,
            self.unit.currentData(),
            self.weight.value() or None,
            self.kind.currentData(),
            self.targets.text(),
            self.champion.text(),
            self.answer.toPlainText(),
            q.offer,
            q.number,
            q.id,
            q.row_version,
        )

    def save(self, note: str = "edited") -> bool:
        if self.question is None:
            return False
        data = self._data()
        try:
            saved = save_asking(
                self,
                lambda over: save_question(self.store, data, note, over=over),
                captions={"limit": "word or character limit", "limit_unit": "limit in", "text": "question"},
                take_theirs=self._take_theirs,
                save_as_new=lambda: save_question(
                    self.store, replace(data, id=None, number=None, row_version=None), note
                ),
            )
        except ValidationError as exc:
            QMessageBox.warning(self, "Not saved", "\n".join(exc.errors.values()))
            return False
        if saved is None:  # took theirs, or back to editing
            return False
        self.question = saved
        self._loaded = self._state()
        self.refresh()
        self._show(saved)
        return True

    def _take_theirs(self, _conflict) -> None:
        """Their version of the question and answer replaces what was typed."""
        self._show(get_question(self.store, self.question.id) if self.question is not None else None)
        self.refresh()

    def add_question(self) -> None:
        item = self.tree.currentItem()
        bid = None
        if item is not None:
            kind, ident = item.data(0, Qt.UserRole)
            bid = ident if kind == "bid" else self.question.contract_id if self.question else None
        if bid is None:
            bid = next(iter(self.bid_items), None)
        if bid is None or not self.can_leave():
            return
        from svdesk.ui.dialogs.bid_question_dialog import BidQuestionDialog

        top = self.bid_items[bid]
        self.add_dialog = BidQuestionDialog(self.store, bid, top.toolTip(0) or top.text(0), self)
        self.add_dialog.accepted.connect(lambda: self._added(self.add_dialog.saved))
        self.add_dialog.open()

    def _added(self, q: QuestionData | None) -> None:
        if q is None:
            return
        self._loaded = None  # nothing unsaved: the new question is stored
        self.question = q
        self.refresh()
        self.tree.setCurrentItem(self.items[q.id])

    def delete(self) -> None:
        if self.question and confirm(
            self,
            "Delete the question",
            f"Delete question {self.question.number} and every saved version of its answer?",
            "Delete question",
        ):
            try:
                delete_question(self.store, self.question.id, self.question.row_version)
            except ConflictError as exc:  # changed or deleted by someone else since shown
                QMessageBox.information(self, "Delete the question", not_deleted(exc))
            self.question = None
            self.refresh()

    def _use_version(self, item: QListWidgetItem) -> None:
        self.answer.setPlainText(item.data(Qt.UserRole))
