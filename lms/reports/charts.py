"""Charts for donor reports: small SVG pictures drawn on the server, each with a text alternative.

Pure functions over plain values (no database): the caller passes labels, values and the figure as it is printed
(``shown``, e.g. ``'87 %'`` or ``'<5'``) and gets SVG markup rendered from ``templates/reports/charts/``. A value of
``None`` is a suppressed small cell: it is printed as its ``shown`` text (``'<5'``) and never drawn as a bar or a
shade. Every chart has ``role="img"`` with a ``<title>`` and ``<desc>`` (the text alternative) and a viewBox 420 units
wide with text of at least 15 units, so it scales to its container and its text stays at least 12px on a 360px phone
(and is still 11px+ inside a padded 320px column). Numbers go into attributes as plain strings made here, never
through the template's localisation (Ukrainian would print ``12,5``, which is no SVG length).

Colours. Text and axes use ``currentColor``, so they follow the Wagtail admin's theme. The few fixed colours come
from the site palette (``static/css/site.css``) and are fixed because SVG presentation attributes cannot read CSS
variables reliably:

- ``#005bbb`` (--brand, 6.5:1 on white): bars and the "after" dot;
- ``#6b7480`` (--line, 4.7:1): the line between a course's dots, tile outlines, the hatching of suppressed tiles;
- the map's five steps, light to dark: ``#e8f1fb`` (--brand-soft), ``#b9d3f1``, ``#7fade3`` (ink text on them,
  ≥ 7:1), ``#1f6cc4``, ``#00458f`` (--brand-dark) (white text on them, ≥ 5.2:1).

Every bar and tile also carries its figure as text, so nothing depends on colour and a black-and-white print on A4
keeps its meaning.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import pgettext_lazy

from content.choices import Oblast

WIDTH = 420
FONT = 16
SMALL = 15
LABEL_WIDTH = 160  # labels end here (right-aligned), bars start here
BAR_SPACE = 180  # the longest bar; the rest (80 units) holds the printed figure
LABEL_CHARS = 15  # about what fits in LABEL_WIDTH at FONT in Cyrillic; longer labels wrap, up to three lines
GAIN_SPACE = 150  # the gain chart's 0–100 % scale, leaving 100 units for "45 → 78 %"
LINE = 19
BAR_HEIGHT = 18

MAP_STEPS = (
    ("#e8f1fb", "#1b1f24"),
    ("#b9d3f1", "#1b1f24"),
    ("#7fade3", "#1b1f24"),
    ("#1f6cc4", "#ffffff"),
    ("#00458f", "#ffffff"),
)
CELL = 52
TILE = 48

# (column, row) of each tile: west to east, north to south, about where each oblast lies. Kyiv city sits below its
# oblast, Sevastopol west of Crimea; "outside Ukraine" stands apart in the bottom right corner. The empty bottom left
# (where Moldova and the sea would be) holds the legend.
GRID: dict[str, tuple[int, int]] = {
    Oblast.VOLYN: (1, 0),
    Oblast.RIVNE: (2, 0),
    Oblast.ZHYTOMYR: (3, 0),
    Oblast.KYIV_OBLAST: (4, 0),
    Oblast.CHERNIHIV: (5, 0),
    Oblast.SUMY: (6, 0),
    Oblast.LVIV: (1, 1),
    Oblast.TERNOPIL: (2, 1),
    Oblast.KHMELNYTSKYI: (3, 1),
    Oblast.KYIV_CITY: (4, 1),
    Oblast.POLTAVA: (5, 1),
    Oblast.KHARKIV: (6, 1),
    Oblast.LUHANSK: (7, 1),
    Oblast.ZAKARPATTIA: (0, 2),
    Oblast.IVANO_FRANKIVSK: (1, 2),
    Oblast.CHERNIVTSI: (2, 2),
    Oblast.VINNYTSIA: (3, 2),
    Oblast.CHERKASY: (4, 2),
    Oblast.DNIPROPETROVSK: (5, 2),
    Oblast.DONETSK: (6, 2),
    Oblast.ODESA: (3, 3),
    Oblast.KIROVOHRAD: (4, 3),
    Oblast.ZAPORIZHZHIA: (5, 3),
    Oblast.MYKOLAIV: (4, 4),
    Oblast.KHERSON: (5, 4),
    Oblast.SEVASTOPOL: (4, 5),
    Oblast.CRIMEA: (5, 5),
    Oblast.ABROAD: (7, 6),
}
MAP_COLUMNS = 8
MAP_ROWS = 7

ABBREVIATIONS = {
    Oblast.VINNYTSIA: pgettext_lazy("oblast abbreviation", "Vin"),
    Oblast.VOLYN: pgettext_lazy("oblast abbreviation", "Vol"),
    Oblast.DNIPROPETROVSK: pgettext_lazy("oblast abbreviation", "Dni"),
    Oblast.DONETSK: pgettext_lazy("oblast abbreviation", "Don"),
    Oblast.ZHYTOMYR: pgettext_lazy("oblast abbreviation", "Zht"),
    Oblast.ZAKARPATTIA: pgettext_lazy("oblast abbreviation", "Zak"),
    Oblast.ZAPORIZHZHIA: pgettext_lazy("oblast abbreviation", "Zap"),
    Oblast.IVANO_FRANKIVSK: pgettext_lazy("oblast abbreviation", "IF"),
    Oblast.KYIV_OBLAST: pgettext_lazy("oblast abbreviation", "KyO"),
    Oblast.KIROVOHRAD: pgettext_lazy("oblast abbreviation", "Kir"),
    Oblast.LUHANSK: pgettext_lazy("oblast abbreviation", "Luh"),
    Oblast.LVIV: pgettext_lazy("oblast abbreviation", "Lviv"),
    Oblast.MYKOLAIV: pgettext_lazy("oblast abbreviation", "Myk"),
    Oblast.ODESA: pgettext_lazy("oblast abbreviation", "Ode"),
    Oblast.POLTAVA: pgettext_lazy("oblast abbreviation", "Pol"),
    Oblast.RIVNE: pgettext_lazy("oblast abbreviation", "Riv"),
    Oblast.SUMY: pgettext_lazy("oblast abbreviation", "Sum"),
    Oblast.TERNOPIL: pgettext_lazy("oblast abbreviation", "Ter"),
    Oblast.KHARKIV: pgettext_lazy("oblast abbreviation", "Kha"),
    Oblast.KHERSON: pgettext_lazy("oblast abbreviation", "Khe"),
    Oblast.KHMELNYTSKYI: pgettext_lazy("oblast abbreviation", "Khm"),
    Oblast.CHERKASY: pgettext_lazy("oblast abbreviation", "Chk"),
    Oblast.CHERNIVTSI: pgettext_lazy("oblast abbreviation", "Chv"),
    Oblast.CHERNIHIV: pgettext_lazy("oblast abbreviation", "Chn"),
    Oblast.KYIV_CITY: pgettext_lazy("oblast abbreviation", "Kyiv"),
    Oblast.CRIMEA: pgettext_lazy("oblast abbreviation", "ARC"),
    Oblast.SEVASTOPOL: pgettext_lazy("oblast abbreviation", "Sev"),
    Oblast.ABROAD: pgettext_lazy("oblast abbreviation", "Out"),
}

_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    """One bar: a label, its value (None when suppressed) and the figure as printed."""

    label: str
    value: float | None
    shown: str


@dataclass(frozen=True)
class Gain:
    """One course's scores before and after, as shares 0..1 (None when suppressed)."""

    label: str
    pre: float | None
    post: float | None
    shown: str


@dataclass(frozen=True)
class Progress:
    """One indicator: what was reached against its target."""

    label: str
    actual: float | None
    target: float
    shown: str


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str,
    max_value: float | None = None,
    id_prefix: str | None = None,
) -> SafeString:
    """Horizontal bars, labels left and figures right; bar lengths are value / max_value (default: the largest)."""
    top = max_value if max_value is not None else max((b.value for b in bars if b.value is not None), default=0)
    rows, y = [], 0.0
    for bar in bars:
        lines = _wrap(bar.label)
        height = _row_height(lines)
        width = _length(bar.value, top)
        rows.append({
            "label": _label(lines, y),
            "bar": None if not width else {"y": _n(y + (height - BAR_HEIGHT) / 2), "width": _n(width)},
            "shown": bar.shown,
            "shown_x": _n(LABEL_WIDTH + width + 6),
            "shown_y": _n(y + height / 2),
        })
        y += height
    return _render("bar", title, description, id_prefix, height=y + 4, rows=rows)


def gain_chart(
    rows: Sequence[Gain], *, title: str, description: str, id_prefix: str | None = None
) -> SafeString:
    """A dumbbell per course on a 0–100 % scale: a hollow dot before, a filled dot after, a line between."""
    top = 2 * LINE  # the scale's labels and the legend
    drawn, y = [], float(top)
    for row in rows:
        lines = _wrap(row.label)
        height = _row_height(lines)
        middle = y + height / 2
        pre = None if row.pre is None else LABEL_WIDTH + _length(row.pre, 1.0, GAIN_SPACE)
        post = None if row.post is None else LABEL_WIDTH + _length(row.post, 1.0, GAIN_SPACE)
        drawn.append({
            "label": _label(lines, y),
            "y": _n(middle),
            "pre": None if pre is None else _n(pre),
            "post": None if post is None else _n(post),
            "line": pre is not None and post is not None,
            "shown": row.shown,
            "shown_y": _n(middle),
        })
        y += height
    ticks = [
        {"x": _n(LABEL_WIDTH + GAIN_SPACE * share), "text": f"{round(share * 100)}\u00a0%"} for share in (0, 0.5, 1)
    ]
    return _render(
        "gain", title, description, id_prefix,
        height=y + 4, rows=drawn, ticks=ticks, axis_top=_n(top - 4), axis_bottom=_n(y),
        shown_x=_n(LABEL_WIDTH + GAIN_SPACE + 14), legend_y=_n(LINE * 0.75), scale_y=_n(LINE * 1.75),
        before=pgettext_lazy("test score", "before"), after=pgettext_lazy("test score", "after"),
    )


def progress_chart(
    rows: Sequence[Progress], *, title: str, description: str, id_prefix: str | None = None
) -> SafeString:
    """A bar per indicator against its own target, its figure printed under it (it may be long: "340 of 400 (85 %)").

    All targets share one mark, so bars read as % of target; the scale reaches past the mark when a row overshoots,
    up to double its target.
    """
    shares = [_share(row) for row in rows]
    scale = min(max([1.0, *(s for s in shares if s is not None)]), 2.0)
    target_x = LABEL_WIDTH + BAR_SPACE / scale
    top = LINE
    drawn, y = [], float(top)
    for row, share in zip(rows, shares, strict=True):
        lines = _wrap(row.label)
        height = max(_row_height(lines), 10 + BAR_HEIGHT + LINE + 4)
        bar_y = y + (height - BAR_HEIGHT - LINE - 4) / 2
        width = _length(share, scale)
        drawn.append({
            "label": _label(lines, y, height),
            "bar_y": _n(bar_y),
            "mark_top": _n(bar_y - 3),
            "mark_bottom": _n(bar_y + BAR_HEIGHT + 3),
            "width": _n(width) if width else None,
            "shown": row.shown,
            "shown_y": _n(bar_y + BAR_HEIGHT + 4 + LINE / 2),
        })
        y += height
    return _render(
        "progress", title, description, id_prefix,
        height=y + 4, rows=drawn, target_x=_n(target_x), track_width=_n(BAR_SPACE / scale),
        legend_y=_n(LINE * 0.5), axis_top=_n(top - 4), axis_bottom=_n(y), target=pgettext_lazy("report", "target"),
    )


def oblast_map(
    values: Mapping[str, float | None],
    shown: Mapping[str, str],
    *,
    title: str,
    description: str,
    id_prefix: str | None = None,
) -> SafeString:
    """A tile per oblast (content.choices.Oblast), shaded in five steps up to the largest value.

    A code absent from ``values`` is an empty tile ("no data"); a None value is a hatched tile printed as its
    ``shown`` text ("<5"). Unknown codes are a mistake of the caller and raise ValueError.
    """
    unknown = set(values) - set(GRID)
    if unknown:
        raise ValueError(f"not oblast codes: {sorted(unknown)}")
    top = max((v for v in values.values() if v is not None), default=0)
    tiles, in_step = [], {}
    for code, (column, row) in GRID.items():
        value = values.get(code)
        printed = shown.get(code) or ("<5" if value is None else _n(value))
        x, y = 2 + column * CELL, 2 + row * CELL
        step = None if value is None else _step(value, top)
        if code in values and step is not None:
            in_step.setdefault(step, []).append((value, printed))
        fill, ink = MAP_STEPS[step] if step is not None else ("none", "currentColor")
        tiles.append({
            "code": code,
            "name": Oblast(code).label,
            "abbreviation": ABBREVIATIONS[code],
            "x": _n(x),
            "y": _n(y),
            "middle": _n(x + TILE / 2),
            "abbreviation_y": _n(y + TILE / 2 - 4),
            "shown_y": _n(y + TILE / 2 + 15),
            "fill": fill,
            "ink": ink,
            "kind": "suppressed" if code in values and value is None else ("empty" if code not in values else "shaded"),
            "shown": printed if code in values else "–",
            "outside": code == Oblast.ABROAD,
        })
    return _render(
        "map", title, description, id_prefix,
        height=2 + MAP_ROWS * CELL, tiles=tiles, tile_size=TILE, legend=_legend(in_step, values),
    )


def _legend(in_step: dict[int, list[tuple[float, str]]], values: Mapping[str, float | None]) -> list[dict]:
    """The steps in use with the figures they span, then the hatched and the empty tile if any is on the map."""
    entries = []
    for step in sorted(in_step):
        figures = sorted(in_step[step])
        low, high = figures[0][1], figures[-1][1]
        text = low if low == high else f"{low} – {high}"
        entries.append({"fill": MAP_STEPS[step][0], "kind": "shaded", "text": text})
    if any(v is None for v in values.values()):
        entries.append({"kind": "suppressed", "text": pgettext_lazy("report", "fewer than 5")})
    if set(GRID) - set(values):
        entries.append({"kind": "empty", "text": pgettext_lazy("report", "no data")})
    x, y = 2, 2 + 3 * CELL + 8  # below Zakarpattia, west of Odesa
    for number, entry in enumerate(entries):
        entry.update(x=_n(x), y=_n(y + number * 26), text_x=_n(x + 28), text_y=_n(y + number * 26 + 10))
    return entries


def _render(kind: str, title: str, description: str, id_prefix: str | None, *, height: float, **context) -> SafeString:
    chart_id = id_prefix or f"chart-{slugify(title)[:40] or kind}-{next(_ids)}"
    context |= {"id": chart_id, "title": title, "description": description, "width": WIDTH, "height": _n(height),
                "font": FONT, "small": SMALL, "label_x": LABEL_WIDTH - 8, "bar_x": LABEL_WIDTH,
                "bar_height": BAR_HEIGHT}
    return SafeString(render_to_string(f"reports/charts/{kind}.svg", context).strip())


def _wrap(label: str) -> list[str]:
    """At most three lines; a label longer than that ends in an ellipsis (the table beside the chart has it whole)."""
    return textwrap.wrap(label, LABEL_CHARS, max_lines=3, placeholder="…") or [""]


def _row_height(lines: list[str]) -> float:
    return 10 + LINE * max(len(lines), 1.5)


def _label(lines: list[str], top: float, height: float | None = None) -> list[dict]:
    """Each line's middle, the block centred vertically in its row."""
    middle = top + (height or _row_height(lines)) / 2
    first = middle - (len(lines) - 1) * LINE / 2
    return [{"text": line, "y": _n(first + number * LINE)} for number, line in enumerate(lines)]


def _length(value: float | None, top: float, space: float = BAR_SPACE) -> float:
    if value is None or top <= 0:
        return 0.0
    return space * min(max(value / top, 0.0), 1.0)


def _share(row: Progress) -> float | None:
    return None if row.actual is None or row.target <= 0 else row.actual / row.target


def _step(value: float, top: float) -> int:
    if top <= 0:
        return 0
    return min(int(value / top * len(MAP_STEPS)), len(MAP_STEPS) - 1)


def _n(number: float) -> str:
    """A length for an SVG attribute: at most two decimals, a dot, no trailing zeros, whatever the language."""
    return f"{number:.2f}".rstrip("0").rstrip(".")
