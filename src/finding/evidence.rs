//! The facts behind a finding, by name. A run on a large portal holds tens of thousands of
//! findings at once (one per policy document without a 解读), each with a handful of facts;
//! a `serde_json::Map` gives each finding a B-tree node sized for eleven entries and a copy
//! of every name. [`Evidence`] keeps the entries in one vector sized to fit, sorted by name,
//! the names shared with every finding of the thread that uses them, and reads, compares and
//! serialises exactly as that map: a JSON object with its keys in order.

use std::cell::RefCell;
use std::ops::Index;
use std::sync::Arc;

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::model::intern::Table;

thread_local! {
    /// Evidence names, apart from the model's strings: a few dozen, which a table filled by
    /// page extraction would no longer take.
    static NAMES: RefCell<Table<str>> = RefCell::default();
}

fn intern(name: &str) -> Arc<str> {
    NAMES.with_borrow_mut(|names| names.share(name))
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence(Vec<(Arc<str>, Value)>);

impl Evidence {
    pub fn new() -> Self {
        Self::default()
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(name, _)| (**name).cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.position(key).ok().map(|at| &self.0[at].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }

    /// Sets `key` to `value`, returning the value it replaces, as a map's `insert` does.
    pub fn insert(&mut self, key: &str, value: Value) -> Option<Value> {
        match self.position(key) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, value)),
            Err(at) => {
                // One entry of room at a time: a finding's few facts are set once, and the
                // vector's doubling would leave most findings with unused room.
                self.0.reserve_exact(1);
                self.0.insert(at, (intern(key), value));
                None
            }
        }
    }

    /// Entries in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(name, value)| (&**name, value))
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Value> {
        self.0.iter_mut().map(|(_, value)| value)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Index<&str> for Evidence {
    type Output = Value;

    /// The value of `key`; panics when there is none, as indexing a map does.
    fn index(&self, key: &str) -> &Value {
        self.get(key)
            .unwrap_or_else(|| panic!("no evidence named {key}"))
    }
}

impl Serialize for Evidence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(&**name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Map::<String, Value>::deserialize(deserializer)?.into())
    }
}

impl From<Map<String, Value>> for Evidence {
    fn from(map: Map<String, Value>) -> Self {
        // The map's entries come in name order already.
        Self(
            map.into_iter()
                .map(|(name, value)| (intern(&name), value))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_and_writes_as_a_json_map() {
        let mut evidence = Evidence::new();
        let mut map = Map::new();
        for (key, value) in [
            ("need", json!("policy")),
            ("column", json!(1)),
            ("b", json!(null)),
        ] {
            assert_eq!(
                evidence.insert(key, value.clone()),
                map.insert(key.to_string(), value)
            );
        }
        assert_eq!(
            evidence.insert("column", json!([2])),
            map.insert("column".into(), json!([2]))
        );
        assert_eq!(
            serde_json::to_string(&evidence).unwrap(),
            serde_json::to_string(&map).unwrap()
        );
        assert_eq!(evidence["need"], "policy");
        assert!(evidence.contains_key("b") && !evidence.contains_key("a"));
        let back: Evidence = serde_json::from_value(json!(map)).unwrap();
        assert_eq!(back, evidence);
    }
}
