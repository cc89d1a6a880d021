"""The OpenAPI schema as a generated client reads it (drf-spectacular postprocessing hooks).

A client generated from /api/schema/ (openapi-python-client) must work as generated and every
answer must fit the schema under a strict OpenAPI 3.0 validator (tests/api/test_generated_client.py).
drf-spectacular's output needs three corrections for that:

- a nullable reference comes out as `allOf: [$ref]` with `nullable: true`, which OpenAPI 3.0 ignores
  (nullable only applies beside a `type`): it becomes `oneOf: [$ref, null]`;
- a field of a response is marked required only when the serializer requires it as input, yet DRF
  always writes every field of a serializer it answers with: in a response component every property
  is required, except the few a serializer leaves out on purpose (OPTIONAL_IN_RESPONSES);
- answers every endpoint can give are documented: 406 (an Accept header the API cannot serve) and,
  for a request with a body, 415 (a content type the endpoint does not read).
"""

import copy

# Properties of response components that an answer may leave out: an error's field errors and
# reasons (only some errors have them), a schedule's date/day/month (which ones depends on its kind),
# A block carries the fields of its kind only; a party is a unit or a name; a timing the fields of its kind.
OPTIONAL_IN_RESPONSES = {
    "ApiError": {"errors", "reasons"},
    "Schedule": {"date", "day", "month"},
    "Block": {"level", "header_rows", "rows", "measure", "target", "lead", "supporting", "timing", "schedule", "schedules", "task"},
    "PartyOut": {"unit", "name"},
    "TimingOut": {"date", "from", "to", "year", "quarter", "month"},
}

NULL_VALUE = {"type": "object", "nullable": True, "enum": [None]}
ERROR_REF = {"$ref": "#/components/schemas/ApiError"}
MEDIA_ANSWERS = {
    "406": "Tiêu đề Accept yêu cầu một kiểu nội dung mà điểm cuối này không trả về.",
    "415": "Kiểu nội dung của thân yêu cầu không phải kiểu điểm cuối này đọc.",
}


def _nullable_references(node):
    if isinstance(node, dict):
        all_of = node.get("allOf")
        if node.get("nullable") and isinstance(all_of, list) and len(all_of) == 1 and "type" not in node:
            node.pop("nullable")
            node["oneOf"] = [node.pop("allOf")[0], copy.deepcopy(NULL_VALUE)]
        for value in node.values():
            _nullable_references(value)
    elif isinstance(node, list):
        for value in node:
            _nullable_references(value)


def postprocess(result, generator, request, public):
    """drf-spectacular POSTPROCESSING_HOOKS entry: see the module's docstring."""
    _nullable_references(result)
    schemas = result.get("components", {}).get("schemas", {})
    for name, component in schemas.items():
        # request bodies are the *Request components (COMPONENT_SPLIT_REQUEST in settings)
        if name.endswith("Request") or component.get("type") != "object":
            continue
        properties = component.get("properties")
        if properties:
            required = set(properties) - OPTIONAL_IN_RESPONSES.get(name, set())
            if required:
                component["required"] = sorted(required)
            else:
                component.pop("required", None)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            wanted = ["406", "415"] if "requestBody" in operation else ["406"]
            for status in wanted:
                responses.setdefault(
                    status, {"description": MEDIA_ANSWERS[status], "content": {"application/json": {"schema": dict(ERROR_REF)}}}
                )
    return result
