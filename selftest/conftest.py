"""Selftest configuration: the workbook checking itself (never graded)."""

import pytest


def pytest_collection_modifyitems(items):
    # Selftests grade whole workbooks in subprocesses, each bounded by its own timeouts;
    # the graded tests' 20 s default does not fit them.
    for item in items:
        item.add_marker(pytest.mark.timeout(1800))


# The fixture workbook's tests run only under grade.py (with KATAS_ROOT pointing at it).
collect_ignore = ["fixtures"]
