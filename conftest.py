"""Root pytest configuration of d2l-katas.

The options (--target, --seed, --exercise), the fixtures (impl, ref, device, seed, data_root)
and the marker checks are in katas/fixtures.py, shared with selftest's fixture workbook.
"""

pytest_plugins = ["katas.fixtures"]
