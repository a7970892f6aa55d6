"""The grader behind grade.py: catalogue, pytest plugin, runner, report, checks."""

# The grader's own modules, one per file here. A learner may add a file to this folder; its code is the learner's all
# the same, never trusted as the grader's (red team 47: the from-scratch check trusted a mode planted beside the tests).
MODULES = frozenset({"__init__", "arguments", "attncheck", "bytecode", "catalog", "cgroups", "channel", "checks",
    "classroom", "cli", "compare", "data", "devices", "exitwait", "explain", "exports", "fixtures", "forbid",
    "gradebook", "grading", "i18n", "instructor", "intake", "launch", "measure", "netcheck", "notebook",
    "optimcheck", "peer", "plotting", "plugin", "progress", "records", "remote", "report", "reset", "results",
    "rnncheck", "runner", "sandbox", "schedule", "sections", "server", "simdevice", "stale", "stray", "syscalls",
    "target", "testkit", "testserver", "watch", "watchdog", "wire", "wirefigures", "wirenets", "worker",
    "workerpeer"})
