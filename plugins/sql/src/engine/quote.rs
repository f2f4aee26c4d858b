//! SQL text with parameters, built the same way for every engine.
//!
//! Values only ever travel as bind parameters. Names come from the mapping
//! as [`Ident`]s (already restricted to `[A-Za-z_][A-Za-z0-9_]*`) and are
//! quoted as well, so a column called `order` works too.

use super::Engine;
use crate::settings::Ident;
use serde_json::Value;

/// One bind parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The value; strings, numbers, booleans and null are bound natively.
    pub value: Value,
    /// PostgreSQL only: the column type to cast the parameter to. A value
    /// from the mapping or the subject is bound as text and cast, because
    /// PostgreSQL does not convert a text parameter into a date or integer
    /// column by itself (not even NULL). Ignored on the other engines,
    /// which convert on their own.
    pub cast: Option<String>,
}

/// SQL text and its parameters.
#[derive(Debug, Clone)]
pub struct Sql {
    engine: Engine,
    text: String,
    params: Vec<Param>,
}

impl Sql {
    /// An empty statement for `engine`.
    pub fn new(engine: Engine) -> Sql {
        Sql {
            engine,
            text: String::with_capacity(128),
            params: Vec::new(),
        }
    }

    /// Appends SQL text written by the plugin itself (never user input).
    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Appends a quoted name.
    pub fn ident(&mut self, name: &Ident) -> &mut Sql {
        let quote = match self.engine {
            Engine::MySql => '`',
            Engine::Sqlite | Engine::Postgres => '"',
        };
        self.text.push(quote);
        self.text.push_str(name.as_str());
        self.text.push(quote);
        self
    }

    /// Appends a placeholder for `value`, bound natively.
    pub fn param(&mut self, value: Value) -> &mut Sql {
        self.typed_param(value, None)
    }

    /// Appends a placeholder for `value`, cast to `cast` on PostgreSQL.
    pub fn typed_param(&mut self, value: Value, cast: Option<&str>) -> &mut Sql {
        let cast = cast.filter(|_| self.engine == Engine::Postgres);
        self.params.push(Param {
            value,
            cast: cast.map(str::to_owned),
        });
        match (self.engine, cast) {
            (Engine::Postgres, Some(cast)) => {
                let n = self.params.len();
                self.text.push_str(&format!("CAST(${n} AS {cast})"));
            }
            (Engine::Postgres, None) => {
                let n = self.params.len();
                self.text.push_str(&format!("${n}"));
            }
            _ => self.text.push('?'),
        }
        self
    }

    /// Appends `column IN (…)` over `values`; never called with none.
    pub fn in_list(&mut self, column: &Ident, values: &[Value]) -> &mut Sql {
        self.ident(column).push(" IN (");
        for (index, value) in values.iter().enumerate() {
            if index > 0 {
                self.push(", ");
            }
            self.param(value.clone());
        }
        self.push(")")
    }

    /// Appends a comparison of `column` with a parameter that treats NULL
    /// as a value: true when both are NULL.
    pub fn null_safe_eq(&mut self, column: &Ident, value: Value, cast: Option<&str>) -> &mut Sql {
        self.ident(column);
        self.push(match self.engine {
            Engine::Postgres => " IS NOT DISTINCT FROM ",
            Engine::MySql => " <=> ",
            Engine::Sqlite => " IS ",
        });
        self.typed_param(value, cast)
    }

    /// The SQL text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The parameters, in order.
    pub fn params(&self) -> &[Param] {
        &self.params
    }
}

/// How many keys go into one `IN (…)` list: far below every engine's
/// parameter limit (SQLite 32766, PostgreSQL and MariaDB 65535).
pub const CHUNK: usize = 500;

#[cfg(test)]
mod tests {
    use super::*;

    fn id(name: &str) -> Ident {
        Ident::parse(name).unwrap()
    }

    #[test]
    fn placeholders_and_quotes_follow_the_engine() {
        let build = |engine| {
            let mut sql = Sql::new(engine);
            sql.push("SELECT ")
                .ident(&id("key"))
                .push(" FROM t WHERE ")
                .in_list(&id("k"), &[1.into(), 2.into()])
                .push(" AND ")
                .null_safe_eq(&id("d"), Value::Null, Some("date"));
            sql.text().to_owned()
        };
        assert_eq!(
            build(Engine::Postgres),
            r#"SELECT "key" FROM t WHERE "k" IN ($1, $2) AND "d" IS NOT DISTINCT FROM CAST($3 AS date)"#
        );
        assert_eq!(
            build(Engine::MySql),
            "SELECT `key` FROM t WHERE `k` IN (?, ?) AND `d` <=> ?"
        );
        assert_eq!(
            build(Engine::Sqlite),
            r#"SELECT "key" FROM t WHERE "k" IN (?, ?) AND "d" IS ?"#
        );
    }
}
