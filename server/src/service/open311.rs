//! What the hotline offers an Open311 GeoReport v2 client (issue 17 §1): a
//! service per category a citizen can choose (grouped under its parent), and
//! each service's definition — the attributes a request of it needs beyond
//! the spec's own fields: the request's type (Art. 11) and the county whose
//! units handle it.

use super::{internal, Service};
use app::api::AppError;
use app::domain::types::RequestType;
use serde::Serialize;

/// One entry of `services.json`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Open311Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    /// Every service has attributes to fill (the request's type, the county).
    pub metadata: bool,
    /// `realtime`: a created request gets its number at once.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub keywords: String,
    pub group: String,
}

/// `services/{code}.json`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ServiceDefinition {
    pub service_code: String,
    pub attributes: Vec<Attribute>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Attribute {
    /// Asked of the citizen (not a fixed note).
    pub variable: bool,
    pub code: &'static str,
    pub datatype: &'static str,
    pub required: bool,
    pub datatype_description: Option<String>,
    pub order: u32,
    pub description: String,
    pub values: Vec<AttributeValue>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct AttributeValue {
    pub key: String,
    pub name: String,
}

impl Service {
    /// Every category a request can be filed under (those with a parent), as services.
    pub async fn open311_services(&self) -> Result<Vec<Open311Service>, AppError> {
        let categories = self.store.categories().await.map_err(internal)?;
        let name_of = |code: &str| categories.iter().find(|(c, _, _)| c == code).map(|(_, n, _)| n.clone());
        Ok(categories
            .iter()
            .filter_map(|(code, name, parent)| {
                let group = name_of(parent.as_deref()?).unwrap_or_default();
                Some(Open311Service {
                    service_code: code.clone(),
                    service_name: name.clone(),
                    description: format!("{group} · {name}"),
                    metadata: true,
                    kind: "realtime",
                    keywords: format!("{group},{name}"),
                    group,
                })
            })
            .collect())
    }

    /// The definition of the service `code`; `None` when there is no such service.
    pub async fn open311_definition(&self, code: &str) -> Result<Option<ServiceDefinition>, AppError> {
        if !self.open311_services().await?.iter().any(|s| s.service_code == code) {
            return Ok(None);
        }
        let choices = |list: Vec<(String, String)>| list.into_iter().map(|(key, name)| AttributeValue { key, name }).collect();
        let counties = self.counties().into_iter().map(|c| (c.clone(), c)).collect();
        Ok(Some(ServiceDefinition {
            service_code: code.to_string(),
            attributes: vec![
                Attribute {
                    variable: true,
                    code: "request_type",
                    datatype: "singlevaluelist",
                    required: true,
                    datatype_description: None,
                    order: 1,
                    description: "诉求类型（第十一条）".into(),
                    values: choices(RequestType::choices()),
                },
                Attribute {
                    variable: true,
                    code: "county",
                    datatype: "singlevaluelist",
                    required: true,
                    datatype_description: None,
                    order: 2,
                    description: "事发地所在县市".into(),
                    values: choices(counties),
                },
                Attribute {
                    variable: true,
                    code: "township",
                    datatype: "string",
                    required: false,
                    datatype_description: Some("乡镇（街道）名称".into()),
                    order: 3,
                    description: "事发地所在乡镇（街道）".into(),
                    values: Vec::new(),
                },
            ],
        }))
    }
}
