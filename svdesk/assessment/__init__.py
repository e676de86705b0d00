"""Self-assessment checklists (content as data) and their scoring rules. No Qt here."""
