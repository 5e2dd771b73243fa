"""The call as a timeline, painted with QPainter: two lanes of speech (agent above,
customer below), both speaking at once marked across the lanes, silences shaded,
and the review's events as markers above. Click anywhere to listen from there;
click a marker to listen from its moment.

The wheel zooms around the pointer (Shift+wheel or a horizontal wheel pans),
double-click shows the whole call again, and Left/Right step five seconds.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from assistant.records import Span, Speaker
from assistant.review.summary import (
    CUE_GOOD,
    CUE_POOR,
    CUTOFF,
    ENDED,
    HOLD,
    MONOLOGUE,
    REPEAT,
    SILENCE,
    TALKOVER,
    CallReview,
    Marker,
)
from assistant.review.timing import union
from assistant.timebase import SAMPLE_RATE, clock
from assistant.ui.i18n import speaker_name, translate
from assistant.ui.review.style import colour, palette

LABEL_W = 118  # lane names ("Medarbejder", "Handläggare" are longer than "Agent")
RIGHT = 14
MARK_TOP, MARK_BOTTOM = 6, 30  # the marker row
LANE_H, LANE_GAP = 38, 8
AXIS_H = 24
MIN_VIEW = 4 * SAMPLE_RATE  # the closest zoom: four seconds across
STEP = 5 * SAMPLE_RATE  # Left/Right
_HIT = 8.0  # px around a marker that still counts as on it
_POINT_MARKERS = (TALKOVER, CUTOFF, REPEAT, CUE_POOR, CUE_GOOD, ENDED)


class TimelineWidget(QWidget):
    seek_requested = Signal(int)  # a sample on the call's clock
    marker_activated = Signal(object)  # a Marker

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review: CallReview | None = None
        self.position = 0
        self.highlight: Span | None = None
        self._duration = 1
        self._view = (0, 1)
        self._lanes: list[Speaker] = []
        self._speech: dict[Speaker, list[Span]] = {}
        self._both: list[Span] = []
        self._hits: list[tuple[QRectF, Marker]] = []
        self._follow = True
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(translate("TimelineWidget", "Call timeline"))
        self.setAccessibleDescription(
            "Speech of the agent and the customer over time, with overlaps and events. Click "
            "to listen from a moment; the wheel zooms, Left and Right step five seconds.")
        self.setToolTip("")

    # --- data ---------------------------------------------------------------------------

    def set_review(self, review: CallReview | None) -> None:
        self.review = review
        self.position = 0
        self.highlight = None
        if review is None:
            self._lanes, self._speech, self._both = [], {}, []
            self._duration = 1
        else:
            speech = review.result.speech
            lanes: list[Speaker] = [s for s in (Speaker.AGENT, Speaker.CUSTOMER) if s in speech]
            self._lanes = lanes or list(speech)[:1] or [Speaker.UNKNOWN]
            self._speech = {s: union(speech.get(s, [])) for s in self._lanes}
            self._both = []
            if len(self._lanes) == 2:
                for a in self._speech[Speaker.AGENT]:
                    for c in self._speech[Speaker.CUSTOMER]:
                        both = a & c
                        if both is not None:
                            self._both.append(both)
            ends = [s.end for spans in speech.values() for s in spans]
            self._duration = max(1, review.result.recording.duration, *ends)
        self._view = (0, self._duration)
        self.updateGeometry()
        self.update()

    def set_position(self, position: int) -> None:
        self.position = max(0, position)
        start, end = self._view
        if self._follow and not start <= self.position < end and self.zoomed:
            width = end - start
            self._set_view(self.position - width // 10, width)
        self.update()

    def set_highlight(self, span: Span | None) -> None:
        self.highlight = span
        self.update()

    # --- view ---------------------------------------------------------------------------

    @property
    def zoomed(self) -> bool:
        return self._view != (0, self._duration)

    @property
    def view(self) -> tuple[int, int]:
        return self._view

    def reset_zoom(self) -> None:
        self._view = (0, self._duration)
        self.update()

    def zoom_to(self, span: Span, margin: float = 0.15) -> None:
        width = max(MIN_VIEW, round(span.duration * (1 + 2 * margin)))
        self._set_view(span.start - round(span.duration * margin), width)

    def _set_view(self, start: int, width: int) -> None:
        width = max(min(MIN_VIEW, self._duration), min(width, self._duration))
        start = max(0, min(start, self._duration - width))
        self._view = (start, start + width)
        self.update()

    def _lane_rect(self, index: int) -> QRectF:
        top = MARK_BOTTOM + 8 + index * (LANE_H + LANE_GAP)
        return QRectF(LABEL_W, top, max(1.0, self.width() - LABEL_W - RIGHT), LANE_H)

    def _x(self, position: int) -> float:
        start, end = self._view
        return LABEL_W + (self.width() - LABEL_W - RIGHT) * (position - start) / (end - start)

    def _position_at(self, x: float) -> int:
        start, end = self._view
        fraction = (x - LABEL_W) / max(1.0, self.width() - LABEL_W - RIGHT)
        return max(0, min(self._duration, round(start + fraction * (end - start))))

    def sizeHint(self) -> QSize:
        return QSize(900, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self._height())

    def _height(self) -> int:
        lanes = max(1, len(self._lanes))
        return MARK_BOTTOM + 8 + lanes * LANE_H + (lanes - 1) * LANE_GAP + 8 + AXIS_H

    # --- painting -----------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = palette(self)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), colour(p.surface))
        self._hits = []
        if self.review is None:
            painter.setPen(colour(p.muted))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             translate("TimelineWidget", "No call"))
            return
        lanes = [self._lane_rect(i) for i in range(len(self._lanes))]
        top, bottom = lanes[0].top(), lanes[-1].bottom()
        left, right = LABEL_W, self.width() - RIGHT
        painter.save()
        painter.setClipRect(QRectF(left, 0, right - left, self.height()))
        self._paint_silences(painter, top, bottom)
        for speaker, lane in zip(self._lanes, lanes, strict=True):
            painter.fillRect(lane, colour(p.background))
            painter.setPen(QPen(colour(p.border), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(lane)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour(p.speaker(speaker)))
            for span in self._visible(self._speech.get(speaker, [])):
                x0, x1 = self._x(span.start), self._x(span.end)
                painter.drawRoundedRect(QRectF(x0, lane.top() + 4, max(1.5, x1 - x0),
                                               lane.height() - 8), 2, 2)
        painter.setBrush(colour(p.talkover, 0.30))
        painter.setPen(QPen(colour(p.talkover), 1.2))
        for span in self._visible(self._both):
            x0, x1 = self._x(span.start), self._x(span.end)
            painter.drawRect(QRectF(x0, top, max(2.0, x1 - x0), bottom - top))
        self._paint_monologue(painter)
        if self.highlight is not None:
            x0, x1 = self._x(self.highlight.start), self._x(self.highlight.end)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(colour(p.text, 0.8), 1.5, Qt.PenStyle.DashLine))
            painter.drawRect(QRectF(x0 - 1, top - 3, max(3.0, x1 - x0 + 2), bottom - top + 6))
        self._paint_markers(painter, bottom)
        self._paint_playhead(painter, bottom)
        painter.restore()
        self._paint_labels(painter, lanes)
        self._paint_axis(painter, bottom)

    def _visible(self, spans: list[Span]) -> list[Span]:
        start, end = self._view
        return [s for s in spans if s.end > start and s.start < end]

    def _paint_silences(self, painter: QPainter, top: float, bottom: float) -> None:
        assert self.review is not None
        p = palette(self)
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() - 2))
        painter.setFont(font)
        for m in self.review.markers:
            if m.kind not in (SILENCE, HOLD) or m.span is None:
                continue
            x0, x1 = self._x(m.span.start), self._x(m.span.end)
            if x1 < LABEL_W or x0 > self.width():
                continue
            rect = QRectF(x0, top - 2, x1 - x0, bottom - top + 4)
            painter.fillRect(rect, QBrush(colour(p.silence, 0.35 if m.kind == HOLD else 0.2),
                                          Qt.BrushStyle.SolidPattern))
            painter.fillRect(rect, QBrush(colour(p.silence, 0.35), Qt.BrushStyle.BDiagPattern))
            if rect.width() > 70:
                painter.setPen(colour(p.muted))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, m.label.lower())
            self._hits.append((rect, m))

    def _paint_monologue(self, painter: QPainter) -> None:
        assert self.review is not None
        mono = next((m for m in self.review.markers if m.kind == MONOLOGUE and m.span), None)
        if mono is None or mono.span is None or Speaker.AGENT not in self._lanes:
            return
        lane = self._lane_rect(self._lanes.index(Speaker.AGENT))
        x0, x1 = self._x(mono.span.start), self._x(mono.span.end)
        y = lane.top() - 3
        painter.setPen(QPen(colour(palette(self).agent), 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x0, y), QPointF(x1, y))
        self._hits.append((QRectF(x0, y - 4, x1 - x0, 8), mono))

    def _paint_markers(self, painter: QPainter, bottom: float) -> None:
        assert self.review is not None
        p = palette(self)
        y = (MARK_TOP + MARK_BOTTOM) / 2
        for m in self.review.markers:
            if m.kind not in _POINT_MARKERS:
                continue
            x = self._x(m.at)
            if x < LABEL_W - 1 or x > self.width() - RIGHT + 1:
                continue
            c = colour(p.marker(m.kind))
            painter.setPen(QPen(colour(p.marker(m.kind), 0.55), 1))
            painter.drawLine(QPointF(x, y + 6), QPointF(x, bottom))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(c)
            painter.drawPath(_shape(m.kind, x, y))
            self._hits.append((QRectF(x - _HIT, MARK_TOP - 2, 2 * _HIT,
                                      MARK_BOTTOM - MARK_TOP + 4), m))

    def _paint_playhead(self, painter: QPainter, bottom: float) -> None:
        p = palette(self)
        x = self._x(self.position)
        painter.setPen(QPen(colour(p.text), 2))
        painter.drawLine(QPointF(x, MARK_BOTTOM + 2), QPointF(x, bottom + 4))
        head = QPainterPath()
        head.moveTo(x - 5, MARK_BOTTOM)
        head.lineTo(x + 5, MARK_BOTTOM)
        head.lineTo(x, MARK_BOTTOM + 7)
        head.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour(p.text))
        painter.drawPath(head)

    def _paint_labels(self, painter: QPainter, lanes: list[QRectF]) -> None:
        p = palette(self)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        for speaker, lane in zip(self._lanes, lanes, strict=True):
            painter.setPen(colour(p.speaker(speaker)))
            painter.drawText(QRectF(4, lane.top(), LABEL_W - 12, lane.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             speaker_name(speaker))
        painter.setFont(self.font())
        painter.setPen(colour(p.muted))
        painter.drawText(QRectF(4, MARK_TOP, LABEL_W - 12, MARK_BOTTOM - MARK_TOP),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         translate("TimelineWidget", "zoomed") if self.zoomed
                         else translate("TimelineWidget", "events"))

    def _paint_axis(self, painter: QPainter, bottom: float) -> None:
        p = palette(self)
        start, end = self._view
        span_s = (end - start) / SAMPLE_RATE
        step = next((s for s in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800)
                     if span_s / s <= max(2, (self.width() - LABEL_W) // 90)), 3600)
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() - 1.5))
        painter.setFont(font)
        first = math.ceil(start / SAMPLE_RATE / step) * step
        t = float(first)
        while t * SAMPLE_RATE <= end:
            x = self._x(round(t * SAMPLE_RATE))
            painter.setPen(QPen(colour(p.border), 1))
            painter.drawLine(QPointF(x, bottom + 3), QPointF(x, bottom + 8))
            label = clock(round(t * SAMPLE_RATE)).split(".")[0]
            painter.setPen(colour(p.muted))
            painter.drawText(QRectF(x - 40, bottom + 8, 80, AXIS_H - 6),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label)
            t += step

    # --- input --------------------------------------------------------------------------

    def marker_at(self, point: QPointF) -> Marker | None:
        """The marker under ``point``: events before spans (they are drawn on top)."""
        found = [m for rect, m in self._hits if rect.adjusted(-2, -2, 2, 2).contains(point)]
        points = [m for m in found if m.kind in _POINT_MARKERS]
        if points:
            return min(points, key=lambda m: abs(self._x(m.at) - point.x()))
        return found[0] if found else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.review is None:
            super().mousePressEvent(event)
            return
        point = event.position()
        marker = self.marker_at(point)
        if marker is not None and (marker.kind in _POINT_MARKERS or point.y() < MARK_BOTTOM):
            self.marker_activated.emit(marker)
            self.seek_requested.emit(marker.at)
        elif point.x() >= LABEL_W:
            self.seek_requested.emit(self._position_at(point.x()))
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.reset_zoom()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        marker = self.marker_at(event.position())
        if marker is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            QToolTip.showText(event.globalPosition().toPoint(),
                              f"<b>{marker.label}</b><br>{marker.detail}", self)
        else:
            self.setCursor(Qt.CursorShape.ArrowCursor if event.position().x() < LABEL_W
                           else Qt.CursorShape.IBeamCursor)
            if event.position().x() >= LABEL_W and self.review is not None:
                at = self._position_at(event.position().x())
                QToolTip.showText(event.globalPosition().toPoint(),
                                  translate("TimelineWidget", "Listen from %1").replace(
                                      "%1", clock(at)), self)
        super().mouseMoveEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.review is None:
            return
        delta = event.angleDelta()
        start, end = self._view
        width = end - start
        if delta.x() or event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            steps = (delta.x() or delta.y()) / 120
            self._set_view(start - round(steps * width / 8), width)
        elif delta.y():
            anchor = self._position_at(event.position().x())
            factor = 0.8 ** (delta.y() / 120)
            new_width = round(width * factor)
            fraction = (anchor - start) / width
            self._set_view(round(anchor - fraction * new_width), new_width)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = STEP if key == Qt.Key.Key_Right else -STEP
            self.seek_requested.emit(max(0, min(self._duration, self.position + step)))
        elif key == Qt.Key.Key_Home:
            self.seek_requested.emit(0)
        elif key == Qt.Key.Key_0:
            self.reset_zoom()
        else:
            super().keyPressEvent(event)


def _shape(kind: str, x: float, y: float) -> QPainterPath:
    path = QPainterPath()
    if kind in (TALKOVER, CUTOFF, ENDED):  # a downward triangle: someone came in
        path.moveTo(x - 7, y - 6)
        path.lineTo(x + 7, y - 6)
        path.lineTo(x, y + 7)
        path.closeSubpath()
    elif kind == REPEAT:  # a diamond
        path.moveTo(x, y - 8)
        path.lineTo(x + 7, y)
        path.lineTo(x, y + 8)
        path.lineTo(x - 7, y)
        path.closeSubpath()
    elif kind == CUE_POOR:  # a square
        path.addRect(QRectF(x - 5.5, y - 5.5, 11, 11))
    else:  # a circle: good listening
        path.addEllipse(QPointF(x, y), 5.5, 5.5)
    return path
