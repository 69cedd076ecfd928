//! Open311 GeoReport v2 (issue 17 §1), read over the real server on both
//! stores and held to the spec's examples: discovery, the service list and
//! a service's definition carry exactly the spec's fields with its types, in
//! JSON and in XML of the same shape; an unknown service or format gets the
//! spec's error list.

use crate::support::http::{client, start};
use crate::support::TestDb;
use quick_xml::events::Event;
use serde_json::Value;
use std::collections::BTreeSet;

on_both_backends!(open311_clients_discover_the_services_and_what_each_needs);

/// The field names of a JSON object.
fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object().unwrap_or_else(|| panic!("an object: {v}")).keys().map(String::as_str).collect()
}

fn set<'a>(names: &[&'a str]) -> BTreeSet<&'a str> {
    names.iter().copied().collect()
}

/// The path of every element in an XML document (`services/service/service_code`),
/// with its text, in document order.
fn xml_paths(xml: &str) -> Vec<(String, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut path, mut out) = (Vec::<String>::new(), Vec::new());
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("well-formed XML: {e}\n{xml}")) {
            Event::Start(e) => {
                path.push(e.name().as_ref().to_string());
                out.push((path.join("/"), String::new()));
            }
            Event::Empty(e) => out.push((format!("{}/{}", path.join("/"), e.name().as_ref().to_string()), String::new())),
            Event::Text(t) => {
                if let Some(last) = out.last_mut() {
                    last.1.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(last) = out.last_mut() {
                    let name = r.to_string();
                    last.1.push_str(match name.as_str() { "amp" => "&", "lt" => "<", "gt" => ">", "quot" => "\"", "apos" => "'", other => panic!("entity {other}") });
                }
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn texts<'a>(paths: &'a [(String, String)], path: &str) -> Vec<&'a str> {
    paths.iter().filter(|(p, _)| p == path).map(|(_, t)| t.as_str()).collect()
}

async fn open311_clients_discover_the_services_and_what_each_needs(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = format!("{}/open311/v2", run.base);
    let c = client();
    let get = |path: String| {
        let c = c.clone();
        async move {
            let res = c.get(path).send().await.unwrap();
            let (status, kind) = (res.status().as_u16(), res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default());
            (status, kind, res.text().await.unwrap())
        }
    };

    // Discovery: where the endpoint is, which formats.
    let (status, kind, body) = get(format!("{base}/discovery.json")).await;
    assert_eq!((status, kind.as_str()), (200, "application/json; charset=utf-8"), "{name}");
    let discovery: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(keys(&discovery), set(&["changeset", "contact", "key_service", "endpoints"]), "{name}");
    let endpoint = &discovery["endpoints"][0];
    assert_eq!(keys(endpoint), set(&["specification", "url", "changeset", "type", "formats"]), "{name}");
    assert_eq!(endpoint["specification"], "http://wiki.open311.org/GeoReport_v2");
    assert!(endpoint["url"].as_str().unwrap().ends_with("/open311/v2"), "{name}: {endpoint}");
    assert_eq!(endpoint["formats"], serde_json::json!(["application/json", "text/xml"]));
    let (status, kind, body) = get(format!("{base}/discovery.xml")).await;
    assert_eq!((status, kind.as_str()), (200, "text/xml; charset=utf-8"), "{name}");
    let xml = xml_paths(&body);
    assert_eq!(texts(&xml, "discovery/endpoints/endpoint/formats/format"), ["application/json", "text/xml"], "{name}");

    // The services: the categories a request is filed under, grouped by their parents.
    let (status, _, body) = get(format!("{base}/services.json?jurisdiction_id=any")).await;
    assert_eq!(status, 200, "{name}: {body}");
    let services: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert!(services.len() > 5, "{name}: {} services", services.len());
    for s in &services {
        assert_eq!(keys(s), set(&["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]), "{name}");
        assert!(s["metadata"].is_boolean() && s["type"] == "realtime", "{name}: {s}");
        assert!(!s["group"].as_str().unwrap().is_empty() && !s["service_name"].as_str().unwrap().is_empty(), "{name}: {s}");
    }
    let noise = services.iter().find(|s| s["service_code"] == "environment.noise").unwrap_or_else(|| panic!("{name}: environment.noise"));
    let codes: Vec<&str> = services.iter().map(|s| s["service_code"].as_str().unwrap()).collect();
    let (_, kind, body) = get(format!("{base}/services.xml")).await;
    assert_eq!(kind, "text/xml; charset=utf-8");
    let xml = xml_paths(&body);
    assert_eq!(texts(&xml, "services/service/service_code"), codes, "{name}: the XML lists the same services");
    assert_eq!(texts(&xml, "services/service/group").len(), codes.len(), "{name}");

    // A service's definition: the request's type and county, chosen from lists, are required.
    let (status, _, body) = get(format!("{base}/services/environment.noise.json")).await;
    assert_eq!(status, 200, "{name}: {body}");
    let definition: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(keys(&definition), set(&["service_code", "attributes"]), "{name}");
    assert_eq!(definition["service_code"], noise["service_code"]);
    let attributes = definition["attributes"].as_array().unwrap();
    for (i, a) in attributes.iter().enumerate() {
        assert_eq!(keys(a), set(&["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"]), "{name}");
        assert_eq!(a["order"].as_u64(), Some(i as u64 + 1), "{name}: ordered");
        assert!(a["variable"].is_boolean() && a["required"].is_boolean(), "{name}: {a}");
        let list = a["datatype"] == "singlevaluelist";
        assert_eq!(a["values"].as_array().unwrap().is_empty(), !list, "{name}: a list offers its values: {a}");
    }
    let by_code = |code: &str| attributes.iter().find(|a| a["code"] == code).unwrap_or_else(|| panic!("{name}: attribute {code}"));
    let types: Vec<&str> = by_code("request_type")["values"].as_array().unwrap().iter().map(|v| v["key"].as_str().unwrap()).collect();
    assert_eq!(types, ["consultation", "complaint", "help", "suggestion"], "{name}");
    assert_eq!(by_code("request_type")["values"][1]["name"], "投诉举报");
    assert!(by_code("county")["values"].as_array().unwrap().iter().any(|v| v["key"] == "伊宁市"), "{name}");
    assert_eq!((by_code("county")["required"].as_bool(), by_code("township")["required"].as_bool()), (Some(true), Some(false)));
    let (_, _, body) = get(format!("{base}/services/environment.noise.xml")).await;
    let xml = xml_paths(&body);
    assert_eq!(texts(&xml, "service_definition/service_code"), ["environment.noise"], "{name}");
    assert_eq!(texts(&xml, "service_definition/attributes/attribute/code"), ["request_type", "county", "township"], "{name}");
    assert_eq!(texts(&xml, "service_definition/attributes/attribute/values/value/key")[..4], types[..], "{name}");
    assert_eq!(texts(&xml, "service_definition/attributes/attribute/datatype_description").len(), 3, "{name}: null is an empty element");

    // Bad requests get the spec's error list, in the format asked for.
    let (status, _, body) = get(format!("{base}/services/no.such.service.json")).await;
    assert_eq!(status, 404, "{name}");
    let errors: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(keys(&errors[0]), set(&["code", "description"]), "{name}");
    assert_eq!(errors[0]["code"], 404);
    assert!(errors[0]["description"].as_str().unwrap().contains("no.such.service"), "{name}: {errors}");
    let (status, _, body) = get(format!("{base}/services/no.such.service.xml")).await;
    assert_eq!((status, texts(&xml_paths(&body), "errors/error/code")), (404, vec!["404"]), "{name}");
    let (status, kind, body) = get(format!("{base}/services.html")).await;
    assert_eq!((status, kind.as_str()), (404, "application/json; charset=utf-8"), "{name}: {body}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()[0]["code"], 404);
    let res = c.post(format!("{base}/services/environment.noise.xml")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 405, "{name}");
    assert_eq!(texts(&xml_paths(&res.text().await.unwrap()), "errors/error/code"), ["405"], "{name}: only read, said in the spec's words");
    assert!(discovery["changeset"].as_str().unwrap().parse::<chrono::DateTime<chrono::FixedOffset>>().is_ok(), "{name}: ISO 8601");
    run.db.drop_db().await;
}
