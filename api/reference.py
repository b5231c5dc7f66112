"""The API reference page's content: the OpenAPI schema that ``/api/v1/schema/`` serves, laid
out as operations and schemas a template draws on the server.

Server-drawn HTML, rather than Swagger UI's script, gives a page that is complete when it loads
(a screen reader, a text browser and the accessibility sweep all read the same markup). The
page's own words are in the reader's language; the schema's text (summaries, field titles,
descriptions, choice labels) is the API's contract, written in English, so it is shown in
English as a script reads it, and the template marks it ``lang="en"`` for screen readers.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override
from drf_spectacular.settings import spectacular_settings

METHODS = ("get", "post", "put", "patch", "delete")
_REF = "#/components/schemas/"
_CODE = re.compile(r"`([^`]+)`")


def markdown_lite(text: str) -> SafeString:
    """The schema's descriptions use paragraphs, ``* `` lists and `code`; nothing more."""
    blocks = []
    for block in filter(None, (b.strip() for b in text.split("\n\n"))):
        lines = [_CODE.sub(r"<code>\1</code>", escape(line)) for line in block.splitlines()]
        if all(line.startswith("* ") for line in lines):
            items = "".join(f"<li>{line[2:]}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append(f"<p>{' '.join(lines)}</p>")
    return mark_safe("".join(blocks))  # every piece of text is escaped above


def schema_anchor(name: str) -> str:
    return f"schema-{name}"


def type_of(schema: dict) -> SafeString:
    """A field's type in a few words, a referenced schema as a link to its entry."""
    if ref := schema.get("$ref"):
        name = ref.removeprefix(_REF)
        text = f'<a href="#{escape(schema_anchor(name))}">{escape(name)}</a>'
    elif choices := schema.get("oneOf") or schema.get("anyOf") or schema.get("allOf"):
        text = escape(_(" or ")).join(type_of(choice) for choice in choices)
    elif schema.get("type") == "array":
        text = escape(_("array of %(items)s")) % {"items": type_of(schema.get("items", {}))}
    else:
        text = escape(schema.get("type", "object"))
        if schema.get("format"):
            text += f" ({escape(schema['format'])})"
    if schema.get("nullable"):
        text += escape(_(", or null"))
    return mark_safe(text)  # built from escaped pieces


@dataclass
class Row:
    """One parameter of an operation, or one property of a schema."""

    name: str
    type: SafeString
    required: bool
    description: SafeString
    where: str = ""
    read_only: bool = False


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: SafeString
    parameters: list[Row]
    body: SafeString | None
    responses: list[tuple[str, SafeString, SafeString | None]]

    @property
    def anchor(self) -> str:
        return re.sub(r"[^a-z0-9.]+", "-", f"{self.method} {self.path}".lower()).strip("-")


@dataclass
class Schema:
    name: str
    description: SafeString
    properties: list[Row] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    type: SafeString | None = None

    @property
    def anchor(self) -> str:
        return schema_anchor(self.name)


def _description(schema: dict) -> SafeString:
    text = "\n\n".join(filter(None, (schema.get("title", ""), schema.get("description", ""))))
    return markdown_lite(text)


def _json_schema(content: dict) -> SafeString | None:
    for media in content.values():
        if "schema" in media:
            return type_of(media["schema"])
    return None


def _operation(path: str, method: str, operation: dict) -> Operation:
    parameters = [
        Row(
            name=parameter["name"],
            where=parameter["in"],
            type=type_of(parameter.get("schema", {})),
            required=parameter.get("required", False),
            description=markdown_lite(parameter.get("description", "")),
        )
        for parameter in operation.get("parameters", [])
    ]
    body = operation.get("requestBody", {}).get("content")
    return Operation(
        method=method.upper(),
        path=path,
        summary=operation.get("summary", ""),
        description=markdown_lite(operation.get("description", "")),
        parameters=parameters,
        body=_json_schema(body) if body else None,
        responses=[
            (
                status,
                markdown_lite(response.get("description", "")),
                _json_schema(response.get("content", {})),
            )
            for status, response in operation.get("responses", {}).items()
        ],
    )


def _schema(name: str, schema: dict) -> Schema:
    required = set(schema.get("required", []))
    return Schema(
        name=name,
        description=_description(schema),
        values=[str(value) for value in schema.get("enum", [])],
        type=None if "properties" in schema or "enum" in schema else type_of(schema),
        properties=[
            Row(
                name=name,
                type=type_of(prop),
                required=name in required,
                description=_description(prop),
                read_only=prop.get("readOnly", False),
            )
            for name, prop in schema.get("properties", {}).items()
        ],
    )


def api_reference() -> dict:
    """The schema as ``/api/v1/schema/`` serves it to a script that asks for no language."""
    with override("en"):
        generator = spectacular_settings.DEFAULT_GENERATOR_CLASS()
        schema = generator.get_schema(request=None, public=True)
    return {
        "title": schema["info"]["title"],
        "version": schema["info"]["version"],
        "description": markdown_lite(schema["info"].get("description", "")),
        "operations": [
            _operation(path, method, operations[method])
            for path, operations in schema["paths"].items()
            for method in METHODS
            if method in operations
        ],
        "schemas": [
            _schema(name, component) for name, component in schema["components"]["schemas"].items()
        ],
    }
