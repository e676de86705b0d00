"""The Qt user interface: the only package in svdesk that imports PySide6."""
