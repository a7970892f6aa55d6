#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder's image (Ubuntu, with network):
# https://gradescope-autograders.readthedocs.io/en/latest/specs/ ("setup.sh"). The zip is unpacked in
# /autograder/source; the workbook is its workbook/ folder (python grade.py --gradescope-zip OUT.zip).
set -euo pipefail
apt-get install -y python3 python3-pip python3-venv
python3 -m venv /autograder/venv
# the CPU wheels: Gradescope's machines have no GPU, and the CUDA ones are 5 GB
/autograder/venv/bin/pip install torch torchvision --index-url https://download.pytorch.org/whl/cpu
/autograder/venv/bin/pip install "pytest>=8.0" "pytest-timeout>=2.2" "matplotlib>=3.7"
cd /autograder/source/workbook
# the data sets the tests read, hash-checked, into workbook/data/: no submission downloads anything
/autograder/venv/bin/python grade.py --fetch-data
