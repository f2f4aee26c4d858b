//! The columns the database really has.
//!
//! Read once per plugin instance, on the first operation (not at start-up,
//! so dsrd starts while the school database is down). It serves two ends:
//! every name in the mapping is checked to exist, so a typo is reported
//! as such instead of as a failed statement halfway through an erasure;
//! and on PostgreSQL it gives the column types that parameters are cast
//! to (see [`Param::cast`](super::Param::cast)).

use super::{Engine, Sql, Tx};
use crate::error::{Result, SqlError};
use crate::settings::{Ident, Link, TableMapping};
use std::collections::{BTreeMap, HashMap};

/// Table → column → type name.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    tables: BTreeMap<String, HashMap<String, String>>,
}

impl Schema {
    /// Reads the columns of every table in the current schema/database.
    pub async fn load(tx: &mut Tx, engine: Engine) -> Result<Schema> {
        let text = match engine {
            Engine::Postgres => {
                "SELECT table_name::text, column_name::text, udt_name::text \
                 FROM information_schema.columns WHERE table_schema = current_schema()"
            }
            Engine::MySql => {
                "SELECT CAST(table_name AS CHAR), CAST(column_name AS CHAR), \
                 CAST(data_type AS CHAR) FROM information_schema.columns \
                 WHERE table_schema = DATABASE()"
            }
            Engine::Sqlite => {
                "SELECT m.name, p.name, p.type FROM sqlite_master AS m \
                 JOIN pragma_table_info(m.name) AS p WHERE m.type IN ('table', 'view')"
            }
        };
        let mut sql = Sql::new(engine);
        sql.push(text);
        let mut schema = Schema::default();
        for row in tx.fetch(&sql, "reading the database's columns").await? {
            let text = |i: usize| row.get(i).and_then(|v| v.as_str()).unwrap_or_default();
            schema
                .tables
                .entry(text(0).to_owned())
                .or_default()
                .insert(text(1).to_owned(), text(2).to_owned());
        }
        Ok(schema)
    }

    /// The names of all tables, sorted.
    pub fn tables(&self) -> impl Iterator<Item = &str> {
        self.tables.keys().map(String::as_str)
    }

    fn cast_or_type(&self, table: &Ident, column: &Ident) -> Option<&String> {
        self.tables.get(table.as_str())?.get(column.as_str())
    }

    /// The type to cast a parameter for `table.column` to on PostgreSQL,
    /// if it is a plain type name.
    pub fn cast(&self, table: &Ident, column: &Ident) -> Option<&str> {
        let type_name = self.cast_or_type(table, column)?;
        Ident::parse(type_name).ok().map(|_| type_name.as_str())
    }

    /// Checks that every table and column of the mapping exists.
    pub fn check(&self, subjects: &[TableMapping], links: &[Link]) -> Result<()> {
        for link in links {
            let mut named = vec![&link.from_column, &link.to_column];
            named.extend(&link.relation);
            named.extend(&link.parental_authority);
            if let Some(missing) = named
                .into_iter()
                .find(|column| self.cast_or_type(&link.table, column).is_none())
            {
                return Err(SqlError::Mapping(format!(
                    "column `{}`.`{missing}` (links) does not exist in the database",
                    link.table
                )));
            }
        }
        for subject in subjects {
            for table in std::iter::once(subject).chain(subject.descendants()) {
                self.check_table(table)?;
            }
            for source in &subject.recipients {
                let Some(table) = &source.table else { continue };
                let columns = [
                    &source.name_column,
                    &source.contact_column,
                    &source.date_column,
                ];
                for column in columns.into_iter().flatten() {
                    if self.cast_or_type(table, column).is_none() {
                        return Err(SqlError::Mapping(format!(
                            "column `{table}`.`{column}` (recipients) does not exist"
                        )));
                    }
                }
            }
        }
        Ok(())
    }

    fn check_table(&self, table: &TableMapping) -> Result<()> {
        let Some(columns) = self.tables.get(table.table.as_str()) else {
            return Err(SqlError::Mapping(format!(
                "table `{}` does not exist in the database",
                table.table
            )));
        };
        let mut named: Vec<&Ident> = vec![&table.key];
        named.extend(&table.foreign_key);
        named.extend(&table.personal);
        named.extend(table.rectifiable());
        named.extend(table.anonymise.iter().flat_map(|values| values.keys()));
        if let Some(retention) = &table.retention {
            match &retention.via {
                None => named.push(&retention.column),
                Some(via) => {
                    named.push(&via.foreign_key);
                    if let Some(missing) = [&via.key, &retention.column]
                        .into_iter()
                        .find(|c| self.cast_or_type(&via.table, c).is_none())
                    {
                        return Err(SqlError::Mapping(format!(
                            "column `{}`.`{missing}` (retention.via of `{}`) does not exist \
                             in the database",
                            via.table, table.table
                        )));
                    }
                }
            }
        }
        for identifier in &table.identifiers {
            named.extend(&identifier.column);
            named.extend(identifier.columns.iter().flatten());
        }
        if let Some(person) = &table.person {
            named.extend(&person.phone);
            named.extend(&person.postal);
        }
        if let Some(restriction) = &table.restriction {
            named.push(&restriction.flag);
            named.extend(&restriction.at);
            named.extend(&restriction.reason);
        }
        if let Some(missing) = named.iter().find(|c| !columns.contains_key(c.as_str())) {
            return Err(SqlError::Mapping(format!(
                "column `{}`.`{missing}` does not exist in the database",
                table.table
            )));
        }
        let Some(retain) = &table.retain else {
            return Ok(());
        };
        let kept = retain.until.iter().map(|u| &u.column);
        match kept
            .chain(retain.fields.iter().flatten())
            .find(|c| !columns.contains_key(c.as_str()))
        {
            Some(missing) => Err(SqlError::Mapping(format!(
                "column `{}`.`{missing}` (retain) does not exist in the database",
                table.table
            ))),
            None => Ok(()),
        }
    }
}
