"""No user-visible text in assistant/ui/ escapes translation (AST scan, no Qt needed).

A string literal (or f-string) with letters in it, passed straight to a Qt
call that shows text (a label, a button, a tooltip, a window title, a menu,
a combo box item, a form row, a banner), is English whatever the language:
it must go through ``translate("Context", ...)``. Literals without letters
("0:00", "–") and keyboard shortcuts are not words and are allowed.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import REPO

UI = REPO / "assistant" / "ui"
# Calls whose string arguments a person reads.
SINKS = {
    "setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setStatusTip",
    "setTitle", "setTabText", "setTabToolTip", "addTab", "addItem", "addItems", "addMenu",
    "addRow", "insertItem", "setWhatsThis", "say", "showMessage", "setSuffix", "setPrefix",
    "setHtml", "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction",
    "QToolButton", "QMenu", "critical", "warning", "information", "question",
    "getExistingDirectory", "getOpenFileNames", "getSaveFileName", "addAction", "drawText",
    "setAccessibleName", "LevelBar", "set_label",
}
# Where a call takes its shown text and data side by side, only the text is shown.
_SHOWN_ARG = {"addItem": 0, "insertItem": 1}
_WORD = re.compile(r"[A-Za-z]{2,}")
_SHORTCUT = re.compile(r"^(Ctrl|Shift|Alt|Meta)(\+\w+)+$")


def _words(node: ast.AST) -> str | None:
    """The English a literal shows, if the node is a literal with words."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values
                       if isinstance(v, ast.Constant) and isinstance(v.value, str))
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _words(node.left) or _words(node.right)
    elif isinstance(node, ast.IfExp):
        return _words(node.body) or _words(node.orelse)
    else:
        return None
    text = text.strip()
    if _SHORTCUT.match(text) or not _WORD.search(text):
        return None
    return text


def _name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def untranslated(path: Path, root: Path = REPO) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node) in SINKS:
            args = [*node.args, *(k.value for k in node.keywords)]
            shown = _SHOWN_ARG.get(_name(node))
            if shown is not None:
                args = node.args[shown:shown + 1]
            for arg in args:
                text = _words(arg)
                if text is not None:
                    found.append(f"{path.relative_to(root)}:{node.lineno}: "
                                 f"{_name(node)}({text!r})")
    return found


def test_every_shown_string_in_the_ui_is_translated() -> None:
    found = [line for path in sorted(UI.rglob("*.py")) for line in untranslated(path)]
    assert not found, "shown without translate():\n" + "\n".join(found)


def test_the_scan_finds_an_untranslated_label(tmp_path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('label = QLabel("Ready")\nbutton.setToolTip(f"{n} calls")\n'
                      'ok = QLabel(translate("X", "Ready"))\nclock = QLabel("0:00")\n'
                      'action.setShortcut("Ctrl+Shift+M")\n')
    assert untranslated(sample, tmp_path) == ["sample.py:1: QLabel('Ready')",
                                              "sample.py:2: setToolTip('calls')"]


# Capitalised words the window never shows as they are: keys, protocol values, names.
NOT_SHOWN = {
    "Listening assistant",  # the application name Qt reports to the desktop
    "Title", "Date", "Length", "Lang", "Talk-overs", "Repeats", "Duration", "Language",
    "Status", "Source", "Model",  # the library's sort keys (the shown titles are translated)
    "Today", "Last 7 days", "Last 30 days", "This year",  # date-filter keys, compared
    "Listening",  # the call worker's status, compared (shown through status_text())
    "LibraryFilterBar", "ReviewWidget", "ReviewWindow", "TimelineWidget",  # __all__
    "Fusion", "yyyy-MM-dd", "PySide6",
}
_WRAPS = {"translate", "QT_TRANSLATE_NOOP", "gettext", "pgettext", "ngettext", "tr", "words"}
_NOT_TEXT = {"setObjectName", "setProperty", "setStyleSheet", "property", "startswith",
             "endswith", "split", "replace", "join", "get"}
_PHRASE = re.compile(r"[A-Za-z]{3,}")


def capitalised_literals(path: Path) -> list[str]:
    """Literals with a capital letter that no translate() or catalogue call takes in."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)):
            skip.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Call) and _name(node) in _WRAPS | _NOT_TEXT:
            skip.update(id(n) for n in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in skip and _PHRASE.search(node.value)
                and re.search(r"[A-Z]", node.value) and node.value not in NOT_SHOWN
                and not re.search(r"[{};#]|^Ctrl\+|^[A-Z_]+$", node.value)):
            found.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.value!r}")
    return found


def test_no_capitalised_text_is_left_outside_translation() -> None:
    """A second net for texts that reach the window through a table or a helper."""
    # The terminal's own words (the CLI speaks English) and the X display's errors, logged.
    cli_only = {"launch.py", "hotkey.py"}
    found = [line for path in sorted(UI.rglob("*.py")) if path.name not in cli_only
             for line in capitalised_literals(path)]
    assert not found, "capitalised text outside translate():\n" + "\n".join(found)
