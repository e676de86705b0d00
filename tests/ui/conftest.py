import pytest


@pytest.fixture(autouse=True)
def fresh_ui_state(qapp):
    """Each UI test starts from default settings and the app's own style."""
    from svdesk.ui import state, style

    state.reset_for_tests()
    qapp.setStyleSheet(style.STYLESHEET)
    yield
    from svdesk.ui import closing

    # a window closed by the test backs up on a thread: finish before its folder goes
    assert closing.wait_for_all(120), "a backup on close did not finish"
    qapp.processEvents()
    state.reset_for_tests()


@pytest.fixture(autouse=True)
def no_child_process_left(qapp):
    """No export child or standby outlives its test: once the widgets the test made are
    closed and destroyed, every child process has ended (one that has just finished its export
    is given a moment to exit)."""
    yield
    import multiprocessing

    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)  # what qtbot closed
    left = []
    for child in multiprocessing.active_children():
        child.join(10)
        if child.is_alive():
            left.append(child.name)
            child.terminate()
    assert not left, f"child processes still running after the test: {left}"


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """When pytest-qt closes what a test left open, a form with typed changes would ask
    "Discard your changes?" in a modal box nobody answers: during teardown, discard."""
    from svdesk.ui import unsaved

    real = unsaved.ask_discard

    def discard(*args, **kwargs):
        return True

    unsaved.ask_discard = discard
    try:
        yield
    finally:
        # a test's monkeypatch of ask_discard is undone during this teardown: put back what
        # was there before only if nothing else has put the real one back since
        if unsaved.ask_discard is discard:
            unsaved.ask_discard = real
