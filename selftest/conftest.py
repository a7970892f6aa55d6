"""Selftest configuration: the workbook checking itself (never graded)."""
