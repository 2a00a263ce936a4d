"""Checks shared by the browser journeys: no sideways scroll, readable chart text, and
axe-core (vendored in tests/e2e/vendor, no CDN) for serious accessibility violations."""

from pathlib import Path

AXE = (Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on this page (the context
    must bypass the CSP, which forbids injected scripts)."""
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'][0] for n in v['nodes'][:5]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# Elements wider than the viewport that are not inside a box that scrolls by itself.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let boxed = false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') { boxed = true; break; }
    }
    if (!boxed) found.push(el.tagName.toLowerCase() + '.' + String(el.className).slice(0, 40));
  }
  return {scroll: document.documentElement.scrollWidth - width, culprits: found.slice(0, 5)};
}"""

# The smallest chart text as drawn on screen (font size × the SVG's scale), in pixels.
CHART_TEXT = """() => {
  let least = null;
  for (const t of document.querySelectorAll('svg text')) {
    if (!t.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
    least = least === null ? size : Math.min(least, size);
  }
  return least;
}"""


def assert_fits(page, label: str) -> None:
    """No sideways scroll on this page (tables scroll inside their own box) and chart text
    of at least 11 px."""
    result = page.evaluate(OVERFLOW)
    assert (label, result["scroll"], result["culprits"]) == (label, 0, [])
    smallest = page.evaluate(CHART_TEXT)
    assert smallest is None or smallest >= 11, (label, smallest)
