//! Handling units (承办单位, Art. 4) as a tree with one root: the hotline
//! center, which dispatches everywhere. County governments' hotline offices
//! dispatch within their own subtree (Art. 4 last paragraph).

use super::types::{Label, ParseError, Role};
use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// A unit's short code, e.g. `yining-city`: 1–64 of a-z, 0-9, `-`, `_`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitId(String);

impl UnitId {
    pub fn parse(s: &str) -> Result<UnitId, ParseError> {
        let s = s.trim();
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if ok {
            Ok(UnitId(s.to_string()))
        } else {
            Err(ParseError::Invalid {
                field: "unit".into(),
                value: s.into(),
                expected: "a unit code of 1–64 characters a-z 0-9 - _".into(),
            })
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for UnitId {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        UnitId::parse(s)
    }
}

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl Serialize for UnitId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}
impl<'de> Deserialize<'de> for UnitId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        UnitId::parse(&String::deserialize(d)?).map_err(D::Error::custom)
    }
}

/// A handling unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub name: Label,
    pub parent: Option<UnitId>,
    /// Vertically managed (垂直管理, Art. 14(2)): placed in the tree under the
    /// head of its line, its items go to that prefecture-level head.
    #[serde(default)]
    pub vertical: bool,
    /// The unit's hotline office dispatches within its subtree (Art. 4).
    #[serde(default)]
    pub dispatches_subtree: bool,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

impl Unit {
    /// Whether the unit is a hotline office: the center (the root) or a unit
    /// whose office dispatches in its subtree — a county's (Art. 4, last paragraph).
    pub fn is_hotline_office(&self) -> bool {
        self.parent.is_none() || self.dispatches_subtree
    }

    /// Whether staff of `role` may belong to this unit: agents and reviewers
    /// work at a hotline office, the other roles anywhere.
    pub fn may_hold(&self, role: Role) -> bool {
        !matches!(role, Role::Agent | Role::Reviewer) || self.is_hotline_office()
    }
}

/// Why a unit cannot be put into the tree.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    #[error("unit {unit}: parent {parent} is unknown (insert parents first)")]
    UnknownParent { unit: UnitId, parent: UnitId },
    #[error("unit {unit}: the tree already has the root {root}; a unit needs a parent")]
    SecondRoot { unit: UnitId, root: UnitId },
    #[error("unit {unit}: parent {parent} is the unit itself or one of its sub-units")]
    Cycle { unit: UnitId, parent: UnitId },
}

/// The unit tree. Every unit but the root has a parent already in the tree,
/// so parent chains are finite and end at the root.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitTree {
    units: BTreeMap<UnitId, Unit>,
}

impl UnitTree {
    pub fn new() -> UnitTree {
        UnitTree::default()
    }

    /// Adds or replaces a unit. The parent must exist; only one root; a
    /// replacement may not move a unit under its own subtree.
    pub fn insert(&mut self, unit: Unit) -> Result<(), UnitError> {
        match &unit.parent {
            None => {
                if let Some(root) = self.root() {
                    if root.id != unit.id {
                        return Err(UnitError::SecondRoot {
                            unit: unit.id.clone(),
                            root: root.id.clone(),
                        });
                    }
                }
            }
            Some(parent) => {
                if !self.units.contains_key(parent) {
                    return Err(UnitError::UnknownParent {
                        unit: unit.id.clone(),
                        parent: parent.clone(),
                    });
                }
                if self.units.contains_key(&unit.id) && self.is_within(parent, &unit.id) {
                    return Err(UnitError::Cycle {
                        unit: unit.id.clone(),
                        parent: parent.clone(),
                    });
                }
            }
        }
        self.units.insert(unit.id.clone(), unit);
        Ok(())
    }

    pub fn get(&self, id: &UnitId) -> Option<&Unit> {
        self.units.get(id)
    }

    pub fn contains(&self, id: &UnitId) -> bool {
        self.units.contains_key(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Unit> {
        self.units.values()
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The root: the hotline center.
    pub fn root(&self) -> Option<&Unit> {
        self.units.values().find(|u| u.parent.is_none())
    }

    /// The unit's display name, or its code when unknown.
    pub fn name_of(&self, id: &UnitId) -> String {
        self.get(id).map_or_else(|| id.to_string(), |u| u.name.to_string())
    }

    /// The name with the code, as the audit log names a unit: 伊宁市人民政府（yining）.
    pub fn name_and_id(&self, id: &UnitId) -> String {
        format!("{}（{id}）", self.name_of(id))
    }

    /// The unit and its ancestors, nearest first, ending at the root. Empty
    /// for an unknown unit.
    pub fn chain(&self, id: &UnitId) -> Vec<&Unit> {
        let mut out = Vec::new();
        let mut cur = self.units.get(id);
        while let Some(u) = cur {
            // The insert rules exclude cycles; the bound guards against a
            // tree deserialized from a corrupted snapshot.
            if out.len() > self.units.len() {
                break;
            }
            out.push(u);
            cur = u.parent.as_ref().and_then(|p| self.units.get(p));
        }
        out
    }

    /// Whether `unit` lies in the subtree of `ancestor` (a unit is within itself).
    pub fn is_within(&self, unit: &UnitId, ancestor: &UnitId) -> bool {
        self.chain(unit).iter().any(|u| &u.id == ancestor)
    }

    /// Whether `unit` is a strict descendant of `ancestor`.
    pub fn is_below(&self, unit: &UnitId, ancestor: &UnitId) -> bool {
        unit != ancestor && self.is_within(unit, ancestor)
    }

    /// The unit and all units below it.
    pub fn subtree(&self, id: &UnitId) -> Vec<&Unit> {
        self.units.values().filter(|u| self.is_within(&u.id, id)).collect()
    }

    /// The unit whose subtree `id` may dispatch to: the nearest
    /// ancestor-or-self with dispatch rights; the root dispatches everywhere,
    /// so a chain without such a unit ends at the root.
    pub fn dispatch_scope(&self, id: &UnitId) -> Option<&UnitId> {
        let chain = self.chain(id);
        chain
            .iter()
            .find(|u| u.dispatches_subtree || u.parent.is_none())
            .or(chain.last())
            .map(|u| &u.id)
    }

    /// Art. 14(2): the prefecture-level head of a vertical unit's line. A
    /// vertical unit sits in the tree under the head of its line
    /// (州税务局 → 伊宁市税务局), so the head is the highest unit reached by
    /// walking up through vertical units. `None` when `id` is not vertical.
    pub fn vertical_target(&self, id: &UnitId) -> Option<&UnitId> {
        let chain = self.chain(id);
        if !chain.first()?.vertical {
            return None;
        }
        chain.iter().take_while(|u| u.vertical).last().map(|u| &u.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> UnitId {
        UnitId::parse(s).unwrap()
    }

    fn unit(code: &str, parent: Option<&str>, vertical: bool, dispatches: bool) -> Unit {
        Unit {
            id: id(code),
            name: Label::parse(code).unwrap(),
            parent: parent.map(id),
            vertical,
            dispatches_subtree: dispatches,
            active: true,
        }
    }

    /// center → yining-city (dispatches) → yining-housing → dunmaili-street
    ///        → ili-tax (vertical) → yining-tax (vertical)
    ///        → ili-water
    fn tree() -> UnitTree {
        let mut t = UnitTree::new();
        t.insert(unit("center", None, false, true)).unwrap();
        t.insert(unit("yining-city", Some("center"), false, true)).unwrap();
        t.insert(unit("yining-housing", Some("yining-city"), false, false))
            .unwrap();
        t.insert(unit("dunmaili-street", Some("yining-housing"), false, false))
            .unwrap();
        t.insert(unit("ili-tax", Some("center"), true, false)).unwrap();
        t.insert(unit("yining-tax", Some("ili-tax"), true, false)).unwrap();
        t.insert(unit("ili-water", Some("center"), false, false)).unwrap();
        t
    }

    #[test]
    fn unit_ids_parse() {
        assert!(UnitId::parse("yining-city").is_ok());
        assert!(UnitId::parse("Yining").is_err());
        assert!(UnitId::parse("").is_err());
        assert!(UnitId::parse("伊宁").is_err());
        assert_eq!(serde_json::to_string(&id("ili-tax")).unwrap(), "\"ili-tax\"");
    }

    #[test]
    fn insert_rules() {
        let mut t = tree();
        assert_eq!(
            t.insert(unit("orphan", Some("nowhere"), false, false)),
            Err(UnitError::UnknownParent {
                unit: id("orphan"),
                parent: id("nowhere")
            })
        );
        assert!(matches!(
            t.insert(unit("second-root", None, false, true)),
            Err(UnitError::SecondRoot { .. })
        ));
        // Moving yining-city under its own grandchild would make a cycle.
        assert!(matches!(
            t.insert(unit("yining-city", Some("dunmaili-street"), false, true)),
            Err(UnitError::Cycle { .. })
        ));
        // Moving a unit elsewhere is fine.
        t.insert(unit("dunmaili-street", Some("yining-city"), false, false))
            .unwrap();
        assert_eq!(t.get(&id("dunmaili-street")).unwrap().parent, Some(id("yining-city")));
        assert_eq!(t.len(), 7);
    }

    #[test]
    fn chains_and_subtrees() {
        let t = tree();
        let chain: Vec<_> = t
            .chain(&id("dunmaili-street"))
            .iter()
            .map(|u| u.id.to_string())
            .collect();
        assert_eq!(chain, ["dunmaili-street", "yining-housing", "yining-city", "center"]);
        assert!(t.is_within(&id("yining-city"), &id("yining-city")));
        assert!(t.is_within(&id("dunmaili-street"), &id("yining-city")));
        assert!(!t.is_within(&id("yining-city"), &id("dunmaili-street")));
        assert!(!t.is_below(&id("yining-city"), &id("yining-city")));
        assert!(t.is_below(&id("yining-housing"), &id("yining-city")));
        assert!(!t.is_within(&id("unknown"), &id("center")));
        let sub: Vec<_> = t.subtree(&id("yining-city")).iter().map(|u| u.id.to_string()).collect();
        assert_eq!(sub, ["dunmaili-street", "yining-city", "yining-housing"]);
        assert_eq!(t.subtree(&id("center")).len(), 7);
        assert_eq!(t.root().unwrap().id, id("center"));
    }

    #[test]
    fn dispatch_scopes() {
        let t = tree();
        assert_eq!(t.dispatch_scope(&id("center")), Some(&id("center")));
        assert_eq!(t.dispatch_scope(&id("yining-city")), Some(&id("yining-city")));
        assert_eq!(t.dispatch_scope(&id("dunmaili-street")), Some(&id("yining-city")));
        assert_eq!(t.dispatch_scope(&id("ili-water")), Some(&id("center")));
        assert_eq!(t.dispatch_scope(&id("unknown")), None);
        // A root without the flag still dispatches everywhere.
        let mut t2 = UnitTree::new();
        t2.insert(unit("root", None, false, false)).unwrap();
        t2.insert(unit("a", Some("root"), false, false)).unwrap();
        assert_eq!(t2.dispatch_scope(&id("a")), Some(&id("root")));
    }

    #[test]
    fn vertical_targets() {
        let t = tree();
        assert_eq!(t.vertical_target(&id("yining-tax")), Some(&id("ili-tax")));
        assert_eq!(t.vertical_target(&id("ili-tax")), Some(&id("ili-tax")));
        assert_eq!(t.vertical_target(&id("yining-housing")), None);
        assert_eq!(t.vertical_target(&id("unknown")), None);
    }

    #[test]
    fn tree_serde_round_trip() {
        let t = tree();
        let back: UnitTree = serde_json::from_value(serde_json::to_value(&t).unwrap()).unwrap();
        assert_eq!(back, t);
        let u: Unit = serde_json::from_str(r#"{"id":"x","name":"某单位","parent":"center"}"#).unwrap();
        assert!(u.active && !u.vertical && !u.dispatches_subtree);
    }
}
