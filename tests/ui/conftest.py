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
