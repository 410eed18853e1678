//! Enumerations declared once: each value's name, the containerd release that first accepts
//! it and what it means. Parsing, validation messages and schema descriptions all read the
//! same table, so a value added there appears everywhere.

use super::hosts_toml::ContainerdVersion;

/// One value of an enumeration.
#[derive(Debug)]
pub struct Choice<T: 'static> {
    pub value: T,
    /// The name users write.
    pub name: &'static str,
    /// The first containerd release that accepts it; `None`: every supported release.
    pub since: Option<ContainerdVersion>,
    /// What the value does, for schema descriptions; empty when the name says it all.
    pub doc: &'static str,
}

/// An enumeration with its table of [`Choice`]s, in the order users see them.
pub trait Enumeration: Copy + PartialEq + Sized + 'static {
    const CHOICES: &'static [Choice<Self>];

    fn choice(self) -> Option<&'static Choice<Self>> {
        Self::CHOICES.iter().find(|c| c.value == self)
    }

    fn name(self) -> &'static str {
        self.choice().map_or("", |c| c.name)
    }

    /// The value named exactly `name`.
    fn parse(name: &str) -> Option<Self> {
        Self::CHOICES
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.value)
    }

    /// Whether containerd `version` accepts the value; with no version (any supported
    /// release) only values every release accepts are allowed.
    fn allowed_for(self, version: Option<ContainerdVersion>) -> bool {
        match (self.choice().and_then(|c| c.since), version) {
            (None, _) => true,
            (Some(since), Some(version)) => version >= since,
            (Some(_), None) => false,
        }
    }

    /// Every name, for a schema's list of allowed values.
    fn names() -> Vec<&'static str> {
        Self::CHOICES.iter().map(|c| c.name).collect()
    }

    /// The names containerd `version` accepts.
    fn names_for(version: Option<ContainerdVersion>) -> Vec<&'static str> {
        Self::CHOICES
            .iter()
            .filter(|c| c.value.allowed_for(version))
            .map(|c| c.name)
            .collect()
    }
}

/// `"a", "b" or "c"`.
pub fn quoted_alternatives(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// A release as users write its line: `2.2` for 2.2.0, `1.6.17` otherwise.
pub fn release_name(version: ContainerdVersion) -> String {
    if version.patch == 0 {
        format!("{}.{}", version.major, version.minor)
    } else {
        version.to_string()
    }
}

/// For a schema description: `` `pull`, `resolve`, `push` (and `referrers` from containerd
/// 2.2) ``.
pub fn describe_names<T: Enumeration>() -> String {
    let always: Vec<String> = T::CHOICES
        .iter()
        .filter(|c| c.since.is_none())
        .map(|c| format!("`{}`", c.name))
        .collect();
    let later: Vec<String> = T::CHOICES
        .iter()
        .filter_map(|c| {
            c.since.map(|since| {
                format!(
                    " (and `{}` from containerd {})",
                    c.name,
                    release_name(since)
                )
            })
        })
        .collect();
    format!("{}{}", always.join(", "), later.concat())
}

/// For a schema description: each value in backticks followed by its doc (which starts with
/// its own separator, ` ` or `: `), joined by `separator`; `default` gets ` (default)` after
/// its name.
pub fn describe_choices<T: Enumeration>(default: T, separator: &str) -> String {
    let parts: Vec<String> = T::CHOICES
        .iter()
        .map(|c| {
            let marker = if c.value == default { " (default)" } else { "" };
            format!("`{}`{marker}{}", c.name, c.doc)
        })
        .collect();
    parts.join(separator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternatives_read_as_a_sentence() {
        assert_eq!(
            quoted_alternatives(&["a", "b", "c"]),
            "\"a\", \"b\" or \"c\""
        );
        assert_eq!(quoted_alternatives(&["a", "b"]), "\"a\" or \"b\"");
        assert_eq!(quoted_alternatives(&["a"]), "\"a\"");
        assert_eq!(quoted_alternatives(&[]), "");
    }

    fn round_trips<T: Enumeration + std::fmt::Debug>(values: &[T]) {
        for &value in values {
            assert!(!value.name().is_empty(), "{value:?} has no name");
            assert_eq!(T::parse(value.name()), Some(value));
        }
        assert_eq!(T::CHOICES.len(), values.len());
    }

    #[test]
    fn every_value_is_declared_once() {
        use crate::domain::hosts_toml::Capability;
        use crate::domain::registry::{ConfigMode, CredentialsMode};
        use Capability::*;
        round_trips(&[Pull, Resolve, Push, Referrers]);
        round_trips(&[ConfigMode::AppendEdit, ConfigMode::DropIn, ConfigMode::None]);
        round_trips(&[
            CredentialsMode::ConfigTomlAuth,
            CredentialsMode::AuthorizationHeader,
        ]);
        assert_eq!(Capability::parse("PULL"), None, "parse is exact");
    }

    #[test]
    fn versions_decide_what_is_allowed() {
        use crate::domain::hosts_toml::Capability;
        let v = ContainerdVersion::new;
        assert!(!Capability::Referrers.allowed_for(None));
        assert!(!Capability::Referrers.allowed_for(Some(v(2, 1, 9))));
        assert!(Capability::Referrers.allowed_for(Some(v(2, 2, 0))));
        assert!(Capability::Pull.allowed_for(None));
        assert_eq!(
            Capability::names_for(Some(v(1, 6, 0))),
            ["pull", "resolve", "push"]
        );
        assert_eq!(Capability::names().len(), 4);
        assert_eq!(
            describe_names::<Capability>(),
            "`pull`, `resolve`, `push` (and `referrers` from containerd 2.2)"
        );
    }

    #[test]
    fn releases_are_named_as_users_write_them() {
        assert_eq!(release_name(ContainerdVersion::new(2, 2, 0)), "2.2");
        assert_eq!(release_name(ContainerdVersion::new(1, 6, 17)), "1.6.17");
    }
}
