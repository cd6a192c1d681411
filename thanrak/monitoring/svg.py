"""Charts drawn on the server as SVG, for the PDF report (vega-lite needs a browser; this does not).

Text is left to the renderer (WeasyPrint lays Thai out with Pango and HarfBuzz), so labels are
shaped and broken correctly; numbers arrive already formatted (Thai digits, ร้อยละ …).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

FONT = "Sarabun, sans-serif"
GOOD, WARN, BAD, GREY, INK = "#2e7d32", "#f9a825", "#c62828", "#b0bec5", "#263238"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    text: str
    status: str = ""


def _attr(value: object) -> str:
    return escape(str(value), {'"': "&quot;"})


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def percent_bars(
    bars: Sequence[Bar],
    *,
    title: str,
    reference: Decimal = Decimal(100),
    cap: Decimal = Decimal(200),
    width: int = 680,
    label_width: int = 300,
    row: int = 22,
    reference_label: str = "100",
) -> str:
    """Horizontal bars of a percentage each (achieved against target), a line at 100, bars above
    the cap drawn to the cap with their true value printed."""
    if not bars:
        return ""
    top, bottom = 34, 26
    height = top + bottom + row * len(bars)
    plot = width - label_width - 110
    scale_max = max(min(max(b.value for b in bars), cap), reference * Decimal("1.1"))

    def x(v: Decimal) -> float:
        return label_width + float(min(v, cap) / scale_max) * plot

    colour = {"good": GOOD, "warn": WARN, "bad": BAD}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_attr(title)}" font-family="{FONT}" '
        f'font-size="11">',
        f'<text x="0" y="16" font-size="13" font-weight="700" fill="{INK}">{escape(title)}</text>',
    ]
    for i, bar in enumerate(bars):
        y = top + i * row
        parts.append(
            f'<text x="{label_width - 6}" y="{y + row * 0.65:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(_shorten(bar.label, label_width // 7))}</text>"
        )
        w = max(x(bar.value) - label_width, 0.5)
        parts.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" '
            f'fill="{colour.get(bar.status, GREY)}"/>'
        )
        if bar.value > cap:
            parts.append(f'<text x="{x(cap) + 2:.1f}" y="{y + row * 0.65:.1f}" fill="{INK}">»</text>')
        parts.append(
            f'<text x="{x(bar.value) + (14 if bar.value > cap else 4):.1f}" y="{y + row * 0.65:.1f}" '
            f'fill="{INK}">'
            f"{escape(bar.text)}</text>"
        )
    ref = x(reference)
    parts.append(
        f'<line x1="{ref:.1f}" y1="{top - 4}" x2="{ref:.1f}" y2="{height - bottom + 4}" stroke="{INK}" '
        'stroke-dasharray="3 3" stroke-width="1"/>'
    )
    parts.append(
        f'<text x="{ref:.1f}" y="{height - 8}" text-anchor="middle" '
        f'fill="{INK}">{escape(reference_label)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Stack:
    label: str
    parts: tuple[int, ...]


def stacked_bars(
    stacks: Sequence[Stack],
    *,
    title: str,
    legend: Sequence[str],
    colours: Sequence[str] = (GOOD, GREY),
    number: Callable[[int], str] = str,
    width: int = 680,
    label_width: int = 220,
    row: int = 22,
) -> str:
    """Horizontal stacked counts per category (e.g. indicators with and without data per policy item)."""
    if not stacks:
        return ""
    top, bottom = 34, 30
    height = top + bottom + row * len(stacks)
    plot = width - label_width - 60
    total_max = max(sum(s.parts) for s in stacks) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_attr(title)}" font-family="{FONT}" '
        f'font-size="11">',
        f'<text x="0" y="16" font-size="13" font-weight="700" fill="{INK}">{escape(title)}</text>',
    ]
    for i, stack in enumerate(stacks):
        y = top + i * row
        parts.append(
            f'<text x="{label_width - 6}" y="{y + row * 0.65:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(_shorten(stack.label, label_width // 7))}</text>"
        )
        x = float(label_width)
        for j, n in enumerate(stack.parts):
            w = n / total_max * plot
            if n:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" '
                    f'fill="{colours[j % len(colours)]}"/>'
                )
            x += w
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + row * 0.65:.1f}" '
            f'fill="{INK}">{escape(number(sum(stack.parts)))}</text>'
        )
    lx = float(label_width)
    for j, name in enumerate(legend):
        parts.append(
            f'<rect x="{lx:.1f}" y="{height - 18}" width="10" height="10" '
            f'fill="{colours[j % len(colours)]}"/>'
        )
        parts.append(f'<text x="{lx + 14:.1f}" y="{height - 9}" fill="{INK}">{escape(name)}</text>')
        lx += 14 + 7 * len(name) + 20
    parts.append("</svg>")
    return "".join(parts)
