//! Swagger 2.0 documents, which gateways still export: converted to the
//! OpenAPI 3 shape the rules read (security definitions to security schemes,
//! `host` / `basePath` / `schemes` to servers, body parameters to request
//! bodies, response schemas to content, `definitions` to component schemas,
//! parameter-level types to parameter schemas), with a map from every
//! converted place back to the original one, so each finding is located in
//! the document as written.

use serde_json::{json, Map, Value};

use super::lint::METHODS;
use super::located::escape;

/// A converted document and how its pointers map back.
pub struct Converted {
    pub value: Value,
    /// (pointer prefix in the converted document, prefix in the original),
    /// longest first.
    map: Vec<(String, String)>,
}

impl Converted {
    /// The original pointer for a converted one.
    pub fn original(&self, pointer: &str) -> String {
        for (from, to) in &self.map {
            if pointer == from {
                return to.clone();
            }
            if let Some(rest) = pointer.strip_prefix(from.as_str()) {
                if rest.starts_with('/') {
                    return format!("{to}{rest}");
                }
            }
        }
        pointer.to_string()
    }
}

/// `#/definitions/X` to `#/components/schemas/X`, and the same for
/// parameters and responses, everywhere in `v`.
fn rewrite_refs(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if let Some(Value::String(r)) = o.get_mut("$ref") {
                for (from, to) in [
                    ("#/definitions/", "#/components/schemas/"),
                    ("#/parameters/", "#/components/parameters/"),
                    ("#/responses/", "#/components/responses/"),
                ] {
                    if let Some(rest) = r.strip_prefix(from) {
                        *r = format!("{to}{rest}");
                        break;
                    }
                }
            }
            for x in o.values_mut() {
                rewrite_refs(x);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

/// The keywords a 2.0 non-body parameter carries at its own level that
/// belong in a 3.x parameter's schema.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "collectionFormat",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

/// A 2.0 parameter as a 3.x one (not for `in: body`).
fn parameter(p: &Value) -> Value {
    let Some(o) = p.as_object() else {
        return p.clone();
    };
    if o.contains_key("$ref") {
        return p.clone();
    }
    let mut out = Map::new();
    let mut schema = Map::new();
    for (k, v) in o {
        if SCHEMA_KEYS.contains(&k.as_str()) {
            schema.insert(k.clone(), v.clone());
        } else {
            out.insert(k.clone(), v.clone());
        }
    }
    if out.get("in").and_then(Value::as_str) == Some("formData") {
        out.insert("in".into(), json!("query"));
    }
    if !schema.is_empty() {
        out.insert("schema".into(), Value::Object(schema));
    }
    Value::Object(out)
}

/// A 2.0 security definition as a 3.x security scheme.
fn scheme(d: &Value) -> Value {
    let kind = d.get("type").and_then(Value::as_str).unwrap_or("");
    match kind {
        "basic" => json!({"type": "http", "scheme": "basic"}),
        "oauth2" => {
            let flow = d.get("flow").and_then(Value::as_str).unwrap_or("");
            let name = match flow {
                "implicit" => "implicit",
                "password" => "password",
                "application" => "clientCredentials",
                _ => "authorizationCode",
            };
            let mut f = Map::new();
            for k in ["authorizationUrl", "tokenUrl", "scopes"] {
                if let Some(v) = d.get(k) {
                    f.insert(k.into(), v.clone());
                }
            }
            f.entry("scopes").or_insert(json!({}));
            json!({"type": "oauth2", "flows": {name: Value::Object(f)}})
        }
        _ => d.clone(),
    }
}

/// Convert a Swagger 2.0 document.
pub fn convert(doc: &Value) -> Converted {
    let mut map: Vec<(String, String)> = Vec::new();
    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    if let Some(info) = doc.get("info") {
        out.insert("info".into(), info.clone());
    }
    // Servers from host, basePath and schemes (no host: relative to where
    // the document is served, so no server to judge).
    if let Some(host) = doc.get("host").and_then(Value::as_str) {
        let base = doc.get("basePath").and_then(Value::as_str).unwrap_or("");
        let schemes: Vec<&str> = doc
            .get("schemes")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_else(|| vec!["https"]);
        let servers: Vec<Value> = schemes
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let to = if doc.get("schemes").is_some() {
                    format!("/schemes/{i}")
                } else {
                    "/host".into()
                };
                map.push((format!("/servers/{i}/url"), to.clone()));
                map.push((format!("/servers/{i}"), to));
                json!({"url": format!("{s}://{host}{base}")})
            })
            .collect();
        out.insert("servers".into(), Value::Array(servers));
    } else if let Some(base) = doc.get("basePath").and_then(Value::as_str) {
        // A path prefix only still carries its version.
        out.insert("servers".into(), json!([{"url": base}]));
        map.push(("/servers/0".into(), "/basePath".into()));
    }
    if let Some(sec) = doc.get("security") {
        out.insert("security".into(), sec.clone());
    }
    let mut components = Map::new();
    if let Some(Value::Object(defs)) = doc.get("definitions") {
        components.insert("schemas".into(), Value::Object(defs.clone()));
        map.push(("/components/schemas".into(), "/definitions".into()));
    }
    if let Some(Value::Object(sd)) = doc.get("securityDefinitions") {
        let schemes: Map<String, Value> = sd.iter().map(|(k, v)| (k.clone(), scheme(v))).collect();
        components.insert("securitySchemes".into(), Value::Object(schemes));
        map.push((
            "/components/securitySchemes".into(),
            "/securityDefinitions".into(),
        ));
    }
    if let Some(Value::Object(ps)) = doc.get("parameters") {
        let params: Map<String, Value> =
            ps.iter().map(|(k, v)| (k.clone(), parameter(v))).collect();
        components.insert("parameters".into(), Value::Object(params));
        map.push(("/components/parameters".into(), "/parameters".into()));
    }
    if let Some(Value::Object(rs)) = doc.get("responses") {
        let mut responses = Map::new();
        for (k, r) in rs {
            responses.insert(k.clone(), response(r));
            map.push((
                format!(
                    "/components/responses/{}/content/application~1json/schema",
                    escape(k)
                ),
                format!("/responses/{}/schema", escape(k)),
            ));
        }
        components.insert("responses".into(), Value::Object(responses));
        map.push(("/components/responses".into(), "/responses".into()));
    }
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    let mut paths = Map::new();
    if let Some(Value::Object(ps)) = doc.get("paths") {
        for (path, item) in ps {
            let item_ptr = format!("/paths/{}", escape(path));
            let Some(item) = item.as_object() else {
                continue;
            };
            let mut new_item = Map::new();
            if let Some(Value::Array(list)) = item.get("parameters") {
                let (params, _) =
                    split_parameters(list, &item_ptr, &format!("{item_ptr}/parameters"), &mut map);
                new_item.insert("parameters".into(), Value::Array(params));
            }
            for m in METHODS {
                let Some(op) = item.get(*m).and_then(Value::as_object) else {
                    continue;
                };
                let op_ptr = format!("{item_ptr}/{m}");
                let mut new_op = Map::new();
                for (k, v) in op {
                    match k.as_str() {
                        "parameters" | "responses" | "consumes" | "produces" | "schemes" => {}
                        _ => {
                            new_op.insert(k.clone(), v.clone());
                        }
                    }
                }
                if let Some(Value::Array(list)) = op.get("parameters") {
                    let (params, body) =
                        split_parameters(list, &op_ptr, &format!("{op_ptr}/parameters"), &mut map);
                    if !params.is_empty() {
                        new_op.insert("parameters".into(), Value::Array(params));
                    }
                    if let Some((i, b)) = body {
                        let media = op
                            .get("consumes")
                            .or_else(|| doc.get("consumes"))
                            .and_then(Value::as_array)
                            .and_then(|a| a.first())
                            .and_then(Value::as_str)
                            .unwrap_or("application/json")
                            .to_string();
                        map.push((
                            format!("{op_ptr}/requestBody/content/{}/schema", escape(&media)),
                            format!("{op_ptr}/parameters/{i}/schema"),
                        ));
                        map.push((
                            format!("{op_ptr}/requestBody"),
                            format!("{op_ptr}/parameters/{i}"),
                        ));
                        let schema = b.get("schema").cloned().unwrap_or(json!({}));
                        new_op.insert(
                            "requestBody".into(),
                            json!({"content": {media: {"schema": schema}}}),
                        );
                    }
                }
                if let Some(Value::Object(rs)) = op.get("responses") {
                    let mut responses = Map::new();
                    for (code, r) in rs {
                        responses.insert(code.clone(), response(r));
                        map.push((
                            format!(
                                "{op_ptr}/responses/{}/content/application~1json/schema",
                                escape(code)
                            ),
                            format!("{op_ptr}/responses/{}/schema", escape(code)),
                        ));
                    }
                    new_op.insert("responses".into(), Value::Object(responses));
                }
                new_item.insert((*m).to_string(), Value::Object(new_op));
            }
            paths.insert(path.clone(), Value::Object(new_item));
        }
    }
    out.insert("paths".into(), Value::Object(paths));
    let mut value = Value::Object(out);
    rewrite_refs(&mut value);
    // Longest prefixes first, so the most specific mapping wins.
    map.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
    Converted { value, map }
}

/// A 2.0 response: its schema under `content`, its headers' types under
/// their schema.
fn response(r: &Value) -> Value {
    let Some(o) = r.as_object() else {
        return r.clone();
    };
    if o.contains_key("$ref") {
        return r.clone();
    }
    let mut out = Map::new();
    for (k, v) in o {
        match k.as_str() {
            "schema" => {
                out.insert(
                    "content".into(),
                    json!({"application/json": {"schema": v.clone()}}),
                );
            }
            "headers" => {
                let headers: Map<String, Value> = v
                    .as_object()
                    .map(|h| {
                        h.iter()
                            .map(|(name, def)| (name.clone(), json!({"schema": def.clone()})))
                            .collect()
                    })
                    .unwrap_or_default();
                out.insert("headers".into(), Value::Object(headers));
            }
            "examples" => {}
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(out)
}

/// Non-body parameters converted, and the body parameter (with its index).
fn split_parameters(
    list: &[Value],
    _owner: &str,
    base: &str,
    map: &mut Vec<(String, String)>,
) -> (Vec<Value>, Option<(usize, Value)>) {
    let mut params = Vec::new();
    let mut body = None;
    for (i, p) in list.iter().enumerate() {
        if p.get("in").and_then(Value::as_str) == Some("body") {
            body = Some((i, p.clone()));
            continue;
        }
        let k = params.len();
        // The schema of a converted parameter is its own level in 2.0.
        map.push((format!("{base}/{k}/schema"), format!("{base}/{i}")));
        map.push((format!("{base}/{k}"), format!("{base}/{i}")));
        params.push(parameter(p));
    }
    (params, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swagger_document_becomes_the_openapi_3_shape_with_pointers_back() {
        let doc: Value = serde_json::from_str(
            r##"{"swagger":"2.0","host":"api.example.com","basePath":"/v1","schemes":["http"],
            "securityDefinitions":{"key":{"type":"apiKey","in":"query","name":"api_key"},
              "o":{"type":"oauth2","flow":"password","tokenUrl":"https://id/t","scopes":{}}},
            "paths":{"/users/{id}":{"put":{"parameters":[
              {"name":"id","in":"path","type":"integer","required":true},
              {"name":"user","in":"body","schema":{"$ref":"#/definitions/User"}}],
              "responses":{"200":{"description":"ok","schema":{"$ref":"#/definitions/User"}}}}}},
            "definitions":{"User":{"type":"object","properties":{"password":{"type":"string"}}}}}"##,
        )
        .unwrap();
        let c = convert(&doc);
        let v = &c.value;
        assert_eq!(v["servers"][0]["url"], "http://api.example.com/v1");
        assert_eq!(
            v["components"]["securitySchemes"]["o"]["flows"]["password"]["tokenUrl"],
            "https://id/t"
        );
        let put = &v["paths"]["/users/{id}"]["put"];
        assert_eq!(put["parameters"][0]["schema"]["type"], "integer");
        assert_eq!(
            put["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/User"
        );
        assert_eq!(c.original("/servers/0"), "/schemes/0");
        assert_eq!(
            c.original("/components/schemas/User/properties/password"),
            "/definitions/User/properties/password"
        );
        assert_eq!(
            c.original("/paths/~1users~1{id}/put/requestBody/content/application~1json/schema"),
            "/paths/~1users~1{id}/put/parameters/1/schema"
        );
        assert_eq!(
            c.original("/paths/~1users~1{id}/put/parameters/0/schema"),
            "/paths/~1users~1{id}/put/parameters/0"
        );
    }
}
