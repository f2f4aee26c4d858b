//! Reading a row of any engine into JSON values.
//!
//! Numbers stay numbers, booleans booleans, NULL null; dates and times
//! become text (`2013-04-17`, `2024-05-01 08:30:00`), bytes
//! lowercase hex. A type the plugin cannot read is a mapping error that
//! names the column, so the operator can map a view that casts it.

use crate::error::{Result, SqlError};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::Value;
use sqlx::mysql::MySqlRow;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Column, Row, TypeInfo, ValueRef};

fn unsupported(column: &str, type_name: &str) -> SqlError {
    SqlError::Mapping(format!(
        "column `{column}` has type {type_name}, which the plugin cannot read; \
         map a view that casts it to text"
    ))
}

fn read<T>(result: std::result::Result<T, sqlx::Error>, column: &str) -> Result<T> {
    result.map_err(|error| SqlError::from_sqlx(format!("reading column `{column}`"), error))
}

fn hex(bytes: &[u8]) -> Value {
    Value::String(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// SQLite stores a type per value, not per column: read by that.
pub fn sqlite_row(row: &SqliteRow) -> Result<Vec<Value>> {
    let mut values = Vec::with_capacity(row.len());
    for (index, column) in row.columns().iter().enumerate() {
        let name = column.name();
        let raw = read(row.try_get_raw(index), name)?;
        if raw.is_null() {
            values.push(Value::Null);
            continue;
        }
        let type_name = raw.type_info().name().to_owned();
        values.push(match type_name.as_str() {
            "INTEGER" | "BOOLEAN" | "INT" | "BIGINT" => {
                Value::from(read(row.try_get_unchecked::<i64, _>(index), name)?)
            }
            "REAL" => Value::from(read(row.try_get_unchecked::<f64, _>(index), name)?),
            "BLOB" => hex(&read(row.try_get_unchecked::<Vec<u8>, _>(index), name)?),
            _ => Value::String(read(row.try_get_unchecked::<String, _>(index), name)?),
        });
    }
    Ok(values)
}

/// PostgreSQL: by the column's declared type.
pub fn postgres_row(row: &PgRow) -> Result<Vec<Value>> {
    let mut values = Vec::with_capacity(row.len());
    for (index, column) in row.columns().iter().enumerate() {
        let name = column.name();
        if read(row.try_get_raw(index), name)?.is_null() {
            values.push(Value::Null);
            continue;
        }
        values.push(match column.type_info().name() {
            "INT2" => Value::from(read(row.try_get_unchecked::<i16, _>(index), name)?),
            "INT4" => Value::from(read(row.try_get_unchecked::<i32, _>(index), name)?),
            "INT8" => Value::from(read(row.try_get_unchecked::<i64, _>(index), name)?),
            "FLOAT4" => Value::from(read(row.try_get_unchecked::<f32, _>(index), name)?),
            "FLOAT8" => Value::from(read(row.try_get_unchecked::<f64, _>(index), name)?),
            "BOOL" => Value::from(read(row.try_get_unchecked::<bool, _>(index), name)?),
            "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" | "CHAR" => {
                Value::from(read(row.try_get_unchecked::<String, _>(index), name)?)
            }
            "DATE" => iso(read(row.try_get_unchecked::<NaiveDate, _>(index), name)?),
            "TIMESTAMP" => iso(read(
                row.try_get_unchecked::<NaiveDateTime, _>(index),
                name,
            )?),
            "TIMESTAMPTZ" => iso(read(
                row.try_get_unchecked::<DateTime<Utc>, _>(index),
                name,
            )?),
            "BYTEA" => hex(&read(row.try_get_unchecked::<Vec<u8>, _>(index), name)?),
            other => return Err(unsupported(name, other)),
        });
    }
    Ok(values)
}

/// MariaDB/MySQL: by the column's declared type.
pub fn mysql_row(row: &MySqlRow) -> Result<Vec<Value>> {
    let mut values = Vec::with_capacity(row.len());
    for (index, column) in row.columns().iter().enumerate() {
        let name = column.name();
        if read(row.try_get_raw(index), name)?.is_null() {
            values.push(Value::Null);
            continue;
        }
        let type_name = column.type_info().name();
        values.push(match type_name {
            "BOOLEAN" => Value::from(read(row.try_get_unchecked::<bool, _>(index), name)?),
            "TINYINT" | "SMALLINT" | "MEDIUMINT" | "INT" | "BIGINT" | "YEAR" => {
                Value::from(read(row.try_get_unchecked::<i64, _>(index), name)?)
            }
            t if t.ends_with(" UNSIGNED") => {
                Value::from(read(row.try_get_unchecked::<u64, _>(index), name)?)
            }
            "FLOAT" | "DOUBLE" => Value::from(read(row.try_get_unchecked::<f64, _>(index), name)?),
            "DATE" => iso(read(row.try_get_unchecked::<NaiveDate, _>(index), name)?),
            "DATETIME" => iso(read(
                row.try_get_unchecked::<NaiveDateTime, _>(index),
                name,
            )?),
            "TIMESTAMP" => iso(read(
                row.try_get_unchecked::<DateTime<Utc>, _>(index),
                name,
            )?),
            "VARCHAR" | "CHAR" | "TEXT" | "TINYTEXT" | "MEDIUMTEXT" | "LONGTEXT" | "ENUM"
            | "SET" | "DECIMAL" | "JSON" => {
                Value::from(read(row.try_get_unchecked::<String, _>(index), name)?)
            }
            "BLOB" | "TINYBLOB" | "MEDIUMBLOB" | "LONGBLOB" | "BINARY" | "VARBINARY" => {
                let bytes = read(row.try_get_unchecked::<Vec<u8>, _>(index), name)?;
                match String::from_utf8(bytes) {
                    Ok(text) => Value::String(text),
                    Err(error) => hex(error.as_bytes()),
                }
            }
            other => return Err(unsupported(name, other)),
        });
    }
    Ok(values)
}

fn iso(value: impl ToString) -> Value {
    Value::String(value.to_string())
}
