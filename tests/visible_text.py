"""What a person reads on a page: the text of the HTML, and the attributes shown or spoken
(titles, labels, placeholders, the ``data-label`` that narrow screens show before each cell).
Scripts, styles and every other attribute (URLs, ids, machine-readable dates) are left out."""

from html.parser import HTMLParser

SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-label"}
HIDDEN_ELEMENTS = {"script", "style"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
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
        if tag in HIDDEN_ELEMENTS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The page's readable text, one piece per line, whitespace collapsed."""
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(" ".join(part.split()) for part in parser.parts)
