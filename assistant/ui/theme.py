"""Colours, type sizes and the style sheet, for a dark and a light theme.

The colours are ``assistant.report.palette``'s (the exported reviews use the
same). Every lane is labelled in words as well; prompts use a third hue plus
a heading, never colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from assistant.records import Speaker
from assistant.report import palette
from assistant.report.palette import Palette


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    surface: str  # cards, panels
    surface_alt: str  # inputs, table stripes
    border: str
    text: str
    text_muted: str  # secondary lines; still ≥ 4.5:1 on ``window``
    agent: str
    customer: str
    agent_bubble: str
    customer_bubble: str
    talkover: str  # prompt accent: talk-over
    repeat: str  # prompt accent: repeated request
    ok: str
    warn: str
    accent: str  # buttons, selection

    def speaker_colour(self, speaker: Speaker) -> str:
        return self.customer if speaker is Speaker.CUSTOMER else self.agent

    def bubble_colour(self, speaker: Speaker) -> str:
        return self.customer_bubble if speaker is Speaker.CUSTOMER else self.agent_bubble


def _theme(name: str, p: Palette) -> Theme:
    return Theme(name=name, window=p.background, surface=p.surface, surface_alt=p.surface_alt,
                 border=p.border, text=p.text, text_muted=p.muted, agent=p.agent,
                 customer=p.customer, agent_bubble=p.agent_bubble,
                 customer_bubble=p.customer_bubble, talkover=p.talkover, repeat=p.repeat,
                 ok=p.good, warn=p.warn, accent=p.accent)


DARK = _theme("dark", palette.DARK)
LIGHT = _theme("light", palette.LIGHT)
THEMES = {"dark": DARK, "light": LIGHT}

BASE_PT = 11  # body text
TRANSCRIPT_PT = 13
PROMPT_TITLE_PT = 19


def resolve(name: str) -> Theme:
    """``system`` follows the desktop's colour scheme (Qt 6.5+), dark when unknown."""
    if name in THEMES:
        return THEMES[name]
    try:
        from PySide6.QtCore import Qt

        scheme = QGuiApplication.styleHints().colorScheme()
        return LIGHT if scheme == Qt.ColorScheme.Light else DARK
    except AttributeError:
        return DARK


def apply(app: QApplication, theme: Theme) -> None:
    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setPointSize(BASE_PT)
    app.setFont(font)
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window, QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.surface, QPalette.ColorRole.AlternateBase: theme.surface_alt,
        QPalette.ColorRole.Text: theme.text, QPalette.ColorRole.Button: theme.surface_alt,
        QPalette.ColorRole.ButtonText: theme.text, QPalette.ColorRole.Highlight: theme.accent,
        QPalette.ColorRole.HighlightedText: theme.window,
        QPalette.ColorRole.ToolTipBase: theme.surface, QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.text_muted,
        QPalette.ColorRole.Link: theme.accent,
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(theme.text_muted))
    app.setPalette(pal)
    app.setStyleSheet(style_sheet(theme))
    app.setProperty("assistant_theme", theme.name)


def current(app: QApplication | None = None) -> Theme:
    app = app or QApplication.instance()  # type: ignore[assignment]
    name = app.property("assistant_theme") if app is not None else None
    return THEMES.get(str(name), DARK)


def style_sheet(t: Theme) -> str:
    return f"""
    QWidget {{ color: {t.text}; }}
    QMainWindow, QDialog {{ background: {t.window}; }}
    QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border};
               padding: 6px; }}
    QPushButton {{ background: {t.surface_alt}; border: 1px solid {t.border}; border-radius: 6px;
                  padding: 7px 14px; }}
    QPushButton:hover {{ border-color: {t.accent}; }}
    QPushButton:disabled {{ color: {t.text_muted}; }}
    QPushButton#primary {{ background: {t.accent}; color: {t.window}; border: none;
                          font-weight: 600; font-size: 13pt; padding: 9px 22px; }}
    QPushButton#primary[running="true"] {{ background: {t.talkover}; }}
    QPushButton#flat {{ background: transparent; border: none; color: {t.text_muted};
                       padding: 4px 8px; }}
    QPushButton#flat:hover {{ color: {t.text}; text-decoration: underline; }}
    QLineEdit {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 5px;
                padding: 5px 8px; }}
    QComboBox, QAbstractSpinBox {{ min-height: 26px; }}
    QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
    QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 2px; }}
    QScrollBar::handle {{ background: {t.border}; border-radius: 3px; min-height: 32px;
                         min-width: 32px; }}
    QScrollBar::handle:hover {{ background: {t.text_muted}; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
    QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
    QTabWidget::pane {{ border: none; }}
    QTabBar::tab {{ background: transparent; padding: 8px 18px; color: {t.text_muted};
                   border-bottom: 2px solid transparent; font-size: 12pt; }}
    QTabBar::tab:selected {{ color: {t.text}; border-bottom: 2px solid {t.accent}; }}
    QFrame#panel {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 10px; }}
    QLabel#muted {{ color: {t.text_muted}; }}
    QLabel#heading {{ font-size: 13pt; font-weight: 600; }}
    QLabel#lag {{ color: {t.warn}; font-weight: 600; }}
    QLabel#banner {{ background: {t.surface_alt}; border: 1px solid {t.warn}; border-radius: 8px;
                    padding: 10px 14px; }}
    QLabel#statValue {{ font-size: 17pt; font-weight: 600; }}
    QLabel#statLabel {{ color: {t.text_muted}; font-size: 9pt; }}
    QTableView {{ background: {t.surface}; alternate-background-color: {t.surface_alt};
                 gridline-color: {t.border}; border: 1px solid {t.border}; border-radius: 8px;
                 selection-background-color: {t.accent}; selection-color: {t.window}; }}
    QHeaderView::section {{ background: {t.surface_alt}; color: {t.text_muted}; border: none;
                           padding: 6px 8px; font-weight: 600; }}
    QProgressBar {{ background: {t.surface_alt}; border: 1px solid {t.border}; border-radius: 5px;
                   text-align: center; color: {t.text}; min-height: 18px; }}
    QProgressBar::chunk {{ background: {t.accent}; border-radius: 4px; }}
    QScrollArea {{ border: none; background: transparent; }}
    QScrollArea > QWidget > QWidget {{ background: transparent; }}
    QGroupBox {{ border: 1px solid {t.border}; border-radius: 8px; margin-top: 14px;
                padding: 12px 10px 8px 10px; font-weight: 600; }}
    QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; }}
    QCheckBox, QRadioButton {{ spacing: 8px; }}
    QCheckBox::indicator, QRadioButton::indicator {{ width: 16px; height: 16px; }}
    """
