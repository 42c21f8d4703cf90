//! The catalog port's one error type.

/// A failure of the catalog's database, whichever engine holds it. Opaque on purpose: a
/// caller needs its message and whether the disk was full, not the driver's types, so
/// the core's public API does not change with the backend.
#[derive(Debug)]
pub struct CatalogError {
    kind: Kind,
    source: Box<dyn std::error::Error + Send + Sync>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Other,
    /// The database said its disk (or itself) is full.
    DiskFull,
    /// A query for one row found none (`OptionalExtension::optional` turns it into `None`).
    NoRows,
    /// A statement broke a constraint or a trigger refused it.
    Refused,
    /// The engine could not read or write its files (read-only, cannot open, I/O error).
    Io,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Message(String);

impl CatalogError {
    pub(crate) fn new(kind: Kind, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> CatalogError {
        CatalogError { kind, source: source.into() }
    }

    pub(crate) fn no_rows() -> CatalogError {
        CatalogError::new(Kind::NoRows, Message("the query returned no rows".into()))
    }

    pub(crate) fn conversion(message: String) -> CatalogError {
        CatalogError::new(Kind::Other, Message(message))
    }

    pub(crate) fn kind(&self) -> Kind {
        self.kind
    }

    /// The database said its disk (or itself) is full.
    pub fn is_disk_full(&self) -> bool {
        self.kind == Kind::DiskFull
    }

    /// The engine could not read or write its files.
    pub(crate) fn is_io(&self) -> bool {
        self.kind == Kind::Io
    }

    /// A constraint or trigger refused the statement (e.g. a change to a sealed row).
    pub fn is_refused(&self) -> bool {
        self.kind == Kind::Refused
    }
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.source.fmt(f)
    }
}

impl std::error::Error for CatalogError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

impl From<rusqlite::Error> for CatalogError {
    fn from(e: rusqlite::Error) -> CatalogError {
        let kind = match &e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull => Kind::DiskFull,
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => Kind::Refused,
            rusqlite::Error::QueryReturnedNoRows => Kind::NoRows,
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::SystemIoFailure
                ) =>
            {
                Kind::Io
            }
            _ => Kind::Other,
        };
        CatalogError::new(kind, e)
    }
}

impl From<super::value::FromSqlError> for CatalogError {
    fn from(e: super::value::FromSqlError) -> CatalogError {
        CatalogError::new(Kind::Other, e)
    }
}

/// Column `i` held text that does not parse as the domain value it stands for.
pub(crate) fn bad_column(i: usize, e: impl std::error::Error + Send + Sync + 'static) -> CatalogError {
    CatalogError::new(Kind::Other, Message(format!("column {i}: {e}")))
}
