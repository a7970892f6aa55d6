"""The grader behind grade.py: catalogue, pytest plugin, runner, report, checks."""
