//! How one exported value reads as text, in CSV, in the overview and as a
//! record's key: the same everywhere, so the three agree.

use serde_json::Value;

/// `value` as text: a string as it is, a number or a truth value as JSON
/// writes it, an empty cell as nothing, and a list or an object as compact
/// JSON (a plugin that exports one has no better words for it).
pub fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(_) | Value::Number(_) | Value::Array(_) | Value::Object(_) => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_read_as_their_plain_text() {
        assert_eq!(text(&json!(null)), "");
        assert_eq!(text(&json!("a \"b\"")), "a \"b\"");
        assert_eq!(text(&json!(12.5)), "12.5");
        assert_eq!(text(&json!(true)), "true");
        assert_eq!(text(&json!(["x", 1])), "[\"x\",1]");
    }
}
