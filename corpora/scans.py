"""Scanned reports for the OCR tests and benchmarks: text drawn on images, in a PDF without a text layer.

``scanned_pdf(path, pages)`` draws each page's lines with Pillow in DejaVu Sans (Debian's
``fonts-dejavu-core``; Pillow's built-in font has no å/ä/ö) on a white A4 image at 200 dpi,
as a scanner would give it, and puts the images in a PDF with fpdf2. The PDF holds no text
at all: only OCR can read it.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

#: The scan's resolution: A4 at 200 dpi.
DPI = 200
A4_PIXELS = (round(210 / 25.4 * DPI), round(297 / 25.4 * DPI))


def page_image(lines: list[str], size: int = 34, skew: float = 0.0) -> Image.Image:
    """Draw lines of text (``size`` pixels high, about 12 pt at 200 dpi) on a white A4 page."""
    image = Image.new("L", A4_PIXELS, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(font_file(), size=size)
    y = 200
    for line in lines:
        draw.text((170, y), line, fill=0, font=font)
        y += int(size * 1.6)
    if skew:
        image = image.rotate(skew, fillcolor=255, resample=Image.BICUBIC)
    return image


def scanned_pdf(
    path: Path, pages: list[list[str]], *, text_pages: dict[int, list[str]] | None = None
) -> Path:
    """Write a PDF whose pages are images of ``pages``' lines; ``text_pages`` (index -> lines)
    are written as real text instead (a mixed PDF: a typed report with a scanned appendix)."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    for index, lines in enumerate(pages):
        pdf.add_page()
        if text_pages and index in text_pages:
            pdf.add_font("dejavu", fname=font_file())
            pdf.set_font("dejavu", size=12)
            pdf.set_xy(20, 25)
            for line in text_pages[index]:
                pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.image(page_image(lines), x=0, y=0, w=210, h=297)
    pdf.output(str(path))
    return path


FONT_FILES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf")


def font_file() -> str | None:
    """DejaVu Sans, or None when the fonts-dejavu-core package is missing."""
    return next((f for f in FONT_FILES if Path(f).is_file()), None)
