import pytest


@pytest.fixture(autouse=True)
def fresh_ui_state(qapp):
    """Each UI test starts from default settings and the app's own style."""
    from svdesk.ui import state, style

    state.reset_for_tests()
    qapp.setStyleSheet(style.STYLESHEET)
    yield
    state.reset_for_tests()
