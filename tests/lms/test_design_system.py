"""The design system in static/css/site.css (docs/design.md): every colour comes from the palette in :root, every
pair of colours the stylesheet puts together is readable (WCAG 2), and the component classes the templates use
(.button, .badge, .card, .tabs) are the ones the stylesheet defines."""

import re
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
SITE_CSS = BASE_DIR / "static" / "css" / "site.css"
PRESENT_CSS = BASE_DIR / "static" / "css" / "present.css"
TEMPLATES = BASE_DIR / "templates"
TEMPLATETAGS = [BASE_DIR / app / "templatetags" for app in ("content", "courses", "enrollments", "certificates")]

TEXT = 4.5  # WCAG 2 AA, 1.4.3: body-size text
NON_TEXT = 3.0  # 1.4.11: the edges of controls, a progress bar's value against its track

# (foreground, background, minimum, where the stylesheet puts them together)
PAIRS = [
    ("ink", "white", TEXT, "body text"),
    ("ink", "soft", TEXT, "footer, facts, table heads, card meta"),
    ("ink", "brand-soft", TEXT, "notices, the open menu button, chosen answers and tiles"),
    ("ink", "ok-soft", TEXT, "success messages, tip callouts, present tiles"),
    ("ink", "warn-soft", TEXT, "warnings, the quiz timer, late tiles"),
    ("ink", "error-soft", TEXT, "error messages, absent tiles, invalid rows"),
    ("white", "ink", TEXT, "the skip link"),
    ("muted", "white", TEXT, "meta lines, help text, captions"),
    ("muted", "soft", TEXT, "fact labels"),
    ("muted", "brand-soft", TEXT, "the current day's date in the day links"),
    ("brand", "white", TEXT, "links, summaries, secondary buttons"),
    ("brand-dark", "white", TEXT, "links on hover"),
    ("brand", "soft", TEXT, "links in the footer"),
    ("brand", "brand-soft", TEXT, "links in notices, a secondary button on hover"),
    ("brand", "ok-soft", TEXT, "links in success messages and tips"),
    ("brand", "warn-soft", TEXT, "links in warnings"),
    ("brand", "error-soft", TEXT, "links in error messages"),
    ("white", "brand", TEXT, "buttons, note labels"),
    ("white", "brand-dark", TEXT, "buttons on hover"),
    ("white", "ok", TEXT, "tip labels"),
    ("white", "warn", TEXT, "warning labels"),
    ("ok", "ok-soft", TEXT, "done badges, a valid certificate's verdict, the solution tag"),
    ("ok", "white", TEXT, "the solution tag"),
    ("warn", "warn-soft", TEXT, "to-do badges"),
    ("brand-dark", "brand-soft", TEXT, "partly badges"),
    ("error", "error-soft", TEXT, "error badges, form errors, a revoked certificate's verdict"),
    ("error", "white", TEXT, "field errors"),
    ("line", "white", NON_TEXT, "the borders of fields and the progress bar"),
    ("brand", "white", NON_TEXT, "the borders of buttons and chosen tiles"),
    ("ok", "track", NON_TEXT, "a progress bar's value against its track"),
    ("ink", "white", NON_TEXT, "the focus outline"),
]

COMPONENTS = ("button", "badge", "card", "cards", "tabs")
BEM = re.compile(r"(?P<block>[a-z]+(?:-[a-z]+)*)(?:__[a-z]+(?:-[a-z]+)*)?(?:--[a-z]+(?:-[a-z]+)*)?")


def without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def split_root(css: str) -> tuple[str, str]:
    """The first :root { ... } block, and the rest of the stylesheet."""
    css = without_comments(css)
    match = re.search(r":root\s*\{(?P<body>[^}]*)\}", css)
    assert match, "site.css has no :root block"
    return match["body"], css[:match.start()] + css[match.end():]


def palette(css: str) -> dict[str, str]:
    """The colours of :root as {name: #rrggbb}, following var(--other) references."""
    root, _ = split_root(css)
    values = {name: value.strip() for name, value in re.findall(r"--([\w-]+)\s*:\s*([^;]+);", root)}
    colours = {}
    for name, value in values.items():
        while (ref := re.fullmatch(r"var\(--([\w-]+)\)", value)):
            value = values[ref[1]]
        if re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}", value):
            colours[name] = value
    return colours


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)

    def linear(channel: str) -> float:
        c = int(channel, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(digits[i:i + 2]) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def css_classes(css: str) -> set[str]:
    return set(re.findall(r"\.(-?[_a-zA-Z][-_a-zA-Z0-9]*)", without_comments(css)))


def is_site_template(path: Path) -> bool:
    """Rendered with site.css: not the Wagtail admin's (its own .button-secondary etc.), not emails, not the PDF."""
    relative = path.relative_to(TEMPLATES)
    if "admin" in relative.parts[:-1] or relative.parts[0] == "emails" or path.name.endswith("_pdf.html"):
        return False
    text = path.read_text(encoding="utf-8")
    return "wagtailadmin/" not in text and "admin_" not in path.name


def class_names(text: str):
    """Each class name in class="..." attributes; names built from a template variable are skipped."""
    for match in re.finditer(r"""class=(["'])(.*?)\1""", text, flags=re.S):
        value = re.sub(r"{%.*?%}", " ", match[2])
        value = re.sub(r"{{.*?}}", "\0", value)
        yield from (name for name in value.split() if "\0" not in name)


def component_uses() -> dict[str, set[str]]:
    """{class name of a component family: files using it}, over the site's templates and template tags."""
    files = [p for p in TEMPLATES.rglob("*.html") if is_site_template(p)]
    files += [p for folder in TEMPLATETAGS if folder.exists() for p in folder.glob("*.py")]
    uses: dict[str, set[str]] = {}
    for path in files:
        for name in class_names(path.read_text(encoding="utf-8")):
            if BEM.fullmatch(name) and BEM.fullmatch(name)["block"] in COMPONENTS or name.split("-")[0] in COMPONENTS:
                uses.setdefault(name, set()).add(str(path.relative_to(BASE_DIR)))
    return uses


@pytest.fixture(scope="module")
def colours() -> dict[str, str]:
    return palette(SITE_CSS.read_text(encoding="utf-8"))


def test_contrast_follows_wcag():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-too-light grey
    assert contrast("#fff", "#005bbb") == contrast("#005bbb", "#fff")


@pytest.mark.parametrize(("fg", "bg", "minimum", "where"), PAIRS, ids=[f"{fg}-on-{bg}" for fg, bg, *_ in PAIRS])
def test_colour_pairs_are_readable(colours, fg, bg, minimum, where):
    ratio = contrast(colours[fg], colours[bg])
    assert ratio >= minimum, f"--{fg} on --{bg} ({where}): {ratio:.2f}:1, needs {minimum}:1"


def test_a_low_contrast_colour_fails():
    css = SITE_CSS.read_text(encoding="utf-8").replace("--muted: #4a5360", "--muted: #8a939e", 1)
    assert contrast(palette(css)["muted"], palette(css)["white"]) < TEXT


def test_every_colour_comes_from_the_palette():
    _, rules = split_root(SITE_CSS.read_text(encoding="utf-8"))
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b", rules) == []
    named = re.findall(r"(?<![-\w])(?:white|black|red|green|blue|gray|grey|yellow|orange)(?![-\w])", rules)
    assert named == []


def test_every_custom_property_used_is_defined(colours):
    root, _ = split_root(SITE_CSS.read_text(encoding="utf-8"))
    defined = set(re.findall(r"--([\w-]+)\s*:", root))
    for sheet in (SITE_CSS, PRESENT_CSS):
        used = set(re.findall(r"var\(--([\w-]+)", without_comments(sheet.read_text(encoding="utf-8"))))
        assert used - defined == set(), sheet.name


def test_component_classes_are_bem():
    defined = css_classes(SITE_CSS.read_text(encoding="utf-8"))
    for name in defined:
        if name.split("-")[0].split("_")[0] in COMPONENTS:
            assert BEM.fullmatch(name), f".{name} is not block__element--modifier"


def test_templates_use_only_defined_component_classes():
    defined = css_classes(SITE_CSS.read_text(encoding="utf-8"))
    uses = component_uses()
    assert {"button", "button--secondary", "badge", "badge--done", "card", "card__title", "tabs"} <= set(uses)
    stray = {name: sorted(files) for name, files in uses.items() if name not in defined}
    assert stray == {}, f"classes used in templates but not defined in site.css: {stray}"
