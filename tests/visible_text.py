"""What a person reads on a page: the text of the HTML, and the attributes shown or spoken
(titles, labels, placeholders, the ``data-label`` that narrow screens show before each cell).
Scripts, styles and every other attribute (URLs, ids, machine-readable dates) are left out.
Text an element declares to be in a language of its own (``lang`` below ``<html>``, such as
the API's schema on its reference page) can be left out too, for checks of the page's language.
"""

from html.parser import HTMLParser

SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-label"}
HIDDEN_ELEMENTS = {"script", "style"}


class _VisibleText(HTMLParser):
    def __init__(self, *, other_languages: bool):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0
        self._other_languages = other_languages
        # The element declared in another language being skipped, and how deep its tag nests.
        self._foreign: tuple[str, int] | None = None

    def handle_starttag(self, tag, attrs):
        if self._foreign and self._foreign[0] == tag:
            self._foreign = (tag, self._foreign[1] + 1)
        elif not (self._foreign or self._other_languages or tag == "html") and any(
            name == "lang" for name, _ in attrs
        ):
            self._foreign = (tag, 1)
        if self._foreign:
            return
        if tag in HIDDEN_ELEMENTS:
            self._hidden += 1
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.parts.append(value)
        if tag == "input":
            attributes = dict(attrs)
            if attributes.get("type") in {"submit", "button"} and attributes.get("value"):
                self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if self._foreign:
            if self._foreign[0] == tag:
                depth = self._foreign[1] - 1
                self._foreign = (tag, depth) if depth else None
            return
        if tag in HIDDEN_ELEMENTS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and not self._foreign and data.strip():
            self.parts.append(data)


def visible_text(html: str, *, other_languages: bool = True) -> str:
    """The page's readable text, one piece per line, whitespace collapsed; without the text
    declared in another language when ``other_languages`` is false."""
    parser = _VisibleText(other_languages=other_languages)
    parser.feed(html)
    return "\n".join(" ".join(part.split()) for part in parser.parts)
