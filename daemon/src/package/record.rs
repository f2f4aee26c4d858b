//! A record as a JSON object, its keys in column order: serde_json's own
//! `Map` would sort them, and a parent reading `leerling.json` expects the
//! columns in the order the overview shows them.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// One record: `keys[i]` → `values[i]`.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// The keys, one per column (see `TableLayout::keys`).
    pub keys: &'a [String],
    /// The record's values, as many as there are keys.
    pub values: &'a [Value],
}

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.keys.len()))?;
        for (key, value) in self.keys.iter().zip(self.values) {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// A table's records as a JSON array of objects.
#[derive(Debug, Clone, Copy)]
pub struct Records<'a> {
    /// The keys, one per column.
    pub keys: &'a [String],
    /// The rows.
    pub rows: &'a [Vec<Value>],
}

impl Serialize for Records<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.rows.len()))?;
        for row in self.rows {
            seq.serialize_element(&Record {
                keys: self.keys,
                values: row,
            })?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_keep_the_column_order() {
        let keys = ["z", "a"].map(String::from);
        let rows = vec![vec![json!(1), json!(null)]];
        let json = serde_json::to_string(&Records {
            keys: &keys,
            rows: &rows,
        })
        .unwrap();
        assert_eq!(json, r#"[{"z":1,"a":null}]"#);
    }
}
