"""Data safety: backups, archives, restore, integrity checks, the single-writer lock.

Core code: no Qt. The window calls these through a worker; the command line through svdesk.cli.safety.
"""
