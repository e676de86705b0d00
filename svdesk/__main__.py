import multiprocessing

# First of all: in the frozen bundle an export's child process (svdesk.exports.child) starts
# this same program, and freeze_support() is what runs the child's work instead of svdesk. It
# does nothing in a normal start, or when svdesk runs from Python.
multiprocessing.freeze_support()

from svdesk.cli import main  # noqa: E402

raise SystemExit(main())
