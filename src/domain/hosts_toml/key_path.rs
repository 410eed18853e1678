//! TOML key paths for messages, e.g. `host."https://m.example".capabilities[1]`.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Key(String),
    Index(usize),
}

/// The path from the document root to a key or array element.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyPath(Vec<Part>);

impl KeyPath {
    /// The document root (renders as an empty string).
    pub fn root() -> Self {
        Self::default()
    }

    pub fn key(&self, key: &str) -> Self {
        let mut parts = self.0.clone();
        parts.push(Part::Key(key.to_string()));
        Self(parts)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut parts = self.0.clone();
        parts.push(Part::Index(index));
        Self(parts)
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, part) in self.0.iter().enumerate() {
            match part {
                Part::Key(key) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    write_key(f, key)?;
                }
                Part::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
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
        let p = KeyPath::root()
            .key("host")
            .key("https://m.example")
            .key("capabilities")
            .index(1);
        assert_eq!(p.to_string(), "host.\"https://m.example\".capabilities[1]");
        assert_eq!(KeyPath::root().key("server").to_string(), "server");
        assert_eq!(KeyPath::root().key("").to_string(), "\"\"");
        assert_eq!(
            KeyPath::root().key("a\"b\\\n").to_string(),
            "\"a\\\"b\\\\\\u000A\""
        );
        assert_eq!(
            KeyPath::root().key("client").index(0).index(1).to_string(),
            "client[0][1]"
        );
        assert!(KeyPath::root().is_root());
    }
}
