"""A PDF shown in the app, exactly as it will print (Qt PDF renders the bytes we made).

`PdfPreview.show_pdf(data)` replaces what is shown; `show_message(text)` shows a message
instead (while a preview is being made, or why it cannot be). Pages are shown one under
the other, fitted to the width, with a line saying how many there are.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget


class PdfPreview(QWidget):
    """Shows one PDF (from bytes), or a message in its place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = QPdfDocument(self)
        self._buffer: QBuffer | None = None  # Qt PDF reads from it for as long as it shows
        self._bytes = QByteArray()
        self._view = QPdfView(self)
        self._view.setDocument(self._document)
        self._view.setPageMode(QPdfView.PageMode.MultiPage)
        self._view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._view.setAccessibleName("Letter preview")
        self._message = QLabel(self)
        self._message.setWordWrap(True)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message.setObjectName("pdf_preview_message")
        self._pages = QLabel(self)
        self._pages.setObjectName("pdf_preview_pages")
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._message)
        self._stack.addWidget(self._view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self._pages)
        self.show_message("Nothing to preview yet.")

    @property
    def page_count(self) -> int:
        """Pages in the PDF shown (0 while a message is shown)."""
        return self._document.pageCount() if self._stack.currentWidget() is self._view else 0

    @property
    def message(self) -> str:
        """The message shown instead of a PDF ("" while a PDF is shown)."""
        return self._message.text() if self._stack.currentWidget() is self._message else ""

    def show_pdf(self, data: bytes) -> None:
        """Show the PDF in `data`."""
        self._document.close()
        self._bytes = QByteArray(data)
        buffer = QBuffer(self)
        buffer.setData(self._bytes)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        if self._document.status() != QPdfDocument.Status.Ready:
            self.show_message("The preview could not be shown.")
            return
        pages = self._document.pageCount()
        self._pages.setText(f"{pages} page{'s' if pages != 1 else ''}")
        self._stack.setCurrentWidget(self._view)

    def show_message(self, text: str) -> None:
        """Show `text` where the PDF would be."""
        self._message.setText(text)
        self._pages.setText("")
        self._stack.setCurrentWidget(self._message)
