"""MainWindow: the shell. Menus, the caseload beside the open case, and the status bar.

It assembles screens and actions only; each screen owns its behaviour.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QTabWidget,
)

from caseworker_app import __version__
from caseworker_app.clock import Clock
from caseworker_app.export.caseload_csv import write_caseload_csv
from caseworker_app.services import Services
from caseworker_app.typing_journal import Recovery
from caseworker_app.ui.dialogs.bulk_decision import BulkDecisionDialog
from caseworker_app.ui.dialogs.first_run import FirstRunDialog
from caseworker_app.ui.dialogs.messages import open_dialog
from caseworker_app.ui.dialogs.new_case import NewCaseDialog
from caseworker_app.ui.dialogs.print_run import PrintRunDialog
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.screens.backlog import BacklogScreen
from caseworker_app.ui.screens.case_view import CaseView
from caseworker_app.ui.screens.caseload import CaseloadScreen
from caseworker_app.ui.screens.my_work import MyWorkScreen
from caseworker_app.ui.tasks import TaskContext, TaskRunner


class MainWindow(QMainWindow):
    """One window on one database."""

    def __init__(self, services: Services, settings: QSettings, clock: Clock,
                 open_database: Callable[[Path], bool] | None = None,
                 recovery: Recovery | None = None) -> None:
        super().__init__()
        self.services, self._settings, self._clock = services, settings, clock
        self._recovery = recovery
        self._open_database = open_database
        self.events = AppEvents(self)
        self.tasks = TaskRunner(self)
        self.tasks.error_raised.connect(self.show_error)
        self.caseload = CaseloadScreen(services, self.tasks, self.events, clock.today, self)
        self.case_view = CaseView(services, self.tasks, self.events, clock.today, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.caseload)
        self.splitter.addWidget(self.case_view)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.my_work = MyWorkScreen(services, self.tasks, self.events, clock.today, self)
        self.backlog = BacklogScreen(services, self.tasks, self.events, clock.today, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.splitter, "Caseload")
        self.tabs.addTab(self.my_work, "My work")
        self.tabs.addTab(self.backlog, "Backlog")
        self.setCentralWidget(self.tabs)
        self.profile_label = QLabel()
        self.statusBar().addPermanentWidget(self.profile_label)
        self._build_menus()
        self.caseload.case_selected.connect(self._show_case)
        self.caseload.case_activated.connect(self._work_on_case)
        self.my_work.case_requested.connect(self.open_case)
        self.backlog.case_requested.connect(self.open_case)
        self.events.profile_changed.connect(self._update_title)
        self._update_title()
        self._restore_layout()

    # ----- start-up ------------------------------------------------------------------
    def start(self) -> None:
        """Load the caseload; on a brand-new database, welcome the person first."""
        if self.services.reference.profile() is None:
            self._first_run()
        if self._recovery:
            box = QMessageBox(QMessageBox.Icon.Information, "Typing put back",
                              self._recovery.message(), QMessageBox.StandardButton.Ok, self)
            box.setObjectName("recovery_message")
            open_dialog(box)
            self._recovery = None
        self.caseload.reload()

    def _first_run(self) -> None:
        dialog = FirstRunDialog(self)
        if dialog.exec() != FirstRunDialog.DialogCode.Accepted:
            return
        if dialog.wants_demo():
            self.create_demo_data(dialog.demo_cases())
        else:
            officer = self.services.reference.create_profile(*dialog.profile())
            self.services.act_as(officer.id)
            self.events.profile_changed.emit()

    # ----- menus ---------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&New case…", QKeySequence.StandardKey.New, self.new_case)
        self._action(file_menu, "&Open database…", QKeySequence.StandardKey.Open,
                     self._choose_database)
        self._action(file_menu, "&Export caseload view as CSV…", QKeySequence("Ctrl+E"),
                     self.export_csv)
        file_menu.addSeparator()
        self._action(file_menu, "Add &demonstration cases…", None, self._ask_demo)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        view = self.menuBar().addMenu("&View")
        self._action(view, "&Find…", QKeySequence.StandardKey.Find, self.caseload.focus_search)
        self._action(view, "&Refresh", QKeySequence.StandardKey.Refresh, self.caseload.reload)
        self._action(view, "&Clear filters", QKeySequence("Ctrl+Shift+L"),
                     self.caseload.filters.reset)
        self._action(view, "Go to &caseload", QKeySequence("Ctrl+1"),
                     lambda: self._on_caseload_tab(self.caseload.table))
        self._action(view, "Go to open c&ase", QKeySequence("Ctrl+2"),
                     lambda: self._on_caseload_tab(self.case_view))
        self._action(view, "&My work", QKeySequence("Ctrl+3"),
                     lambda: self.tabs.setCurrentWidget(self.my_work))
        self._action(view, "&Backlog", QKeySequence("Ctrl+4"),
                     lambda: self.tabs.setCurrentWidget(self.backlog))
        reviews = self.menuBar().addMenu("&Reviews")
        self._action(reviews, "Record &decisions to maintain…", QKeySequence("Ctrl+Shift+D"),
                     self.bulk_decisions)
        letters = self.menuBar().addMenu("&Letters")
        self._action(letters, "&Print letters for selected cases…", QKeySequence("Ctrl+Shift+P"),
                     self.print_letters)
        letters.addSeparator()
        self._action(letters, "Letter &wording…", None, self.letter_wording)
        self._action(letters, "&Council details…", None, self.council_details)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Caseworker", None, self._about)

    def _action(self, menu, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # ----- actions -------------------------------------------------------------------
    @Slot()
    def new_case(self) -> None:
        """Open a new case through the New case dialog, then select it."""
        dialog = NewCaseDialog(self.services, self.tasks, self._clock.today, self)
        if dialog.exec() == NewCaseDialog.DialogCode.Accepted and dialog.created is not None:
            self.events.case_changed.emit(dialog.created)
            self.case_view.show_case(dialog.created.child_id)

    @Slot()
    def bulk_decisions(self) -> None:
        """Record "maintain without changes" for many reviews at once, then refresh."""
        dialog = BulkDecisionDialog(self.services, self.tasks, self._clock.today, self)
        if dialog.exec() == BulkDecisionDialog.DialogCode.Accepted:
            self.events.caseload_replaced.emit()  # stages and colours of many cases moved
            self.statusBar().showMessage("Decisions recorded.", 8000)

    @Slot()
    def print_letters(self) -> None:
        """Print one letter for every case selected in the caseload, as one PDF."""
        ids = self.caseload.selected_child_ids()
        if not ids:
            QMessageBox.information(
                self, "Print letters", "Select the cases in the caseload first: click one, "
                "then Shift-click or Ctrl-click to add more, or press Ctrl+A for every case "
                "listed.")
            return
        dialog = PrintRunDialog(self.services, self.tasks, ids, self._clock.today, self)
        dialog.printed.connect(self._letters_printed)
        open_dialog(dialog)

    @Slot(int)
    def _letters_printed(self, count: int) -> None:
        self.statusBar().showMessage(f"{count:,} letters saved and recorded.", 8000)
        if self.case_view.current_child_id is not None:  # its chronology may list them now
            self.case_view.show_case(self.case_view.current_child_id)

    @Slot()
    def letter_wording(self) -> None:
        """Read, and for a lead change, the wording of every letter (one window)."""
        from caseworker_app.ui.screens.letter_wording import LetterWordingWindow

        window = self.findChild(LetterWordingWindow)
        if window is None or not window.isVisible():  # modeless: cases stay at hand
            window = LetterWordingWindow(self.services, self.tasks, self)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.show()
        window.raise_()
        window.activateWindow()

    @Slot()
    def council_details(self) -> None:
        """The council's letterhead, signatory and the services letters name."""
        from caseworker_app.ui.dialogs.council_details import CouncilDetailsDialog

        open_dialog(CouncilDetailsDialog(self.services, self.tasks, self))

    @Slot()
    def export_csv(self, path: Path | None = None) -> None:
        """Save the cases now listed (after search and filters) as a CSV file."""
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export caseload view", str(Path.home() / "caseload.csv"),
                "CSV files (*.csv)")
            if not chosen:
                return
            path = Path(chosen)
        rows, today = self.caseload.visible_rows(), self._clock.today()
        self.tasks.run(lambda: write_caseload_csv(rows, path, today),
                       on_done=lambda n: self.statusBar().showMessage(
                           f"Exported {n:,} cases to {path}", 8000))

    def _ask_demo(self) -> None:
        dialog = FirstRunDialog(self, demo_only=True)
        if dialog.exec() == FirstRunDialog.DialogCode.Accepted:
            self.create_demo_data(dialog.demo_cases())

    def create_demo_data(self, cases: int) -> None:
        """Generate fictional cases on a worker, with progress and Cancel."""
        from caseworker_app.demo import generate_demo

        progress = QProgressDialog("Creating demonstration cases…", "Cancel", 0, cases, self)
        progress.setWindowTitle("Demonstration data")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)

        def job(ctx: TaskContext):
            return generate_demo(self.services.database, cases, seed=cases,
                                 progress=ctx.report, should_stop=lambda: ctx.cancelled)

        def done(_summary) -> None:
            progress.close()
            profile = self.services.reference.profile()
            if profile is not None:
                self.services.act_as(profile.id)
            self.events.profile_changed.emit()
            self.events.caseload_replaced.emit()

        def failed(exc: Exception) -> None:
            progress.close()
            if not progress.wasCanceled():
                self.show_error(exc)

        task = self.tasks.run_job(job, on_done=done, on_error=failed, write=True)
        task.progressed.connect(lambda done_, total, text: (
            progress.setMaximum(total), progress.setValue(done_), progress.setLabelText(text)))
        progress.canceled.connect(task.cancel)

    def _choose_database(self) -> None:
        if self._open_database is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "Open a Caseworker database", str(self.services.database.path.parent),
            "Caseworker databases (*.db *.sqlite);;All files (*)")
        if path and self._open_database(Path(path)):
            self.close()

    @Slot(uuid.UUID)
    def _show_case(self, child_id: uuid.UUID) -> None:
        shown = self.case_view.current_child_id
        if child_id == shown:
            return
        if self.case_view.has_unsaved_changes() and not self._may_discard():
            if shown is not None:
                self.caseload.select_case(shown, emit=False)  # stay on the edited case
            return
        self.case_view.show_case(child_id)

    def _may_discard(self) -> bool:
        """Ask before typed changes to the open case are thrown away."""
        answer = QMessageBox.question(
            self, "Unsaved changes",
            "The open case has changes that are not saved. Discard them?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def _on_caseload_tab(self, widget) -> None:
        self.tabs.setCurrentWidget(self.splitter)
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot(uuid.UUID)
    def open_case(self, child_id: uuid.UUID) -> None:
        """Show a case in the case view from another tab, highlighting it in the caseload
        when the current search and filters list it (and opening it anyway if not)."""
        self.tabs.setCurrentWidget(self.splitter)
        if self.case_view.current_child_id != child_id and not (
                self.case_view.has_unsaved_changes()):
            self.caseload.select_case(child_id, emit=False)
        self._work_on_case(child_id)

    @Slot(uuid.UUID)
    def _work_on_case(self, child_id: uuid.UUID) -> None:
        self._show_case(child_id)
        self.case_view.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(Exception)
    def show_error(self, exc: Exception) -> None:
        """Tell the person what went wrong, in words they can act on."""
        QMessageBox.warning(self, "Caseworker", str(exc) or type(exc).__name__)

    def _about(self) -> None:
        QMessageBox.about(
            self, "About Caseworker",
            f"<b>Caseworker {__version__}</b><p>EHC plan casework for SEND teams.</p>"
            f"<p>Database: {self.services.database.path}</p>")

    def _update_title(self) -> None:
        profile = self.services.reference.profile()
        who = f"{profile.display_name} ({profile.role.label})" if profile else "No profile"
        self.profile_label.setText(f"Signed in as {who}")
        self.setWindowTitle(f"Caseworker – {self.services.database.path.name}")

    # ----- layout memory -------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self._settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen = self.screen().availableGeometry()
            self.resize(min(1500, int(screen.width() * 0.95)),
                        min(900, int(screen.height() * 0.9)))
            self.splitter.setSizes([int(self.width() * 0.6), int(self.width() * 0.4)])
        splitter = self._settings.value("main/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        header = self._settings.value("caseload/header")
        if header is not None:
            self.caseload.table.horizontalHeader().restoreState(header)
            self.caseload.adopt_header_sort()

    def _save_layout(self) -> None:
        self._settings.setValue("main/geometry", self.saveGeometry())
        self._settings.setValue("main/splitter", self.splitter.saveState())
        self._settings.setValue("caseload/header",
                                self.caseload.table.horizontalHeader().saveState())
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.case_view.has_unsaved_changes() and not self._may_discard():
            event.ignore()
            return
        self._save_layout()
        self.tasks.wait()
        self.services.database.dispose()
        super().closeEvent(event)
