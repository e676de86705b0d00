"""The assessment wizard: one section per page, help beside each question, saved as you go.

Every answer is written to the database the moment it is chosen, and an evidence note shortly
after typing stops (and again when the field loses focus or the page changes), so closing the
window at any point loses nothing. Keyboard: Tab moves between questions and notes, arrow keys
choose an answer, Alt+N / Alt+B (or Alt+Right / Alt+Left) go to the next or previous section.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from svdesk.assessment.checklist import Checklist, Question
from svdesk.formatting import format_date
from svdesk.services import assessment as svc
from svdesk.services.validation import ValidationError
from svdesk.ui import style
from svdesk.ui.widgets import label, primary_button

NOTE_SAVE_DELAY_MS = 600


FRAMEWORK_TERMS = (
    "What these mean: PPN 06/20 (2020) and PPN 002 (2025) are the government's rules for "
    "scoring social value in tenders; a MAC is one of PPN 06/20's model award criteria. TOMs are "
    "a widely used set of social value measures. Buyers often say which of these they use."
)
UNVERIFIED_NOTE = "Some question wording is svdesk's own, not the framework's: see Help."
SHORT_NAMES = {
    "ppn0620": "PPN 06/20 MAC",
    "ppn002": "PPN 002 outcome",
    "toms": "TOMs",
    "gm_charter": "Good Employment Charter",
}


def link_text(checklist: Checklist, question: Question) -> tuple[str, str]:
    """A short "Supports: …" line and a tooltip with each item in words.

    Links resting on unverified wording or codes are marked as such in the tooltip; the page
    carries one quiet note for them (UNVERIFIED_NOTE) instead of a suffix on every question.
    """
    short: dict[str, list[str]] = {}
    full = []
    for ref in question.links:
        name = SHORT_NAMES.get(ref.framework, checklist.framework_name(ref.framework))
        flag = " (unverified)" if not ref.verified else ""
        code = ref.code if ref.framework in ("ppn0620", "ppn002") else ref.label.split(" - ")[0]
        short.setdefault(name, []).append(code)
        full.append(f"{checklist.framework_name(ref.framework)}: {ref.code} {ref.label}{flag}")
    if not short:
        return "", ""
    text = "Supports: " + " · ".join(f"{k} {', '.join(v)}" for k, v in short.items())
    return text, FRAMEWORK_TERMS + "\n\n" + "\n".join(full)


class QuestionBlock(QFrame):
    """One question: the answers and an evidence note on the left, its help on the right."""

    answered = Signal(str, str)  # question id, answer id
    note_changed = Signal(str)  # question id

    def __init__(self, checklist: Checklist, question: Question, number: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.question = question
        self.setObjectName("QuestionBlock")
        self.setStyleSheet(
            f"#QuestionBlock {{ background: {style.SURFACE}; border: 1px solid "
            f"{style.BORDER}; border-radius: 6px; }}"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.setSpacing(16)

        left = QVBoxLayout()
        left.setSpacing(4)
        title = label(f"{number}. {question.text}")
        title.setStyleSheet("font-weight: 600;")
        left.addWidget(title)
        answers = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for option in question.scale:
            button = QRadioButton(option.label)
            button.setToolTip(option.hint)
            button.setAccessibleName(f"{option.label}: {question.text}")
            self.group.addButton(button)
            self.buttons[option.id] = button
            answers.addWidget(button)
            button.toggled.connect(lambda on, oid=option.id: on and self.answered.emit(self.question.id, oid))
        answers.addStretch(1)
        # The guidance (why, what a buyer looks for, good evidence) opens on request, so a
        # whole short section fits on one screen; the wizard's "Show guidance" opens them all.
        self.help_button = QToolButton()
        self.help_button.setText("Guidance ▸")
        self.help_button.setCheckable(True)
        self.help_button.setFocusPolicy(Qt.ClickFocus)  # Tab stays answers -> note -> next question
        self.help_button.setAccessibleName(f"Guidance for question {number}")
        self.help_button.toggled.connect(self.show_help)
        answers.addWidget(self.help_button)
        left.addLayout(answers)
        carried_row = QHBoxLayout()
        self.carried_label = label(
            "<b>Carried over from last year.</b> Still true? Confirm it or choose another answer.", "HelpText"
        )
        self.confirm_button = QPushButton("Still true")
        self.confirm_button.setAccessibleName(f"Confirm last year's answer to question {number}")
        self.confirm_button.clicked.connect(self._confirm)
        carried_row.addWidget(self.carried_label, 1)
        carried_row.addWidget(self.confirm_button)
        left.addLayout(carried_row)
        self.set_carried(False)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Evidence note (optional): what shows this, and where it is kept")
        self.note.setAccessibleName(f"Evidence note for question {number}")
        self.note.textEdited.connect(lambda *_: self.note_changed.emit(self.question.id))
        left.addWidget(self.note)
        links, details = link_text(checklist, question)
        if links:
            supports = label(links, "HelpText")
            supports.setToolTip(details)
            left.addWidget(supports)
        left.addStretch(1)
        row.addLayout(left, 11)

        help_frame = self.help_frame = QFrame()
        help_frame.setObjectName("QuestionHelp")
        help_frame.setStyleSheet(f"#QuestionHelp {{ background: {style.BACKGROUND}; border-radius: 4px; }}")
        help_box = QVBoxLayout(help_frame)
        help_box.setContentsMargins(12, 8, 12, 8)
        help_box.setSpacing(4)
        for heading, text in (
            ("Why it matters", question.why),
            ("What a buyer looks for", question.buyer_looks_for),
            ("Good evidence", question.evidence_example),
        ):
            help_box.addWidget(label(f"<b>{heading}</b><br>{text}", "HelpText"))
        help_box.addStretch(1)
        row.addWidget(help_frame, 9)
        help_frame.setVisible(False)
        title.setToolTip(f"{question.why}\n\nGood evidence: {question.evidence_example}")

    def show_help(self, on: bool) -> None:
        self.help_frame.setVisible(on)
        self.help_button.blockSignals(True)
        self.help_button.setChecked(on)
        self.help_button.blockSignals(False)
        self.help_button.setText("Guidance ◂" if on else "Guidance ▸")

    def set_carried(self, carried: bool) -> None:
        self.carried = carried
        self.carried_label.setVisible(carried)
        self.confirm_button.setVisible(carried)

    def _confirm(self) -> None:
        current = self.answer()
        if current is not None:
            self.answered.emit(self.question.id, current)

    def set_answer(self, answer_id: str | None, note: str) -> None:
        for b in self.buttons.values():
            b.blockSignals(True)
        self.group.setExclusive(False)
        for oid, b in self.buttons.items():
            b.setChecked(oid == answer_id)
        self.group.setExclusive(True)
        for b in self.buttons.values():
            b.blockSignals(False)
        self.note.setText(note)

    def answer(self) -> str | None:
        return next((oid for oid, b in self.buttons.items() if b.isChecked()), None)


class Wizard(QWidget):
    finished = Signal(int)  # assessment id, once completed
    results_requested = Signal(int)  # "Results so far": any time, scored from the answers given
    closed = Signal()  # "Save and close": back to the start screen

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.assessment_id: int | None = None
        self.checklist: Checklist | None = None
        self.answers: dict[str, str] = {}
        self.carried: set[str] = set()  # carried over from last year, not yet confirmed
        self.index = 0
        self.complete = False  # editing a completed assessment
        self.blocks: list[QuestionBlock] = []
        self._pending_notes: set[str] = set()
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.timeout.connect(self.flush_notes)

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.step_label = label("", "Muted")
        self.section_title = label("", "SectionTitle")
        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(8)
        self.progress.setAccessibleName("Questions answered")
        self.progress.setStyleSheet(
            f"QProgressBar {{ background: #e4e8eb; border: none; border-radius: 4px; }} "
            f"QProgressBar::chunk {{ background: {style.PRIMARY}; border-radius: 4px; }}"
        )
        self.progress_text = label("", "Muted", wrap=False)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_text)
        self.editing_note = label("", "HelpText")
        self.editing_note.setVisible(False)
        box.addWidget(self.editing_note)
        progress_row.insertWidget(0, self.step_label)
        self.guidance = QCheckBox("Show &guidance for every question")
        self.guidance.setToolTip("Why each question matters, what a buyer looks for and good evidence.")
        self.guidance.toggled.connect(self._guidance_toggled)
        progress_row.addWidget(self.guidance)
        box.addLayout(progress_row)
        box.addWidget(self.section_title)

        body = QHBoxLayout()
        body.setSpacing(12)
        # The sections to jump between, each with its answered count.
        self.section_list = QListWidget()
        self.section_list.setAccessibleName("Sections")
        self.section_list.setFixedWidth(210)
        self.section_list.setWordWrap(True)
        self.section_list.itemClicked.connect(self._section_clicked)
        self.section_list.itemActivated.connect(self._section_clicked)
        body.addWidget(self.section_list)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        body.addWidget(self.scroll, 1)
        box.addLayout(body, 1)

        nav = QHBoxLayout()
        self.back_button = QPushButton("&Back")
        self.back_button.clicked.connect(self.back)
        self.close_button = QPushButton("Save and close")
        self.close_button.setToolTip("Your answers are already saved; resume any time.")
        self.close_button.clicked.connect(self.save_and_close)
        self.results_button = QPushButton("Results so &far")
        self.results_button.setToolTip(
            "Scores from the answers given so far; unanswered questions are left out."
        )
        self.results_button.clicked.connect(self.show_results_so_far)
        self.saved_label = label("Answers are saved as you go.", "HelpText", wrap=False)
        self.unverified_note = label(UNVERIFIED_NOTE, "HelpText", wrap=False)
        self.unverified_note.setToolTip(
            "Where svdesk could not check a framework's exact wording or code, the link is marked "
            "(unverified) in the Supports line's tooltip. Help explains the frameworks."
        )
        self.unverified_note.setVisible(False)
        self.next_button = primary_button("&Next section", self.next)
        nav.addWidget(self.back_button)
        nav.addWidget(self.close_button)
        nav.addWidget(self.results_button)
        nav.addStretch(1)
        nav.addWidget(self.saved_label)
        nav.addWidget(self.next_button)
        box.addWidget(self.unverified_note)
        box.addLayout(nav)
        QShortcut(QKeySequence("Alt+Right"), self, self.next)
        QShortcut(QKeySequence("Alt+Left"), self, self.back)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        # The questions scroll inside the wizard, so it takes the room the page has left:
        # answering a height for a width (its wrapped labels' preferred height) made the whole
        # page scroll at 1024x680 and pushed Back / Next below the window.
        return False

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        return -1

    def sizeHint(self):  # noqa: N802 (Qt override)
        # Likewise: the page's height for its width adds this hint; the questions scroll.
        hint = super().sizeHint()
        hint.setHeight(self.minimumSizeHint().height())
        return hint

    # --- loading -------------------------------------------------------------------------------

    def open(self, assessment_id: int) -> None:
        detail = svc.get_assessment(self.store, assessment_id)
        self.assessment_id = assessment_id
        self.checklist = detail.checklist
        self.answers = dict(detail.answers)
        self.notes = dict(detail.notes)
        self.carried = set(detail.carried)
        self.complete = detail.summary.status == "complete"
        self.editing_note.setText(
            f"<b>Editing the assessment completed on {format_date(detail.summary.completed_on)}.</b> "
            "Each change is saved at once; the earlier answers stay in the Change history "
            "(Privacy & data)."
            if self.complete and detail.summary.completed_on
            else ""
        )
        self.editing_note.setVisible(self.complete)
        last = len(self.checklist.sections) - 1
        self.show_section(0 if self.complete else min(detail.summary.current_section, last))

    def show_section(self, index: int) -> None:
        self.flush_notes()
        c = self.checklist
        self.index = index
        section = c.sections[index]
        self.step_label.setText(f"Section {index + 1} of {len(c.sections)}")
        self.section_title.setText(section.title)
        unverified = any(not r.verified for q in section.questions for r in q.links)
        self.unverified_note.setVisible(unverified)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 4, 8, 8)
        column.setSpacing(6)
        self.section_intro = label(section.intro, "PagePurpose")
        self.section_intro.setVisible(bool(section.intro))
        column.addWidget(self.section_intro)  # scrolls away with the questions
        self.blocks = []
        offset = sum(len(s.questions) for s in c.sections[:index])
        for i, q in enumerate(section.questions):
            block = QuestionBlock(c, q, offset + i + 1)
            block.set_answer(self.answers.get(q.id), self.notes.get(q.id, ""))
            block.set_carried(q.id in self.carried)
            block.show_help(self.guidance.isChecked())
            block.answered.connect(self._answered)
            block.note_changed.connect(self._note_edited)
            block.note.editingFinished.connect(self.flush_notes)
            column.addWidget(block)
            self.blocks.append(block)
        column.addStretch(1)
        self.scroll.setWidget(content)
        self.back_button.setEnabled(index > 0)
        is_last = index == len(c.sections) - 1
        last_text = "Save edits and see &results" if self.complete else "See &results"
        self.next_button.setText(last_text if is_last else "&Next section")
        self._update_progress()
        svc.set_position(self.store, self.assessment_id, index)
        if self.blocks:
            first = self.blocks[0]
            target = first.buttons.get(first.answer()) or next(iter(first.buttons.values()))
            target.setFocus(Qt.OtherFocusReason)

    def _guidance_toggled(self, on: bool) -> None:
        for block in self.blocks:
            block.show_help(on)

    def _section_clicked(self, item: QListWidgetItem) -> None:
        index = self.section_list.row(item)
        if index != self.index:
            self.show_section(index)
        self.scroll.verticalScrollBar().setValue(0)

    def section_counts(self) -> list[tuple[str, int, int]]:
        """(title, answered, total) for each section, in order."""
        return [
            (s.title, sum(1 for q in s.questions if q.id in self.answers), len(s.questions))
            for s in self.checklist.sections
        ]

    def _update_sections(self) -> None:
        counts = self.section_counts()
        self.section_list.blockSignals(True)
        if self.section_list.count() != len(counts):
            self.section_list.clear()
            for _ in counts:
                self.section_list.addItem(QListWidgetItem())
        for i, (title, done, total) in enumerate(counts):
            item = self.section_list.item(i)
            tick = "✓ " if done == total else ""
            section = self.checklist.sections[i]
            unconfirmed = sum(1 for q in section.questions if q.id in self.carried)
            more = f", {unconfirmed} to confirm" if unconfirmed else ""
            item.setText(f"{i + 1}. {title}\n{tick}{done} of {total} answered{more}")
            item.setToolTip(f"{title}: {done} of {total} questions answered")
        self.section_list.setCurrentRow(self.index)
        self.section_list.blockSignals(False)

    def _update_progress(self) -> None:
        total = len(self.checklist.questions)
        done = sum(1 for q in self.checklist.questions if q.id in self.answers)
        self._update_sections()
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress_text.setText(f"{done} of {total} answered")
        self.progress.setAccessibleDescription(f"{done} of {total} questions answered")

    # --- saving --------------------------------------------------------------------------------

    def _answered(self, question_id: str, answer_id: str) -> None:
        try:
            svc.save_answer(self.store, self.assessment_id, question_id, answer_id)
        except ValidationError as exc:
            QMessageBox.warning(self, "Answer not saved", str(exc))
            return
        self.answers[question_id] = answer_id
        if question_id in self.carried:
            self.carried.discard(question_id)
            for block in self.blocks:
                if block.question.id == question_id:
                    block.set_carried(False)
        self._update_progress()

    def _note_edited(self, question_id: str) -> None:
        self._pending_notes.add(question_id)
        self._note_timer.start(NOTE_SAVE_DELAY_MS)

    def flush_notes(self) -> None:
        """Write any evidence notes typed since the last save."""
        self._note_timer.stop()
        if not self._pending_notes or self.assessment_id is None:
            return
        for block in self.blocks:
            qid = block.question.id
            if qid in self._pending_notes:
                svc.save_answer(self.store, self.assessment_id, qid, note=block.note.text())
                self.notes[qid] = block.note.text().strip()
        self._pending_notes.clear()

    def hideEvent(self, event):  # noqa: N802
        self.flush_notes()
        super().hideEvent(event)

    # --- moving --------------------------------------------------------------------------------

    def back(self) -> None:
        if self.checklist and self.index > 0:
            self.show_section(self.index - 1)

    def next(self) -> None:
        if not self.checklist:
            return
        if self.index < len(self.checklist.sections) - 1:
            self.show_section(self.index + 1)
            self.scroll.verticalScrollBar().setValue(0)
            return
        self.finish()

    def finish(self) -> None:
        self.flush_notes()
        missing = [q for q in self.checklist.questions if q.id not in self.answers]
        if missing:
            first = missing[0]
            section_index = next(i for i, s in enumerate(self.checklist.sections) if s.id == first.section_id)
            QMessageBox.information(
                self,
                "Some questions have no answer",
                f"{len(missing)} question(s) still need an answer, the first in "
                f"“{self.checklist.sections[section_index].title}”. Choose Not applicable "
                "where a question cannot apply to your firm.",
            )
            self.show_section(section_index)
            block = next(b for b in self.blocks if b.question.id == first.id)
            self.scroll.ensureWidgetVisible(block)
            next(iter(block.buttons.values())).setFocus(Qt.OtherFocusReason)
            return
        try:
            svc.complete_assessment(self.store, self.assessment_id)
        except ValidationError as exc:
            QMessageBox.warning(self, "Assessment not finished", "\n".join(exc.errors.values()))
            return
        self.finished.emit(self.assessment_id)

    def show_results_so_far(self) -> None:
        self.flush_notes()
        if self.assessment_id is not None:
            self.results_requested.emit(self.assessment_id)

    def save_and_close(self) -> None:
        self.flush_notes()
        self.closed.emit()
