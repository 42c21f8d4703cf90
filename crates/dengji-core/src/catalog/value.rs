//! The values that cross the catalog port: the five kinds both SQLite and PostgreSQL
//! store (integers are 64-bit, times and digests travel as text), and the conversions
//! the domain types implement to be bound or read.

use super::error::CatalogError;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A column as read, borrowed from the driver's row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

impl ValueRef<'_> {
    fn kind(&self) -> &'static str {
        match self {
            ValueRef::Null => "NULL",
            ValueRef::Integer(_) => "integer",
            ValueRef::Real(_) => "real",
            ValueRef::Text(_) => "text",
            ValueRef::Blob(_) => "blob",
        }
    }

    pub fn as_str(&self) -> Result<&str, FromSqlError> {
        match self {
            ValueRef::Text(s) => Ok(s),
            other => Err(FromSqlError::wrong("text", other)),
        }
    }

    pub fn as_i64(&self) -> Result<i64, FromSqlError> {
        match self {
            ValueRef::Integer(n) => Ok(*n),
            other => Err(FromSqlError::wrong("integer", other)),
        }
    }

    pub fn to_owned(self) -> Value {
        match self {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::Integer(n),
            ValueRef::Real(x) => Value::Real(x),
            ValueRef::Text(s) => Value::Text(s.to_string()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        }
    }
}

/// Why a column could not become the Rust value asked for.
#[derive(Debug, thiserror::Error)]
pub enum FromSqlError {
    #[error("expected {expected}, found {found}")]
    WrongType { expected: &'static str, found: &'static str },
    #[error("{0} is out of range")]
    OutOfRange(i64),
    #[error(transparent)]
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl FromSqlError {
    fn wrong(expected: &'static str, found: &ValueRef<'_>) -> FromSqlError {
        FromSqlError::WrongType { expected, found: found.kind() }
    }
}

pub trait ToSql {
    fn to_sql(&self) -> Result<Value, CatalogError>;
}

pub trait FromSql: Sized {
    fn column_result(v: ValueRef<'_>) -> Result<Self, FromSqlError>;
}

impl<T: ToSql + ?Sized> ToSql for &T {
    fn to_sql(&self) -> Result<Value, CatalogError> {
        (**self).to_sql()
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn to_sql(&self) -> Result<Value, CatalogError> {
        match self {
            Some(v) => v.to_sql(),
            None => Ok(Value::Null),
        }
    }
}

impl ToSql for Value {
    fn to_sql(&self) -> Result<Value, CatalogError> {
        Ok(self.clone())
    }
}

impl ToSql for str {
    fn to_sql(&self) -> Result<Value, CatalogError> {
        Ok(Value::Text(self.to_string()))
    }
}

impl ToSql for std::borrow::Cow<'_, str> {
    fn to_sql(&self) -> Result<Value, CatalogError> {
        Ok(Value::Text(self.to_string()))
    }
}

impl ToSql for String {
    fn to_sql(&self) -> Result<Value, CatalogError> {
        Ok(Value::Text(self.clone()))
    }
}

impl ToSql for [u8] {
    fn to_sql(&self) -> Result<Value, CatalogError> {
        Ok(Value::Blob(self.to_vec()))
    }
}

impl ToSql for Vec<u8> {
    fn to_sql(&self) -> Result<Value, CatalogError> {
        Ok(Value::Blob(self.clone()))
    }
}

impl ToSql for bool {
    fn to_sql(&self) -> Result<Value, CatalogError> {
        Ok(Value::Integer(i64::from(*self)))
    }
}

impl ToSql for f64 {
    fn to_sql(&self) -> Result<Value, CatalogError> {
        Ok(Value::Real(*self))
    }
}

macro_rules! integer {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> Result<Value, CatalogError> {
                i64::try_from(*self).map(Value::Integer).map_err(|_| CatalogError::conversion(format!("{} does not fit a 64-bit column", self)))
            }
        }

        impl FromSql for $t {
            fn column_result(v: ValueRef<'_>) -> Result<Self, FromSqlError> {
                let n = v.as_i64()?;
                <$t>::try_from(n).map_err(|_| FromSqlError::OutOfRange(n))
            }
        }
    )*};
}

integer!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

impl FromSql for bool {
    fn column_result(v: ValueRef<'_>) -> Result<Self, FromSqlError> {
        Ok(v.as_i64()? != 0)
    }
}

impl FromSql for f64 {
    fn column_result(v: ValueRef<'_>) -> Result<Self, FromSqlError> {
        match v {
            ValueRef::Real(x) => Ok(x),
            ValueRef::Integer(n) => Ok(n as f64),
            other => Err(FromSqlError::wrong("real", &other)),
        }
    }
}

impl FromSql for String {
    fn column_result(v: ValueRef<'_>) -> Result<Self, FromSqlError> {
        v.as_str().map(str::to_string)
    }
}

impl FromSql for Vec<u8> {
    fn column_result(v: ValueRef<'_>) -> Result<Self, FromSqlError> {
        match v {
            ValueRef::Blob(b) => Ok(b.to_vec()),
            other => Err(FromSqlError::wrong("blob", &other)),
        }
    }
}

impl FromSql for Value {
    fn column_result(v: ValueRef<'_>) -> Result<Self, FromSqlError> {
        Ok(v.to_owned())
    }
}

impl<T: FromSql> FromSql for Option<T> {
    fn column_result(v: ValueRef<'_>) -> Result<Self, FromSqlError> {
        match v {
            ValueRef::Null => Ok(None),
            v => T::column_result(v).map(Some),
        }
    }
}

// Times are stored as RFC 3339 text in UTC with whole seconds (`stamp::format_time`), dates
// as `YYYY-MM-DD`: text compares in time order in both databases, and a catalog read by
// hand reads plainly.
impl ToSql for chrono::DateTime<chrono::Utc> {
    fn to_sql(&self) -> Result<Value, CatalogError> {
        Ok(Value::Text(crate::stamp::format_time(*self)))
    }
}

impl FromSql for chrono::DateTime<chrono::Utc> {
    fn column_result(v: ValueRef<'_>) -> Result<Self, FromSqlError> {
        crate::stamp::parse_time(v.as_str()?).map_err(|e| FromSqlError::Other(e.into()))
    }
}

impl ToSql for chrono::NaiveDate {
    fn to_sql(&self) -> Result<Value, CatalogError> {
        Ok(Value::Text(crate::stamp::format_date(*self)))
    }
}

impl FromSql for chrono::NaiveDate {
    fn column_result(v: ValueRef<'_>) -> Result<Self, FromSqlError> {
        crate::stamp::parse_date(v.as_str()?).map_err(|e| FromSqlError::Other(e.into()))
    }
}
