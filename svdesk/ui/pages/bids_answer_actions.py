"""What can be done with one bid answer on the Bids page: draft it from the records and check it
(both off the GUI thread), count it against the limit, copy it for the portal and export it.

Split from svdesk.ui.pages.bids (which builds the page, lists the bids and edits and saves a
question): BidsPage takes these methods from AnswerActions.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QListWidgetItem,
    QMessageBox,
)

from svdesk.exports.textcount import count
from svdesk.progress import Progress
from svdesk.services.validation import ValidationError
from svdesk.ui import style, tasks
from svdesk.ui.widgets import confirm


def portal_text(text: str) -> str:
    """What a portal box should receive: the words as typed, plain, with Unix line breaks and no
    trailing spaces (which portals count as characters)."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def style_colour(hex_colour: str):
    from PySide6.QtGui import QColor

    return QColor(hex_colour)


class AnswerActions:
    """Drafting, checking, counting, copying and exporting the answer shown (mixed into BidsPage,
    which builds the widgets these read)."""

    # --- drafting and checking (off the GUI thread) ------------------------------------------

    def _run(self, job, done) -> None:
        tasks.run(job, kind=tasks.Kind.EXPORT, owner=self, on_done=done, on_error=self.counter.setText)

    def draft(self) -> None:
        if self.question is None:
            return
        if self.answer.toPlainText().strip() and not confirm(
            self,
            "Replace the answer",
            "Replace the answer with a new draft from your "
            "records? The current words stay in the saved versions once saved.",
            "Replace the answer",
        ):
            return
        data, store = self._data(), self.store
        self.draft_button.setEnabled(False)
        self.counter.setText("Drafting from your records…")

        def job(_cancel):
            from svdesk.exports.tender_answer import draft_for

            yield Progress(0, None, "Drafting…")
            return draft_for(store, data)

        self._run(job, self._drafted)

    def _drafted(self, result) -> None:
        self.draft_button.setEnabled(True)
        self.answer.setPlainText(result.text)
        self._show_checks(result)
        self.update_count()

    def _check(self) -> None:
        if self.question is None or not self.answer.toPlainText().strip():
            return
        data, store, text = self._data(), self.store, self.answer.toPlainText()

        def job(_cancel):
            from svdesk.exports.tender_answer import review

            yield Progress(0, None, "Checking…")
            return review(store, data, text)

        self._run(job, self._show_checks)

    def _show_checks(self, result) -> None:
        self.result = result
        self.checks.clear()
        lines = result.notes()
        for line in lines or ["Nothing to check: every figure and promise is backed."]:
            item = QListWidgetItem(line)
            if line.startswith(("Warning", "Not backed", "Personal")):
                item.setForeground(style_colour(style.ERROR))
            self.checks.addItem(item)

    def update_count(self, *_) -> None:
        c = count(self.answer.toPlainText(), self.limit.value() or None, self.unit.currentData())
        self.counter.setText(c.describe())
        colour = style.ERROR if c.over else style.TEXT_MUTED
        self.counter.setStyleSheet(f"color: {colour}; font-weight: {600 if c.over else 400};")

    def copy_for_portal(self) -> str:
        text = portal_text(self.answer.toPlainText())
        QApplication.clipboard().setText(text)
        c = count(text, self.limit.value() or None, self.unit.currentData())
        self.counter.setText("Copied for the portal · " + c.describe())
        return text

    def export_warnings(self) -> list[str]:
        """What to confirm before an export: over the limit, unbacked claims, personal details."""
        from svdesk.exports.tender_answer import review

        result = review(self.store, self._data(), self.answer.toPlainText())
        self._show_checks(result)
        return [n for n in result.notes() if n.startswith(("Warning", "Not backed", "Personal"))]

    def export(self, path: str | None = None, ask=None) -> str | None:
        if self.question is None:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                "Export the answer",
                f"Q{self.question.number}-answer.docx",
                "Word (*.docx);;PDF (*.pdf);;Plain text (*.txt)",
            )
            if not path:
                return None
        warnings = self.export_warnings()
        if warnings:
            ask = ask or (
                lambda lines: confirm(self, "Check before exporting", "\n\n".join(lines), "Export anyway")
            )
            if not ask(warnings):
                return None
        from svdesk.exports.tender_answer import export_answer

        try:
            export_answer(self.store, self.result, path)
        except (ValidationError, OSError) as exc:
            QMessageBox.warning(self, "Not exported", str(getattr(exc, "errors", exc)))
            return None
        self.counter.setText(f"Exported to {path}")
        return path
