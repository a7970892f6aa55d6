"""The grader's own words, in English and 中文. Test messages carry both languages themselves."""

from __future__ import annotations

import os

TEXT = {
    "header": ("d2l-katas · target {target} · seed {seed} · devices {devices}",
               "d2l-katas · 批改 {target} · 随机种子 {seed} · 设备 {devices}"),
    "not_started": ("not started", "尚未开始"),
    "passed": ("passed", "通过"),
    "score": ("score {score}/{max_score} ({percent}%)", "得分 {score}/{max_score}（{percent}%）"),
    "next": ("next: {id} in {path}, then: {command}", "下一步：完成 {path} 里的 {id}，然后运行：{command}"),
    "all_done": ("every selected exercise passes. Compare with solutions/ to see another way.",
                 "所选练习全部通过！可以对照 solutions/ 看看另一种写法。"),
    "replay": ("replay this run: {command}", "重现这次运行：{command}"),
    "hint_title": ("hint {n}/{total} for {id}", "{id} 的提示 {n}/{total}"),
    "hint_more": ("run the same command again for the next hint, or add --all",
                  "再运行一次同样的命令看下一条提示，或加上 --all 看全部"),
    "hint_last": ("that was the last hint; the reference is in {path}",
                  "这是最后一条提示；参考答案在 {path}"),
    "unknown": ("unknown exercise: {names}. Try: python grade.py --list",
                "没有这个练习：{names}。试试：python grade.py --list"),
    "no_target": ("--target {target}: no such folder", "--target {target}：文件夹不存在"),
    "log_tail": ("the test process said (last lines):", "测试进程的最后输出："),
    "devices_note": ("cuda absent: GPU variants were not run (never counted against you)",
                     "没有 cuda：GPU 版本的测试未运行（不扣分）"),
    "list_header": ("{n} exercises, {points} points", "共 {n} 个练习，{points} 分"),
    "running": ("checking {n} exercise(s)…", "正在检查 {n} 个练习…"),
}


def lang_from_env() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def t(key: str, lang: str, **kw) -> str:
    en, zh = TEXT[key]
    return (zh if lang == "zh" else en).format(**kw)
