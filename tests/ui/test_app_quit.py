"""Quitting svdesk: the window goes at once, the process ends only once the backup on close is
made and the lock released (a real process, as a user starts it: svdesk.ui.app.run_gui)."""

import sqlite3
import subprocess
import sys
import textwrap

# Started as a user starts svdesk (run_gui). Once the data shows and the start-up backup is
# made, it records a change and closes the window, as a user quitting would.
_QUIT_AFTER_A_CHANGE = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from svdesk.ui import app as app_module

    application = app_module.create_application()
    asked_at = []

    def quit_when_ready():
        windows = app_module._windows
        w = windows[-1] if windows else None
        if w is None or w.store is None or w.safety_check_done is None \\
                or not w.safety_check_done.is_set():
            QTimer.singleShot(50, quit_when_ready)
            return
        from svdesk.services.organisation import get_organisation, save_organisation
        org = get_organisation(w.store)
        org.name = "Changed just before quitting"
        save_organisation(w.store, org)
        w.close()
        print("closed", "hidden" if not w.isVisible() else "visible", flush=True)

    QTimer.singleShot(50, quit_when_ready)
    sys.exit(app_module.run_gui(Path(sys.argv[1])))
""")


def test_quitting_after_a_change_backs_it_up_before_the_process_ends(demo_store, svdesk_home):
    from svdesk.safety.backup import list_backups
    from svdesk.safety.lock import lock_path_for

    path = demo_store.path
    demo_store.close()
    done = subprocess.run(
        [sys.executable, "-c", _QUIT_AFTER_A_CHANGE, str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "closed hidden" in done.stdout  # the window went before the copy was made
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert not lock_path_for(path).exists()  # the lock was released
    backups = list_backups(path)
    assert len(backups) == 1  # the day's newest copy ...
    copy = sqlite3.connect(backups[0].path)
    try:  # ... holds the change made before quitting
        assert copy.execute("SELECT name FROM organisation").fetchone() == ("Changed just before quitting",)
    finally:
        copy.close()
