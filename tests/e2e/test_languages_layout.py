"""The pages that matter most fit in French, Russian and Chinese, on a phone and a laptop.

Words in other languages are longer (French, Russian) or set in another script (Chinese). The
dashboard, the contact form with its errors and the contact list, with the case study's data,
are drawn at 390 and 1280 px in each; nothing may widen the page, and no box may cut off its
own text. Each step is saved under tests/e2e/artifacts/ to be looked at.
"""

import pytest
from django.core.management import call_command

from tests.e2e import has_horizontal_scroll, shot

WIDTHS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 900}}

# Boxes whose content is wider than the box itself, outside the containers built to scroll
# sideways (wide tables): text cut off or spilling out. Visually hidden text is left out.
CUT_OFF = """() => {
  const scrolls = (el) => {
    for (let p = el; p; p = p.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(p).overflowX)) { return true; }
    }
    return false;
  };
  const skip = new Set(["SELECT", "OPTION", "INPUT", "TEXTAREA", "svg", "path", "HTML", "BODY"]);
  const found = [];
  for (const el of document.querySelectorAll("body *")) {
    if (skip.has(el.tagName) || el.closest("svg, .visually-hidden, .skip-link, [hidden]")) {
      continue;
    }
    if (el.clientWidth < 2 || el.scrollWidth <= el.clientWidth + 1 || scrolls(el)) { continue; }
    const text = el.textContent.trim().slice(0, 60);
    found.push(`${el.tagName.toLowerCase()}.${el.className}: ${text}`);
  }
  return found;
}"""


SCROLLING_TABLES = """() => Array.from(document.querySelectorAll(".table-wrap:not(.matrix-wrap)"))
  .filter((wrap) => wrap.scrollWidth > wrap.clientWidth + 1)
  .map((wrap) => `table scrolls sideways: ${wrap.querySelector("th")?.textContent.trim()}`)"""


@pytest.fixture
def case_study(transactional_db):
    call_command("load_case_study", verbosity=0)


@pytest.mark.parametrize("language", ["fr", "ru", "zh-hans"])
def test_dashboard_contact_form_and_list_fit_in_longer_languages(
    page, sign_in, staff_user, case_study, language
):
    staff_user.preferred_language = language
    staff_user.save()
    sign_in(staff_user)
    problems = {}
    for width_name, size in WIDTHS.items():
        page.set_viewport_size(size)
        for step, path in [
            ("dashboard", "/"),
            ("contact-form", "/contacts/new/"),
            ("list", "/contacts/"),
        ]:
            page.goto(path)
            assert page.get_attribute("html", "lang") == language
            if step == "contact-form":
                # Sent empty, past the browser's own checks, to get the server's messages.
                page.evaluate("document.querySelector('main form').noValidate = true")
                page.locator("button[name=save]").click()
                page.wait_for_selector(".form-errors, .errorlist")
            shot(page, f"{step}-{width_name}")
            cut = page.evaluate(CUT_OFF)
            if width_name == "laptop":
                # On a laptop only the engagement matrix is wide enough to scroll sideways.
                cut += page.evaluate(SCROLLING_TABLES)
            if has_horizontal_scroll(page) or cut:
                problems[f"{step} at {size['width']} px"] = {
                    "scrolls sideways": has_horizontal_scroll(page),
                    "cut off": cut,
                }
    assert problems == {}
