"""PySide6 6.12.0 on CPython 3.11 over-releases None on Qt calls returning nothing, and the
interpreter dies after a few thousand of them. Guard against that build coming back.

The calls run in a child process so that a crash fails this test instead of killing pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

CALLS = 200_000
MARGIN = 100

SCRIPT = textwrap.dedent(f"""
    import os, sys
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication, QLineEdit
    app = QApplication([])
    edit = QLineEdit()
    obj = QObject()
    before = sys.getrefcount(None)
    for i in range({CALLS} // 2):
        edit.setText("x")          # returns None
        obj.setObjectName("name")  # returns None
    after = sys.getrefcount(None)
    print(before - after)
""")


def test_qt_calls_returning_none_do_not_leak_references_to_none() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, f"the interpreter died (exit {done.returncode}): {done.stderr[-2000:]}"
    dropped = int(done.stdout.strip().splitlines()[-1])
    assert dropped <= MARGIN, f"None lost {dropped} references over {CALLS} Qt calls"


def test_in_process_calls_keep_none_alive(qapp: object) -> None:
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QLineEdit

    edit, obj = QLineEdit(), QObject()
    before = sys.getrefcount(None)
    for _ in range(20_000):
        edit.setText("y")
        obj.setObjectName("n")
    assert before - sys.getrefcount(None) <= MARGIN
