"""Shared widgets for the activity-record pages: a paged table model, the record table with its
filters and totals, the record form built from activity_kinds, and evidence attachment."""
