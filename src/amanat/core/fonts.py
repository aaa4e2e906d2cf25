"""The one font of charts and Word documents: DejaVu Sans, which has every letter of Amanat's
languages (Kazakh ә ғ қ ң ө ұ ү һ і, Tajik ӣ ӯ ҳ ҷ, Uzbek Latin ʻ ʼ; ADR 1401).

The font file comes with matplotlib (`mpl-data/fonts/ttf/DejaVuSans.ttf`), so it is installed
with the Python packages and never downloaded at run time; Debian's fonts-dejavu-core is the same
font for the system. Every module that draws a chart calls `use_for_charts()` and saves through
`save_figure()`, which also writes the chart's texts into the PNG's "Description" so a report's
pictures can be checked (and read by a screen reader through the DOCX alt text). Word documents
name the font with `docx_font()` on their styles.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

FAMILY = "DejaVu Sans"
# The letters the languages need beyond Russian's alphabet (issue 14); tests check the font has them.
SPECIAL_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІӣӯҳҷӢӮҲҶʻʼ"


def font_file() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


@lru_cache(maxsize=1)
def _codepoints() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(font_file()), lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_glyphs(text: str) -> list[str]:
    """The characters of `text` (other than white space) the chart font cannot draw."""
    return sorted({c for c in text if not c.isspace() and ord(c) not in _codepoints()})


def use_for_charts() -> None:
    """Make DejaVu Sans matplotlib's font, by name, whatever the machine's configuration says."""
    import matplotlib

    matplotlib.rcParams["font.family"] = "sans-serif"
    sans = [f for f in matplotlib.rcParams["font.sans-serif"] if f != FAMILY]
    matplotlib.rcParams["font.sans-serif"] = [FAMILY, *sans]
    matplotlib.rcParams["svg.fonttype"] = "none"  # SVG keeps real text (searchable, translatable)


def figure_texts(figure) -> list[str]:
    """Every visible text of a figure: titles, axis labels, tick labels, legend, annotations."""
    from matplotlib.text import Text

    seen: list[str] = []
    for artist in figure.findobj(Text):
        text = artist.get_text().strip()
        if text and artist.get_visible() and text not in seen:
            seen.append(text)
    return seen


def save_figure(figure, fmt: str, **options) -> bytes:
    """The figure as bytes; a PNG carries its texts as metadata ("Description")."""
    buffer = io.BytesIO()
    if fmt == "png":
        options["metadata"] = {
            **options.get("metadata", {}),
            "Description": "\n".join(figure_texts(figure)),
        }
    figure.savefig(buffer, format=fmt, **options)
    return buffer.getvalue()


def docx_font(font) -> None:
    """Name DejaVu Sans on a python-docx font (a style's or a run's) for every script range.

    Theme fonts ("minorHAnsi") take precedence over named ones in Word, so they are removed."""
    from docx.oxml.ns import qn

    font.name = FAMILY
    fonts = font.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FAMILY)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attribute), None)


def docx_use_font(document) -> None:
    """DejaVu Sans in every paragraph and character style of a python-docx document."""
    from docx.enum.style import WD_STYLE_TYPE

    for style in document.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            docx_font(style.font)


def docx_picture_texts(document) -> list[str]:
    """The texts each picture's PNG carries ("Description" of `save_figure`), in document order."""
    from PIL import Image

    result = []
    for shape in document.inline_shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        part = document.part.related_parts[blip.embed]
        with Image.open(io.BytesIO(part.blob)) as image:
            result.append(image.text.get("Description", "") if hasattr(image, "text") else "")
    return result
