//! Why a value does not fit its key's `schema::Kind` (a JSON value out of range, a URL-hash
//! text that does not parse). The key is added by whoever knows it (`ConfigError`, the hash's
//! warnings, the simplicity lab's settings); each `#[error]` line words its message once.

use super::schema::Kind;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ValueError {
    /// A value (its JSON text) outside what the kind allows (`Kind::describe`).
    #[error("{value} is not {}", kind.describe())]
    NotKind { value: String, kind: Kind },
    #[error("{0:?} is not a number")]
    NotANumber(String),
    #[error("{0:?} is not finite")]
    NotFinite(String),
    #[error("{0:?} is not true or false")]
    NotBool(String),
    #[error("{0:?} is not a whole number")]
    NotWhole(String),
}
