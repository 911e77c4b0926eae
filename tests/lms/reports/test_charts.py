"""The report charts: well-formed SVG with a text alternative, honest lengths, suppressed cells never drawn."""

import itertools
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from content.choices import Oblast
from lms.reports.charts import (
    BAR_SPACE,
    GAIN_SPACE,
    LABEL_WIDTH,
    Bar,
    Gain,
    Progress,
    bar_chart,
    gain_chart,
    oblast_map,
    progress_chart,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 (our own markup, made in the test)


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [element for element in root.iter() if name in element.get("class", "").split()]


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def all_charts(**kwargs):
    return [
        bar_chart([Bar("Monday", 0.5, "50 %")], **kwargs),
        gain_chart([Gain("First aid", 0.4, 0.8, "40 → 80 %")], **kwargs),
        progress_chart([Progress("Participants", 30, 40, "30 of 40 (75 %)")], **kwargs),
        oblast_map({Oblast.LVIV: 12}, {Oblast.LVIV: "12"}, **kwargs),
    ]


@pytest.mark.parametrize("index", range(4), ids=["bar", "gain", "progress", "map"])
def test_each_chart_is_an_image_with_a_title_and_a_description(index):
    chart = all_charts(title="Attendance by day", description="Half came on Monday.")[index]
    root = parse(chart)

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert (title.text, desc.text) == ("Attendance by day", "Half came on Monday.")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("width") == "100%" and root.get("height") is None
    assert root.get("viewBox").startswith("0 0 420 ")


@pytest.mark.parametrize("index", range(4), ids=["bar", "gain", "progress", "map"])
def test_text_stays_readable_on_a_360px_phone(index):
    root = parse(all_charts(title="t", description="d")[index])
    scale = 360 / float(root.get("viewBox").split()[2])
    sizes = [float(element.get("font-size")) for element in root.iter() if element.get("font-size")]
    assert sizes and min(sizes) * scale >= 12


def test_bar_widths_are_proportional_to_values():
    bars = [Bar("Mon", 0.9, "90 %"), Bar("Tue", 0.45, "45 %"), Bar("Wed", 0.0, "0 %")]
    root = parse(bar_chart(bars, title="t", description="d", max_value=1))

    widths = [float(rect.get("width")) for rect in by_class(root, "report-chart__bar")]
    assert widths == [162, 81]  # 0.9 and 0.45 of the 180 units a full bar takes; a zero draws nothing
    assert BAR_SPACE == 180
    assert {rect.get("x") for rect in by_class(root, "report-chart__bar")} == {str(LABEL_WIDTH)}


def test_bars_scale_to_the_largest_value_by_default():
    root = parse(bar_chart([Bar("a", 40, "40"), Bar("b", 10, "10")], title="t", description="d"))

    assert [rect.get("width") for rect in by_class(root, "report-chart__bar")] == ["180", "45"]


def test_a_suppressed_bar_prints_fewer_than_five_and_draws_nothing():
    root = parse(bar_chart([Bar("Mon", 0.5, "50 %"), Bar("Tue", None, "<5")], title="t", description="d"))

    rows = by_class(root, "report-chart__row")
    assert len(by_class(rows[0], "report-chart__bar")) == 1
    assert by_class(rows[1], "report-chart__bar") == []
    assert "".join(by_class(rows[1], "report-chart__shown")[0].itertext()) == "<5"
    assert "&lt;5" in str(bar_chart([Bar("Tue", None, "<5")], title="t", description="d"))


def test_numbers_in_attributes_ignore_the_language():
    with translation.override("uk"):
        root = parse(bar_chart([Bar("Пн", 0.333, "33 %")], title="t", description="d", max_value=1))

    assert by_class(root, "report-chart__bar")[0].get("width") == "59.94"


def test_labels_and_figures_are_escaped():
    evil = "<script>alert(1)</script>"
    charts = [
        bar_chart([Bar(evil, 1, evil)], title=evil, description=evil),
        gain_chart([Gain(evil, 0.1, 0.2, evil)], title=evil, description=evil),
        progress_chart([Progress(evil, 1, 2, evil)], title=evil, description=evil),
        oblast_map({Oblast.LVIV: 1}, {Oblast.LVIV: evil}, title=evil, description=evil),
    ]
    for chart in charts:
        root = parse(chart)  # would not parse, or would hold a <script> element, if the label were markup
        assert not [element for element in root.iter() if element.tag.endswith("script")]
        assert root.find(f"{SVG}title").text == evil
        assert "<script>" not in str(chart)
    assert "<script>" in "".join(texts(parse(charts[0]))).replace("\n", "")


def test_gain_places_dots_on_a_shared_scale_and_skips_suppressed_scores():
    rows = [Gain("A", 0.4, 0.8, "40 → 80 %"), Gain("B", None, 0.5, "<5 → 50 %"), Gain("C", None, None, "<5")]
    root = parse(gain_chart(rows, title="t", description="d"))

    a, b, c = by_class(root, "report-chart__row")
    assert (LABEL_WIDTH, GAIN_SPACE) == (160, 150)
    assert by_class(a, "report-chart__pre")[0].get("cx") == "220"  # 160 + 0.4 × 150
    assert by_class(a, "report-chart__post")[0].get("cx") == "280"
    assert len(by_class(a, "report-chart__gain")) == 1
    assert (by_class(b, "report-chart__pre"), by_class(b, "report-chart__gain")) == ([], [])
    assert len(by_class(b, "report-chart__post")) == 1
    assert [element for element in c.iter() if element.tag == f"{SVG}circle"] == []
    assert "<5" in texts(c)


def test_progress_bars_are_shares_of_their_own_targets():
    rows = [Progress("People", 30, 40, "30 of 40"), Progress("Certificates", 15, 10, "15 of 10"),
            Progress("Places", None, 20, "<5")]
    root = parse(progress_chart(rows, title="t", description="d"))

    # 150 % is the largest share, so the target mark sits at 1 / 1.5 of the scale
    marks = {line.get("x1") for line in by_class(root, "report-chart__target")}
    assert marks == {str(LABEL_WIDTH + 120)}
    people, certificates, places = by_class(root, "report-chart__row")
    assert by_class(people, "report-chart__bar")[0].get("width") == "90"  # 75 % of the 120 units to target
    assert by_class(certificates, "report-chart__bar")[0].get("width") == "180"
    assert by_class(places, "report-chart__bar") == []
    assert "<5" in texts(places)


def tiles(root: ET.Element) -> dict[str, ET.Element]:
    found = {}
    for group in by_class(root, "report-chart__tile"):
        assert group.get("data-code") not in found
        found[group.get("data-code")] = group
    return found


def test_every_oblast_has_exactly_one_tile_and_no_two_overlap():
    root = parse(oblast_map({}, {}, title="t", description="d"))

    found = tiles(root)
    assert set(found) == set(Oblast.values)
    boxes = []
    for group in found.values():
        rect = group.find(f"{SVG}rect")
        x, y, size = float(rect.get("x")), float(rect.get("y")), float(rect.get("width"))
        assert rect.get("height") == rect.get("width")
        boxes.append((x, y, x + size, y + size))
    width, height = map(float, root.get("viewBox").split()[2:])
    assert all(x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height for x0, y0, x1, y1 in boxes)
    for (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) in itertools.combinations(boxes, 2):
        assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0


def test_map_shades_by_value_hatches_suppressed_and_leaves_missing_empty():
    values = {Oblast.LVIV: 100, Oblast.ODESA: 10, Oblast.SUMY: None}
    shown = {Oblast.LVIV: "100", Oblast.ODESA: "10", Oblast.SUMY: "<5"}
    root = parse(oblast_map(values, shown, title="Reach", description="d", id_prefix="reach"))

    found = tiles(root)
    fill = {code: found[code].find(f"{SVG}rect").get("fill") for code in (Oblast.LVIV, Oblast.ODESA, Oblast.SUMY)}
    assert fill == {Oblast.LVIV: "#00458f", Oblast.ODESA: "#e8f1fb", Oblast.SUMY: "url(#reach-hatch)"}
    assert root.find(f".//{SVG}pattern").get("id") == "reach-hatch"
    assert texts(found[Oblast.SUMY])[-1] == "<5"
    assert texts(found[Oblast.LVIV])[-1] == "100"
    assert found[Oblast.POLTAVA].find(f"{SVG}rect").get("fill") == "none"
    assert texts(found[Oblast.POLTAVA])[-1] == "–"
    legend = texts(by_class(root, "report-chart__legend")[0])
    assert legend == ["10", "100", "менше 5", "немає даних"]  # the site speaks Ukrainian first


def test_map_shades_in_five_steps():
    values = {code: n for n, code in enumerate([Oblast.LVIV, Oblast.VOLYN, Oblast.RIVNE, Oblast.SUMY, Oblast.ODESA])}
    root = parse(oblast_map(values, {}, title="t", description="d"))

    fills = {tiles(root)[code].find(f"{SVG}rect").get("fill") for code in values}
    assert len(fills) == 5


def test_map_refuses_codes_that_are_not_oblasts():
    with pytest.raises(ValueError, match="atlantis"):
        oblast_map({"atlantis": 3}, {}, title="t", description="d")


def test_map_labels_tiles_in_the_language_of_the_page():
    with translation.override("uk"):
        root = parse(oblast_map({Oblast.LVIV: 3}, {Oblast.LVIV: "3"}, title="t", description="d"))

    assert texts(tiles(root)[Oblast.LVIV])[0] == "Льв"
    assert tiles(root)[Oblast.LVIV].find(f"{SVG}title").text == "Львівська область: 3"


def test_two_charts_on_a_page_have_unique_ids():
    page = "".join(str(chart) for chart in [*all_charts(title="Same", description="d"),
                                            *all_charts(title="Same", description="d")])
    root = parse(f'<div xmlns="http://www.w3.org/2000/svg">{page}</div>')

    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids)) == 8 * 2 + 2  # a title and a desc each, and each map's hatching
    for svg in root.iter(f"{SVG}svg"):
        referenced = svg.get("aria-labelledby").split()
        assert all(svg.find(f".//*[@id='{ref}']") is not None for ref in referenced)


def test_figure_puts_the_chart_beside_its_table():
    chart = bar_chart([Bar("Mon", 0.5, "50 %"), Bar("Tue", None, "<5")], title="t", description="d")
    html = render_to_string("reports/includes/figure.html", {
        "chart": chart, "caption": "Attendance", "table_caption": "Attendance by day",
        "headers": ["Day", "Attended"], "rows": [("Mon", "50 %"), ("<b>Tue</b>", "<5")],
    })

    assert html.count("<figure") == 1 and chart in html
    assert "<figcaption" in html and "<caption" in html and "Attendance by day" in html
    assert '<th scope="col">Day</th>' in html and '<th scope="row" style="text-align: start;">Mon</th>' in html
    assert "&lt;b&gt;Tue&lt;/b&gt;" in html and "<td style=\"text-align: end;\">&lt;5</td>" in html
