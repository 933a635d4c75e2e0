"""Plain data returned by the extractors."""

from __future__ import annotations

from dataclasses import dataclass, field


class Reason:
    """Stable reason codes of the CLI contract for files that cannot be read."""

    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    EMPTY = "empty"
    NEEDS_OCR = "needs_ocr"
    UNSUPPORTED = "unsupported"
    TOO_LARGE = "too_large"
    TIMEOUT = "timeout"
    MEMORY = "memory"


class ExtractionError(Exception):
    """A file cannot be read; ``reason`` is a contract code, the message Swedish."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message
        #: a verdict no other reader would change (OCR ran and failed): no fallback reader is tried
        self.final = False


@dataclass
class Extracted:
    """The text and embedded facts of one file."""

    pages: list[str]
    #: True when ``pages`` are real pages (PDF); False for formats without pages (DOCX).
    paged: bool
    #: Document properties as found (title, author, subject, keywords, created, modified).
    properties: dict[str, str] = field(default_factory=dict)
    #: Title candidates from the layout (largest font on the cover, Title/Heading styles).
    headings: list[str] = field(default_factory=list)
    #: Pages (1-based) without a text layer: an image and hardly a letter on them (PDF).
    scanned_pages: list[int] = field(default_factory=list)
    #: The scanned pages whose text came from OCR.
    ocr_pages: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages)
