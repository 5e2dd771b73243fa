"""Personal data redaction: Qt-free, applied once where utterances are made (the engine)."""

from assistant.privacy.categories import (
    CATEGORIES,
    RedactionConfig,
    describe_counts,
    has_tags,
    localise_tags,
    parse_categories,
    tag_counts,
)
from assistant.privacy.redactor import Redacted, Redactor

__all__ = ["CATEGORIES", "Redacted", "RedactionConfig", "Redactor", "describe_counts",
           "has_tags", "localise_tags", "parse_categories", "tag_counts"]
