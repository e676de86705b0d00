"""Bid-ready exports: reports built as data (model.py) by builders (build_*.py), rendered by
writers (xlsx, pdf, docx, txt) that never touch the database, and written atomically."""
