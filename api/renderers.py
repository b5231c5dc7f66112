"""NDJSON: one JSON object per line, for clients that sync every contact in one stream."""

import json

from rest_framework.renderers import BaseRenderer
from rest_framework.utils.encoders import JSONEncoder

NDJSON_TYPE = "application/x-ndjson"


def ndjson_line(data) -> str:
    return json.dumps(data, cls=JSONEncoder, ensure_ascii=False, separators=(",", ":")) + "\n"


class NDJSONRenderer(BaseRenderer):
    """Lets a client ask for NDJSON by ``Accept``; the rows themselves are streamed by the
    view, so this only ever renders a refusal, as a single line."""

    media_type = NDJSON_TYPE
    format = "ndjson"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return b"" if data is None else ndjson_line(data).encode()
