//! Open311's two formats from one document: every answer is built as JSON
//! (the serde types of `documents`), and its XML is the same tree as the
//! GeoReport v2 examples write it — a list is an element holding one child
//! per item, named in the singular (`<services><service>…`), null is an
//! empty element.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use serde_json::Value;

/// The format a path asks for by its extension (`services.json`, `services.xml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// Splits `services.json` into `("services", Json)`; `None` for another extension.
    pub fn split(file: &str) -> Option<(&str, Format)> {
        let (name, ext) = file.rsplit_once('.')?;
        match ext {
            "json" => Some((name, Format::Json)),
            "xml" => Some((name, Format::Xml)),
            _ => None,
        }
    }

    /// `document` in this format, as the response body.
    pub fn respond(self, status: StatusCode, root: &str, document: &Value) -> Response {
        match self {
            Format::Json => (status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], document.to_string()).into_response(),
            Format::Xml => (status, [(header::CONTENT_TYPE, "text/xml; charset=utf-8")], to_xml(root, document)).into_response(),
        }
    }
}

/// The element name of one item of the list `list` (the spec's names).
fn item_of(list: &str) -> &str {
    match list {
        "services" => "service",
        "attributes" => "attribute",
        "values" => "value",
        "endpoints" => "endpoint",
        "formats" => "format",
        "errors" => "error",
        "requests" => "request",
        "service_requests" => "request",
        other => other,
    }
}

/// The XML document of `value` under the element `root`.
pub fn to_xml(root: &str, value: &Value) -> String {
    let mut writer = Writer::new(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_event(Event::Decl(quick_xml::events::BytesDecl::new("1.0", Some("utf-8"), None)));
    element(&mut writer, root, value);
    String::from_utf8(writer.into_inner()).unwrap_or_default()
}

fn element(writer: &mut Writer<Vec<u8>>, name: &str, value: &Value) {
    if value.is_null() {
        let _ = writer.write_event(Event::Empty(BytesStart::new(name)));
        return;
    }
    let _ = writer.write_event(Event::Start(BytesStart::new(name)));
    match value {
        Value::Object(fields) => fields.iter().for_each(|(k, v)| element(writer, k, v)),
        Value::Array(items) => items.iter().for_each(|v| element(writer, item_of(name), v)),
        Value::String(s) => drop(writer.write_event(Event::Text(BytesText::new(s)))),
        other => drop(writer.write_event(Event::Text(BytesText::new(&other.to_string())))),
    }
    let _ = writer.write_event(Event::End(BytesEnd::new(name)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_list_holds_its_items_in_the_singular_and_text_is_escaped() {
        // Keys in alphabetical order: the same whether or not serde_json keeps insertion order.
        let doc = json!([{"keywords": null, "metadata": true, "service_code": "a&b", "values": [{"key": 1, "name": "<x>"}]}]);
        assert_eq!(
            to_xml("services", &doc),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><services><service><keywords/><metadata>true</metadata>\
             <service_code>a&amp;b</service_code><values><value><key>1</key><name>&lt;x&gt;</name></value></values></service></services>"
        );
    }

    #[test]
    fn the_extension_names_the_format() {
        assert_eq!(Format::split("services.json"), Some(("services", Format::Json)));
        assert_eq!(Format::split("environment.noise.xml"), Some(("environment.noise", Format::Xml)));
        assert_eq!(Format::split("services.html"), None);
        assert_eq!(Format::split("services"), None);
    }
}
