"""Grade your d2l-katas exercises: python grade.py [NAME ...] [--target DIR] [--json FILE].

批改练习：python grade.py [练习名 ...]。See README.md, or python grade.py --help.
"""

import sys

from katas.cli import check, main  # check: grade from a notebook

__all__ = ["check", "main"]

if __name__ == "__main__":
    sys.exit(main())
