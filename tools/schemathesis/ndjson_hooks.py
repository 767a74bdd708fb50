"""Schemathesis hooks for `serve`'s OpenAPI run: bodies of `application/x-ndjson` (POST /v1/check/ndjson).

Schemathesis has no serializer for NDJSON; a generated value is sent as its JSON text (a string as it is), so the
route sees lines it must answer, well formed or not.
"""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return (json.dumps(value) + "\n").encode("utf-8")
