"""``/api/v1/docs/``: the schema drawn on the server, complete in the HTML the page answers."""

from django.utils.translation import override

from api.reference import markdown_lite, type_of


def test_reference_lists_every_operation_with_its_parameters_and_answers(client, viewer):
    client.force_login(viewer)
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<code>GET /api/v1/contacts/</code>" in html
    assert "<code>PATCH /api/v1/contacts/{id}/</code>" in html
    assert "<code>GET /api/v1/contacts/export.ndjson</code>" in html
    assert "<code>since</code>" in html  # a filter of the contact list
    assert 'href="#schema-ContactRequest"' in html  # the body of POST /contacts/
    assert 'id="schema-ContactRequest"' in html
    assert "If-Match names an older version" in html  # the 412 answer
    assert "<script" not in html.split("</main>")[0]


def test_reference_reads_in_the_readers_language_around_the_schemas_english(client, viewer):
    client.force_login(viewer)
    response = client.get("/api/v1/docs/", HTTP_ACCEPT_LANGUAGE="fr")

    html = response.content.decode()
    assert "Référence de l’API" in html
    assert "Paramètres" in html
    # The schema's text is the API's contract, in English, and says so to screen readers.
    assert '<p lang="en">Log a contact</p>' in html
    assert "<code>workshop</code> - Workshop or training" in html
    assert "Atelier ou formation" not in html


def test_descriptions_are_escaped_and_keep_lists_and_code():
    html = markdown_lite("Channel <b>\n\n* `meeting` - Meeting\n* `call` - Call")

    assert html == (
        "<p>Channel &lt;b&gt;</p>"
        "<ul><li><code>meeting</code> - Meeting</li><li><code>call</code> - Call</li></ul>"
    )


def test_types_link_to_their_schema_and_say_when_null_is_allowed():
    with override("en"):
        assert type_of({"type": "array", "items": {"$ref": "#/components/schemas/Person"}}) == (
            'array of <a href="#schema-Person">Person</a>'
        )
        assert type_of({"type": "string", "format": "date", "nullable": True}) == (
            "string (date), or null"
        )
