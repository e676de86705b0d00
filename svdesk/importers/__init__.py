"""Readers for files from other programs (accounting, payroll): rows first, then a writer."""
