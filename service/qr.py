"""QR codes drawn as inline SVG, so a page with one needs no image file and no script."""

import segno
from markupsafe import Markup


def qr_svg(data: str, title: str) -> Markup:
    """An inline <svg> QR code for `data`, scaling to its box (viewBox, no fixed size), dark
    on white with the standard 4-module quiet zone, so a camera finds it on any background.

    segno draws with attributes (fill, stroke), not style attributes, so the page's
    Content-Security-Policy lets it through.
    """
    code = segno.make(data, error="m")  # 15% may be smudged or glared and still scan
    svg = code.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff", title=title)
    return Markup(svg)  # segno escapes the title; the rest is its own drawing
