"""The log file is rotated at start-up once it passes 1 MB, keeping three older files."""

import logging

from svdesk import logging_setup


def test_log_is_written_and_rotated_when_large(svdesk_home):
    path = logging_setup.log_file()
    path.write_text("x" * (logging_setup.MAX_BYTES + 1))
    path.with_name("svdesk.log.1").write_text("older")
    assert logging_setup.setup_logging() == path
    assert path.with_name("svdesk.log.1").stat().st_size > logging_setup.MAX_BYTES
    assert path.with_name("svdesk.log.2").read_text() == "older"
    logging.getLogger("svdesk.test").error("Cannot open the database")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "ERROR svdesk.test: Cannot open the database" in path.read_text()
    # Set up twice: one handler, not two.
    logging_setup.setup_logging()
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_svdesk", False)]
    assert len(ours) == 1


def test_a_small_log_is_not_rotated(svdesk_home):
    path = logging_setup.log_file()
    path.write_text("earlier run\n")
    logging_setup.setup_logging()
    assert not path.with_name("svdesk.log.1").exists()
