"""The post-call review in the desktop app: summary, timeline, transcript editor and
playback (``ReviewWidget``, ``open_review``), and the library's search and filter bar
(``LibraryFilterBar``). What they show is computed by ``assistant.review`` (Qt-free).
"""

from assistant.ui.review.filter_bar import SORT_FOR_COLUMN, LibraryFilterBar
from assistant.ui.review.timeline import TimelineWidget
from assistant.ui.review.window import ReviewWidget, ReviewWindow, open_review

__all__ = ["SORT_FOR_COLUMN", "LibraryFilterBar", "ReviewWidget", "ReviewWindow",
           "TimelineWidget", "open_review"]
