//! TOML key paths for messages, e.g. `host."https://m.example".capabilities[1]`.

use std::fmt;

/// The path from the document root to a key or array element: a chain of borrows, so that
/// building one for every value costs nothing and only a reported finding renders it.
#[derive(Debug, Clone, Copy)]
pub enum KeyPath<'a> {
    Root,
    Key(&'a KeyPath<'a>, &'a str),
    Index(&'a KeyPath<'a>, usize),
}

static ROOT: KeyPath<'static> = KeyPath::Root;

impl<'a> KeyPath<'a> {
    /// The document root (renders as an empty string).
    pub fn root() -> &'static KeyPath<'static> {
        &ROOT
    }

    pub fn key(&'a self, key: &'a str) -> KeyPath<'a> {
        KeyPath::Key(self, key)
    }

    pub fn index(&'a self, index: usize) -> KeyPath<'a> {
        KeyPath::Index(self, index)
    }

    pub fn is_root(&self) -> bool {
        matches!(self, KeyPath::Root)
    }
}

impl fmt::Display for KeyPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyPath::Root => Ok(()),
            KeyPath::Key(parent, key) => {
                parent.fmt(f)?;
                if !parent.is_root() {
                    f.write_str(".")?;
                }
                write_key(f, key)
            }
            KeyPath::Index(parent, index) => {
                parent.fmt(f)?;
                write!(f, "[{index}]")
            }
        }
    }
}

/// Bare keys as written; anything else as a TOML basic string.
fn write_key(f: &mut fmt::Formatter<'_>, key: &str) -> fmt::Result {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        return f.write_str(key);
    }
    f.write_str("\"")?;
    for c in key.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            c if c.is_control() => write!(f, "\\u{:04X}", u32::from(c))?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_toml_style_paths() {
        let host = KeyPath::root().key("host");
        let mirror = host.key("https://m.example");
        let capabilities = mirror.key("capabilities");
        let p = capabilities.index(1);
        assert_eq!(p.to_string(), "host.\"https://m.example\".capabilities[1]");
        assert_eq!(KeyPath::root().key("server").to_string(), "server");
        assert_eq!(KeyPath::root().key("").to_string(), "\"\"");
        assert_eq!(
            KeyPath::root().key("a\"b\\\n").to_string(),
            "\"a\\\"b\\\\\\u000A\""
        );
        let client = KeyPath::root().key("client");
        let first = client.index(0);
        assert_eq!(first.index(1).to_string(), "client[0][1]");
        assert!(KeyPath::root().is_root());
    }
}
