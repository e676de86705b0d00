"""The evidence preview: a picture of an image file or of a PDF's pages, made off the GUI thread.

PySide6-Essentials has no QtPdf, so PDF pages are rendered with PDFium (pypdfium2), imported on
first use rather than at start-up. PDFium is not thread-safe: one lock serialises every use.
Images are read and scaled as QImage (safe on any thread); only the finished picture becomes a
QPixmap, on the GUI thread. A damaged, protected or missing file gets a message, never a crash.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from svdesk.services.evidence import IMAGE_SUFFIXES
from svdesk.ui import style, tasks

_pdfium_lock = threading.Lock()
_PASSWORD_ERROR = 4  # PDFium's FPDF_ERR_PASSWORD


@dataclass
class Picture:
    image: QImage | None
    page: int = 0  # the page shown, counting from 0
    pages: int = 0  # pages in the document (0 for an image)
    problem: str = ""  # why there is no picture, in words


def render_pdf_page(path: Path, page: int, box: int) -> Picture:
    """Page `page` of the PDF at path, scaled to fit a box × box square of pixels."""
    with _pdfium_lock:
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(str(path))
        except FileNotFoundError:
            return Picture(
                None,
                problem="The stored copy of this file is missing. Run Privacy "
                "& data ▸ Check the database to see what is wrong.",
            )
        except pdfium.PdfiumError as exc:
            if exc.err_code == _PASSWORD_ERROR:
                return Picture(
                    None,
                    problem="This PDF is protected by a password, so svdesk "
                    "cannot show it. Open shows it in your PDF reader.",
                )
            return Picture(
                None,
                problem="This PDF cannot be shown: it is damaged or not really "
                "a PDF. Open tries it in your PDF reader.",
            )
        try:
            pages = len(pdf)
            if not pages:
                return Picture(None, problem="This PDF has no pages.")
            page = min(max(page, 0), pages - 1)
            pdf_page = pdf[page]
            try:
                width, height = pdf_page.get_size()
                bitmap = pdf_page.render(
                    scale=box / max(width, height, 1.0), rev_byteorder=True, prefer_bgrx=True
                )
                image = QImage(
                    bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format_RGBX8888
                ).copy()  # own the pixels: PDFium's go
            except pdfium.PdfiumError:
                return Picture(
                    None,
                    page,
                    pages,
                    f"Page {page + 1} of this PDF cannot be shown. Open tries it in your PDF reader.",
                )
            finally:
                pdf_page.close()
            return Picture(image, page, pages)
        finally:
            pdf.close()


def scaled_image(path: Path, box: int) -> Picture:
    image = QImage(str(path))
    if image.isNull():
        return Picture(
            None, problem="This picture cannot be shown: it is damaged or in a format svdesk does not know."
        )
    return Picture(image.scaled(box, box, Qt.KeepAspectRatio, Qt.SmoothTransformation))


class FilePreview(QWidget):
    """A card showing a file: the picture (with page buttons for a PDF) or a line about it."""

    def __init__(self, box: int = 260, empty: str = "Choose a file to see it here", parent=None):
        super().__init__(parent)
        self.box = box
        self.path: Path | None = None
        self.picture: Picture | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = QLabel()
        self.view.setAlignment(Qt.AlignCenter)
        self.view.setWordWrap(True)
        self.view.setMinimumSize(box + 24, box + 16)  # the whole page shows, never a strip
        # A grey ground, so a white page stands out as a page.
        self.view.setStyleSheet(
            f"background: {style.BACKGROUND}; border: 1px solid "
            f"{style.BORDER}; border-radius: 6px; padding: 8px;"
        )
        self.view.setAccessibleName("Preview")
        layout.addWidget(self.view)
        pager = QHBoxLayout()
        self.previous = QPushButton("◀")
        self.next = QPushButton("▶")
        self.previous.setToolTip("Previous page")
        self.next.setToolTip("Next page")
        self.page_label = QLabel()
        self.page_label.setAlignment(Qt.AlignCenter)
        self.previous.setAccessibleName("Previous page")
        self.next.setAccessibleName("Next page")
        self.previous.clicked.connect(lambda: self._turn(-1))
        self.next.clicked.connect(lambda: self._turn(1))
        pager.addWidget(self.previous)
        pager.addWidget(self.page_label, 1)
        pager.addWidget(self.next)
        layout.addLayout(pager)
        self._pager = (self.previous, self.page_label, self.next)
        self.show_text(empty)

    @property
    def busy(self) -> bool:
        return tasks.busy(self, "shown")

    def show_text(self, text: str) -> None:
        tasks.forget(self, "shown")
        self.path = self.picture = None
        self._text(text)

    def show_file(self, path: Path, other: str) -> None:
        """A picture of an image or a PDF; for any other kind of file, the text `other`."""
        suffix = path.suffix.lower()
        if suffix in IMAGE_SUFFIXES:
            self.show_image(path)
        elif suffix == ".pdf":
            self.show_pdf(path)
        else:
            self.show_text(other)

    def show_image(self, path: Path) -> None:
        self._start(path, lambda box=self.box: scaled_image(path, box))

    def show_pdf(self, path: Path, page: int = 0) -> None:
        self._start(path, lambda box=self.box: render_pdf_page(path, page, box))

    def _start(self, path: Path, read) -> None:
        if path != self.path:
            self.picture = None
        self.path = path
        if self.picture is None or self.picture.pages == 0:
            self._text("Preparing a preview…")
        tasks.newest(
            self,
            "shown",
            read,
            self._show,
            lambda message: self._text(f"svdesk could not show this file: {message}"),
        )

    def _turn(self, step: int) -> None:
        if self.path is not None and self.picture is not None and self.picture.pages:
            self.show_pdf(self.path, self.picture.page + step)

    def _show(self, picture: Picture) -> None:
        self.picture = picture
        if picture.image is None:
            self._text(picture.problem)
        else:
            self.view.setPixmap(_framed(QPixmap.fromImage(picture.image)))
        many = picture.pages > 1
        for widget in self._pager:
            widget.setVisible(many)
        self.page_label.setText(f"Page {picture.page + 1} of {picture.pages}")
        self.previous.setEnabled(picture.page > 0)
        self.next.setEnabled(picture.page < picture.pages - 1)

    def _text(self, text: str) -> None:
        self.view.setPixmap(QPixmap())
        self.view.setText(text)
        if self.picture is None or not self.picture.pages:
            for widget in self._pager:
                widget.setVisible(False)


def _framed(pixmap: QPixmap) -> QPixmap:
    """A thin border round the picture, as round a sheet of paper."""
    painter = QPainter(pixmap)
    painter.setPen(QColor(style.BORDER))
    painter.drawRect(pixmap.rect().adjusted(0, 0, -1, -1))
    painter.end()
    return pixmap
