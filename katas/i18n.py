"""The grader's own words, in English and 中文. Test messages carry both languages themselves."""

from __future__ import annotations

import os

from katas.records import clean

TEXT = {
    "header": ("d2l-katas · target {target} · seed {seed} · devices {devices}",
               "d2l-katas · 批改 {target} · 随机种子 {seed} · 设备 {devices}"),
    "header_remembered": ("d2l-katas · target {target} · remembered results · devices {devices}",
                          "d2l-katas · 批改 {target} · 上次记住的结果 · 设备 {devices}"),
    "not_started": ("not started", "尚未开始"),
    "passed": ("passed", "通过"),
    "score": ("score {score}/{max_score} ({percent}%)", "得分 {score}/{max_score}（{percent}%）"),
    "next": ("next: {id} in {path}, then: {command}", "下一步：完成 {path} 里的 {id}，然后运行：{command}"),
    "passed_next": ("passed. next: {id} in {path}, then: {command}",
                    "通过！下一步：完成 {path} 里的 {id}，然后运行：{command}"),
    "workbook_done": ("every exercise of the workbook passes. Compare with solutions/ to see another way.",
                      "练习册的全部练习都通过了！可以对照 solutions/ 看看另一种写法。"),
    "pictures": ("pictures the tests drew: {paths}", "测试画出的图：{paths}"),
    "pictures_folder": ("the pictures of passing tests are in {folder} (python grade.py NAME lists its own)",
                        "通过的测试画出的图在 {folder}（python grade.py 练习名 会列出该练习的图）"),
    "all_done": ("every selected exercise passes. Compare with solutions/ to see another way.",
                 "所选练习全部通过！可以对照 solutions/ 看看另一种写法。"),
    "replay": ("replay this run: {command}", "重现这次运行：{command}"),
    "json_refused": ("--json {path} not written: it is {why}. Give --json a new .json file outside the workbook's "
                     "own folders, e.g. --json results.json",
                     "--json {path} 没有写入：它是{why}。请给 --json 一个练习册自身文件夹之外的新 .json 文件，"
                     "例如 --json results.json"),
    "hint_title": ("hint {n}/{total} for {id}", "{id} 的提示 {n}/{total}"),
    "hint_more": ("run the same command again for the next hint, or add --all",
                  "再运行一次同样的命令看下一条提示，或加上 --all 看全部"),
    "hint_last": ("that was the last hint; once it passes, compare with the reference: python grade.py --compare {id}",
                  "这是最后一条提示；通过之后可以对照参考答案：python grade.py --compare {id}"),
    "unknown": ("unknown exercise: {names}. Try: python grade.py --list",
                "没有这个练习：{names}。试试：python grade.py --list"),
    "unknown_suggest": ("unknown exercise: {names} — did you mean {close}? (python grade.py --list lists them all)",
                        "没有这个练习：{names}，你是不是想写 {close}？（python grade.py --list 列出全部练习）"),
    "shared_name": ("{name} is the Python name of {n} exercises: {ids}. Each was graded; to check one, type its "
                    "id (python grade.py {first})",
                    "{name} 是 {n} 个练习里的函数名：{ids}，已全部批改；"
                    "只检查一个请写它的 id（python grade.py {first}）"),
    "fetching": ("downloading {title} ({size}) into {folder}/ …",
                 "正在下载 {title}（约 {size}）到 {folder}/ …"),
    "fetching_first": ("{title} is needed and not found: downloading it ({size}, once) into {folder}/ …",
                       "需要 {title} 但没有找到：正在下载（约 {size}，只需一次）到 {folder}/ …"),
    "fetched": ("{title} is ready in {folder}/ ({check} checked)", "{title} 已就绪：{folder}/（已校验 {check}）"),
    "fetch_failed": ("could not download {title} ({error}). Without network, copy {what} "
                     "into {folder}/ or set {env} to the folder that holds it; KATAS_DATA_MIRROR=URL (a folder URL "
                     "holding the same files) picks another mirror",
                     "无法下载 {title}（{error}）。没有网络时，请把{what}复制到 {folder}/，"
                     "或把 {env} 设为存放它的文件夹；KATAS_DATA_MIRROR=URL（存放同样文件的文件夹网址）可换一个镜像"),
    "ambiguous": ("{name} is the Python name of several exercises: say which id ({ids})",
                  "{name} 是多个练习里的函数名：请写明练习 id（{ids}）"),
    "ambiguous_section": ("{name} names several exercises: say which id ({ids})",
                          "{name} 包含多个练习：请写明练习 id（{ids}）"),
    "no_target": ("--target {target}: no such folder", "--target {target}：文件夹不存在"),
    "unreadable": ("make {path} readable to every user (chmod -R a+rX, or clone with umask 022), or run grade.py as "
                   "an ordinary user: as root, grade.py runs your code as a user of its own, which cannot read it",
                   "请让所有用户都能读取 {path}（chmod -R a+rX，或以 umask 022 克隆），或以普通用户运行 grade.py："
                   "以 root 运行时，grade.py 以一个独立的用户运行你的代码，而它读不到这个路径"),
    "closed_above": ("let every user enter {path} (chmod o+x {path}: enter, not list), or run grade.py as an ordinary "
                     "user: as root, grade.py runs your code as a user of its own, which must pass through {path} here "
                     "(no mount namespace can be made, as in a container without CAP_SYS_ADMIN)",
                     "请让所有用户都能进入 {path}（chmod o+x {path}：只是进入，不能列出），或以普通用户运行 grade.py："
                     "以 root 运行时，grade.py 以一个独立的用户运行你的代码，而这里（无法创建挂载命名空间，例如没有 "
                     "CAP_SYS_ADMIN 的容器）它必须经过 {path}"),
    "log_tail": ("{id}: its test process said (last lines):", "{id}：测试进程的最后输出："),
    "interrupted": ("grading interrupted: nothing was graded, and no test process is left running",
                    "批改已中断：没有得出结果，也没有留下任何测试进程"),
    "dropped": ("{n} record(s) from test processes were refused (also in .katas/dropped-records.log):",
                "有 {n} 条来自测试进程的记录被拒绝（另见 .katas/dropped-records.log）："),
    "server_log": ("the grader's test server said (last lines):", "批改程序的测试服务器输出（最后几行）："),
    "devices_note": ("cuda absent: device handling checked on simgpu, a simulated GPU (device slips only, "
                     "never numerics or speed)",
                     "没有 cuda：设备用法在 simgpu（模拟 GPU）上检查（只查设备用错，不代表数值或速度）"),
    "list_header": ("{n} exercises, {points} points", "共 {n} 个练习，{points} 分"),
    "running": ("checking {n} exercise(s)…", "正在检查 {n} 个练习…"),
    "colon": (": ", "："),
    "status_passed": ("passed", "通过"),
    "status_failed": ("failed", "未通过"),
    "status_not_started": ("not started", "尚未开始"),
    "status_error": ("error", "错误"),
    "status_timeout": ("timeout", "超时"),
    "status_crashed": ("crashed", "崩溃"),
    "status_not_gradable": ("not gradable", "无法批改"),
    "chapters": ("progress by chapter", "各章进度"),
    "chapter": ("ch {n}", "第 {n} 章"),
    "points": ("{n} pt", "{n} 分"),
    # --help
    "help_description": ("Grade d2l-katas exercises: python grade.py [NAME ...]. Chinese: --lang zh.",
                         "批改 d2l-katas 练习：python grade.py [练习名 ...]。English: --lang en。"),
    "help_names": ("exercise ids, Python names or sections (3.6, or a file name); default: all",
                   "练习 id、Python 名称或小节（如 3.6 或文件名）；默认：全部"),
    "help_target": ("exercises (default), solutions, or a folder like exercises/",
                    "exercises（默认）、solutions，或与 exercises/ 结构相同的文件夹"),
    "help_json": ("also write the results as JSON", "同时把结果写成 JSON 文件"),
    "help_junit": ("also write the results as JUnit XML (one testcase per exercise), for CI and CodeGrade",
                   "同时把结果写成 JUnit XML（每个练习一个 testcase），供 CI 和 CodeGrade 读取"),
    "junit_refused": ("--junit {path} not written: it is {why}", "--junit {path} 没有写入：它是{why}"),
    "help_class": ("instructors: grade a folder of submissions (python grade.py --class DIR --help for more)",
                   "教师用：批改一个文件夹里的全部提交（更多选项见 python grade.py --class DIR --help）"),
    "help_instructor": ("instructor mode: verdicts computed where no learner code runs (the code runs in "
                        "a sandboxed worker)",
                        "教师模式：判定在不运行学习者代码的进程中完成（代码在沙箱工作进程中运行）"),
    "instructor_alone": ("--instructor grades a run with verdicts computed outside learner code; --watch and "
                         "--compare are self-study tools and would not honour it: run one or the other",
                         "--instructor 在学习者代码之外得出判定；--watch 和 --compare 是自学工具，不遵守教师模式："
                         "请分开运行"),
    "instructor_mode": ("mode: instructor (verdicts computed outside the learner's process)",
                        "模式：教师模式（判定在学习者进程之外完成）"),
    "help_seed": ("replay a run with its seed", "用某次运行的随机种子重现它"),
    "help_verbose": ("show pytest's own output", "显示 pytest 自己的输出"),
    "help_list": ("list the exercises in learning order", "按学习顺序列出所有练习"),
    "help_fetch_data": ("download the data sets (Fashion-MNIST, the Time Machine, ...) into data/ "
                        "(hash-checked; safe to repeat)",
                        "下载数据集（Fashion-MNIST、时光机器等）到 data/（校验哈希，可重复运行）"),
    "help_watch": ("re-grade each exercise file when you save it (Ctrl-C to stop)",
                   "每次保存练习文件时自动重新批改（Ctrl-C 退出）"),
    "help_hint": ("show the next hint for an exercise", "显示某个练习的下一条提示"),
    "help_all": ("with --hint: show every hint at once", "与 --hint 一起用：一次显示全部提示"),
    "help_compare": ("show your function next to the reference (once it passes)",
                     "把你的函数和参考答案并排对照（通过之后）"),
    "help_diff": ("with --compare: a unified diff instead of side by side",
                  "与 --compare 一起用：显示统一 diff 而非并排"),
    "help_force": ("with --compare: show the reference before passing; with --reset: even a file that does not parse",
                   "与 --compare 一起用：未通过也显示参考答案；与 --reset 一起用：文件有语法错误也重置"),
    "help_reset": ("restore an exercise's stub; your version is backed up in .katas/backup/",
                   "把某个练习恢复成初始代码；你的版本备份在 .katas/backup/"),
    "help_lang": ("language of the grader's messages (default: from LANG / LC_ALL)",
                  "批改信息的语言（默认：根据 LANG / LC_ALL）"),
    # --watch
    "watch_start": ("watching {folder}/ — save a file to re-grade it; Ctrl-C to stop",
                    "正在监视 {folder}/：保存文件即重新批改；Ctrl-C 退出"),
    "watch_first": ("grading the {n} exercise(s) changed since their last grade: {ids} (untouched stubs are not run)",
                    "先批改上次批改后改动过的 {n} 个练习：{ids}（未动过的练习不运行）"),
    "watch_saved": ("{file} saved: checking {ids}", "已保存 {file}：正在检查 {ids}"),
    "watch_unchanged": ("{file} saved, no exercise changed: checking {ids}",
                        "已保存 {file}，练习没有变化：重新检查 {ids}"),
    "watch_next": ("next: {id} in {path}", "下一步：完成 {path} 里的 {id}"),
    "watch_failed": ("the check itself failed ({error}); still watching", "检查本身出错了（{error}）；仍在监视"),
    "watch_stop": ("stopped watching", "已停止监视"),
    "took": ("checked in {seconds:.2f} s", "用时 {seconds:.2f} 秒"),
    # --compare
    "compare_locked": ("{id} does not pass yet ({status}): solve it first, or add --force to see the reference now",
                       "{id} 还没有通过（{status}）：先完成它，或加上 --force 直接看参考答案"),
    "compare_checking": ("checking {id} first…", "先检查 {id}…"),
    "compare_yours": ("yours: {path}", "你的：{path}"),
    "compare_reference": ("reference: {path}", "参考：{path}"),
    "compare_same": ("{name}: the same as the reference", "{name}：和参考答案一样"),
    "compare_missing": ("(not defined)", "（没有定义）"),
    "compare_code_only": ("(code only, laid out alike: the reference's comments say why, at the line shown)",
                          "（只比较代码，排版已统一；参考答案的注释解释了原因，见所示的行）"),
    "compare_unparsable": ("{path} does not parse: {error}", "{path} 有语法错误：{error}"),
    "source_unread": ("{path} is not read by the grader: {why}", "评分器不读取 {path}：{why}"),
    "source_too_large": ("it is larger than {limit} (an exercise file is a few kB: keep notes and data in files of "
                         "their own)", "它大于 {limit}（练习文件只有几 kB：笔记和数据请放在别的文件里）"),
    "compare_training": ("training both with seed {seed}…", "用随机种子 {seed} 分别训练两个版本…"),
    "compare_png": ("curves (yours vs reference): {path}", "训练曲线（你的 vs 参考）：{path}"),
    "compare_run_failed": ("{who} could not be trained; the last it said:", "{who}无法训练；它最后输出的是："),
    "compare_run_stopped": ("{who} could not be trained: {why}", "{who}无法训练：{why}"),
    "compare_too_long": ("it took longer than {seconds:.0f} s and was stopped", "训练超过 {seconds:.0f} 秒，已被停止"),
    "compare_memory": ("it used more than {mib} MiB of memory and was stopped",
                       "训练使用的内存超过 {mib} MiB，已被停止"),
    "compare_unmeasured": ("it hid its memory from the grader (a program this user may run but not read, a memory "
                           "map too long to read, or a process whose main thread ended while others ran) and was "
                           "stopped: run Python, and programs you may read",
                           "它让批改程序无法查看它的内存（运行了当前用户能运行却不能读取的程序、内存映射表长得无法读取，"
                           "或进程的主线程结束而其他线程继续运行），已被停止：请只运行 Python 以及你能读取的程序"),
    "compare_watches": ("it held more than {n:,} epoll watches, which Linux counts for your user as a whole, and was "
                        "stopped: watch fewer files",
                        "它持有超过 {n:,} 个 epoll 监视（Linux 按整个用户计数），已被停止：请少监视一些文件"),
    "compare_files": ("it held more than {n:,} open files while the machine ran short of them, and was stopped: open, "
                      "map and keep fewer files",
                      "在整台机器的文件句柄紧张时，它持有超过 {n:,} 个打开的文件，已被停止："
                      "请少打开、少映射、少保留文件"),
    "who_yours": ("your version", "你的版本"),
    "who_reference": ("the reference", "参考答案"),
    "curve_yours": ("yours", "你的"),
    "curve_reference": ("reference", "参考"),
    "curve_epoch": ("epoch", "轮次"),
    "compare_final": ("after epoch {epoch}:", "第 {epoch} 轮之后："),
    "compare_same_curves": ("the two runs agree at every epoch (largest gap {gap}): your curve lies on the reference's",
                            "两次训练每一轮都一致（最大差 {gap}）：你的曲线与参考曲线重合"),
    "compare_gap": ("the largest gap between the two runs, over every epoch and series: {gap}",
                    "两次训练在所有轮次、所有指标上的最大差：{gap}"),
    # --reset
    "reset_done": ("{names} in {path} restored to the stub; your version is in {backup}",
                   "{path} 里的 {names} 已恢复为初始代码；你的版本保存在 {backup}"),
    "reset_unchanged": ("{names} in {path} is already the stub: nothing to reset",
                        "{path} 里的 {names} 已经是初始代码，无需重置"),
    "reset_unparsable": ("{path} does not parse ({error}): fix it, or add --force to restore the whole file "
                         "(your version is backed up)",
                         "{path} 有语法错误（{error}）：请先修好，或加上 --force 恢复整个文件（你的版本会先备份）"),
    "reset_whole": ("{path} restored to the stub; your version is in {backup}",
                    "{path} 已整体恢复为初始代码；你的版本保存在 {backup}"),
    "reset_link": ("{path} is a link: reset writes only a file of the workbook itself (replace the link with a copy of "
                   "your file, then reset)",
                   "{path} 是一个链接：重置只写练习册自己的文件（请先用你的文件副本替换这个链接，再重置）"),
    "reset_encoding": ("{path} is saved in {encoding}, which cannot hold the stub's text: save it as UTF-8 and reset "
                       "again, or add --force to restore the whole file (your version is backed up)",
                       "{path} 以 {encoding} 编码保存，装不下初始代码里的文字：请把它另存为 UTF-8 再重置，"
                       "或加上 --force 恢复整个文件（你的版本会先备份）"),
    "reset_no_backup": ("{path} not reset: your version could not be backed up in .katas/backup ({error}), and "
                        "nothing is changed without a copy",
                        "{path} 没有重置：无法把你的版本备份到 .katas/backup（{error}），没有备份就不做任何改动"),
    "reset_no_stub": ("cannot find the original stub of {path} (not a git checkout?)",
                      "找不到 {path} 的初始代码（不是 git 仓库？）"),
}


def lang_from_env() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def t(key: str, lang: str, **kw) -> str:
    """A message in lang, its values cleaned of escape sequences and control characters: a value may be a name the
    learner chose (a folder's, a link's: red team 39 printed a fake score through a folder named with escapes)."""
    en, zh = TEXT[key]
    values = {k: clean(v, None) if isinstance(v, str) else v for k, v in kw.items()}
    return (zh if lang == "zh" else en).format(**values)
