#!/usr/bin/env python3
"""Write a large, realistic OpenAPI 3.1 document for benchmarks: N resources,
each with list/create/get/update/delete operations (5 operations each), shared
components, pagination, problem responses and a few planted problems.

Usage: scripts/gen-openapi.py OUT.yaml|OUT.json [RESOURCES]  (default 400 -> 2,000 operations)
"""
import json
import sys


def resource(name):
    cap = name.capitalize()
    item = {"$ref": f"#/components/schemas/{cap}"}
    problem = {"$ref": "#/components/responses/Problem"}
    common = {"401": problem, "403": problem, "429": {"$ref": "#/components/responses/TooMany"}}
    props = {
        "id": {"type": "string", "format": "uuid", "readOnly": True},
        "name": {"type": "string", "maxLength": 200, "description": f"The {name}'s display name, shown to customers and operators in every listing."},
        "description": {"type": "string", "maxLength": 4000, "description": "Free text, Markdown allowed, rendered in the console."},
        "status": {"type": "string", "enum": ["draft", "active", "archived"]},
        "quantity": {"type": "integer", "minimum": 0, "maximum": 100000},
        "tags": {"type": "array", "maxItems": 20, "items": {"type": "string", "maxLength": 40}},
        "createdAt": {"type": "string", "format": "date-time", "readOnly": True},
        "updatedAt": {"type": "string", "format": "date-time", "readOnly": True},
        "owner": {"$ref": "#/components/schemas/Owner"},
    }
    schema = {"type": "object", "additionalProperties": False, "required": ["name"], "properties": props}
    paths = {
        f"/{name}s": {
            "get": {
                "operationId": f"list{cap}s",
                "summary": f"List {name}s",
                "tags": [name],
                "parameters": [{"$ref": "#/components/parameters/Limit"}, {"$ref": "#/components/parameters/Cursor"}],
                "responses": {
                    "200": {
                        "description": f"A page of {name}s.",
                        "content": {"application/json": {"schema": {
                            "type": "object", "additionalProperties": False,
                            "properties": {"items": {"type": "array", "items": item}, "next": {"type": "string", "maxLength": 256}},
                        }}},
                    },
                    **common,
                },
            },
            "post": {
                "operationId": f"create{cap}",
                "tags": [name],
                "requestBody": {"required": True, "content": {"application/json": {"schema": item}}},
                "responses": {"201": {"description": "Created.", "content": {"application/json": {"schema": item}}}, **common},
            },
        },
        f"/{name}s/{{{name}Id}}": {
            "parameters": [{"name": f"{name}Id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}],
            "get": {"operationId": f"get{cap}", "tags": [name], "responses": {"200": {"description": "One.", "content": {"application/json": {"schema": item}}}, "404": problem, **common}},
            "put": {"operationId": f"update{cap}", "tags": [name], "requestBody": {"content": {"application/json": {"schema": item}}}, "responses": {"200": {"description": "Updated.", "content": {"application/json": {"schema": item}}}, "404": problem, **common}},
            "delete": {"operationId": f"delete{cap}", "tags": [name], "responses": {"204": {"description": "Deleted."}, "404": problem, **common}},
        },
    }
    text = (f"Operates on {name} resources. Requires a token with the platform:read scope; "
            "results are paginated with an opaque cursor and at most 100 items per page. "
            "Errors use RFC 9457 problem details. Rate limits apply per client and are announced "
            "with Retry-After on 429 responses. ") * 3
    example = {"id": "3f0c1c8e-9b1e-4d59-9d8e-3f6f0b7c2a11", "name": f"Example {name}", "status": "active",
               "quantity": 12, "tags": ["alpha", "beta"], "createdAt": "2026-01-01T00:00:00Z"}
    for item_ in paths.values():
        for key, op in item_.items():
            if key == "parameters":
                continue
            op["description"] = text
            for code, resp in op["responses"].items():
                if code in ("200", "201") and "content" in resp:
                    resp["content"]["application/json"]["example"] = example
    return paths, cap, schema


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "Platform API", "version": "4.0.0", "description": "Generated for benchmarks."},
        "servers": [{"url": "https://api.example.com/v4"}],
        "security": [{"oauth": ["platform:read"]}],
        "paths": {},
        "components": {
            "securitySchemes": {"oauth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://id.example.com/token", "scopes": {"platform:read": "Read"}}}}},
            "parameters": {
                "Limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                "Cursor": {"name": "cursor", "in": "query", "schema": {"type": "string", "maxLength": 256}},
            },
            "responses": {
                "Problem": {"description": "Problem details.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                "TooMany": {"description": "Slow down.", "headers": {"Retry-After": {"schema": {"type": "integer", "maximum": 3600}}}, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            },
            "schemas": {
                "Problem": {"type": "object", "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"}}},
                "Owner": {"type": "object", "additionalProperties": False, "properties": {"id": {"type": "string", "format": "uuid"}, "email": {"type": "string", "format": "email", "maxLength": 254}}},
            },
        },
    }
    for i in range(n):
        paths, cap, schema = resource(f"res{i:04d}")
        doc["paths"].update(paths)
        doc["components"]["schemas"][cap] = schema
    # A few planted problems so the review has something to report.
    doc["paths"]["/res0000s"]["get"]["security"] = []
    doc["components"]["schemas"]["Res0001"]["properties"]["notes"] = {"type": "string"}
    with open(out, "w") as f:
        if out.endswith(".json"):
            json.dump(doc, f, indent=2)
        else:
            import yaml  # PyYAML
            yaml.safe_dump(doc, f, sort_keys=False, width=120)


if __name__ == "__main__":
    main()
