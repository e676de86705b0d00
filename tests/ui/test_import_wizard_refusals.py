"""The import window on files that are not tables, or that two layouts fit: it says so on the
first page and never offers the column-mapping screen for them."""

import pytest

from svdesk.ui.spend.import_wizard import CHOOSE, PREVIEW, ImportWizard
from tests.unit.people_helpers import firm_store  # noqa: F401


@pytest.mark.parametrize("kind", ["spend", "suppliers"])
def test_rti_xml_and_a_pdf_are_refused_on_the_first_page(qtbot, firm_store, shared_data, tmp_path, kind):
    pdf = tmp_path / "statement.csv"
    pdf.write_bytes(b"%PDF-1.7\n")
    for path, what in (
        (shared_data / "real-exports" / "hmrc_rti_fps_sample_2014-15.xml", "HMRC RTI payroll submission"),
        (pdf, "PDF document"),
    ):
        wizard = ImportWizard(firm_store, kind)
        qtbot.addWidget(wizard)
        wizard.file_edit.setText(str(path))
        wizard.next()
        qtbot.waitUntil(lambda wizard=wizard: bool(wizard.choose_error.text()), timeout=15000)
        assert wizard.stack.currentIndex() == CHOOSE
        assert what in wizard.choose_error.text() and "Xero" in wizard.choose_error.text()


def test_two_fitting_layouts_ask_which_then_the_choice_previews(qtbot, firm_store, tmp_path):
    path = tmp_path / "both.csv"
    path.write_text("Date,Type,Description,Debit,Credit\n03/04/2025,PI,Timber,885.60,\n")
    wizard = ImportWizard(firm_store, "spend")
    qtbot.addWidget(wizard)
    wizard.file_edit.setText(str(path))
    wizard.next()
    qtbot.waitUntil(lambda: bool(wizard.choose_error.text()), timeout=15000)
    text = wizard.choose_error.text()
    assert wizard.stack.currentIndex() == CHOOSE
    assert "Sage 50" in text and "Xero Account Transactions" in text and "Layout list" in text
    qtbot.waitUntil(lambda: not wizard.busy, timeout=15000)
    wizard.layout_combo.setCurrentIndex(wizard.layout_combo.findData("sage50-purchases"))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == PREVIEW and not wizard.busy, timeout=15000)
    assert wizard.summary.format_name == "sage50-purchases"
