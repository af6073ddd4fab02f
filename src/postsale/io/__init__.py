"""Adapters that read and write files: account books, company files, exports."""
