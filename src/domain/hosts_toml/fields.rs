//! Recognising hosts.toml keys the way containerd's TOML decoders do.
//!
//! containerd decodes into Go structs with `toml:"…"` tags. go-toml v2
//! (containerd 2.x) matches keys case-insensitively; go-toml v1 (1.x) tries
//! the tag as written and its upper-case form (`SKIP_VERIFY`). Keys that
//! match nothing are ignored silently by both, which is why misspellings
//! deserve a warning.

use super::rules::{Applies, Rules};

/// The keys containerd reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Server,
    Host,
    Capabilities,
    Ca,
    Client,
    SkipVerify,
    OverridePath,
    Header,
    DialTimeout,
}

impl Field {
    const ALL: [Field; 9] = [
        Field::Server,
        Field::Host,
        Field::Capabilities,
        Field::Ca,
        Field::Client,
        Field::SkipVerify,
        Field::OverridePath,
        Field::Header,
        Field::DialTimeout,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Server => "server",
            Field::Host => "host",
            Field::Capabilities => "capabilities",
            Field::Ca => "ca",
            Field::Client => "client",
            Field::SkipVerify => "skip_verify",
            Field::OverridePath => "override_path",
            Field::Header => "header",
            Field::DialTimeout => "dial_timeout",
        }
    }

    /// `server` and `host` exist only at the top level.
    pub fn is_root_only(self) -> bool {
        matches!(self, Field::Server | Field::Host)
    }
}

/// How a key written in the file relates to the fields containerd reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum KeyMatch {
    Exact(Field),
    /// Same letters, different case. `read` says whether the covered
    /// containerd versions decode it anyway.
    CaseVariant {
        field: Field,
        read: Applies,
    },
    /// Not a field; [`suggest`] names the one it most likely meant (computed only when
    /// the warning is listed).
    Unknown,
}

pub(super) fn match_key(key: &str, rules: &Rules) -> KeyMatch {
    if let Some(field) = Field::ALL.into_iter().find(|f| f.name() == key) {
        return KeyMatch::Exact(field);
    }
    if let Some(field) = Field::ALL
        .into_iter()
        .find(|f| f.name().eq_ignore_ascii_case(key))
    {
        let v1_reads = key == field.name().to_ascii_uppercase();
        let read = match (rules.go_toml_v1(), rules.go_toml_v2()) {
            (_, Applies::Always) => Applies::Always,
            (Applies::Always, _) if v1_reads => Applies::Always,
            (Applies::Always, _) => Applies::Never,
            _ if v1_reads => Applies::Always,
            _ => Applies::Sometimes,
        };
        return KeyMatch::CaseVariant { field, read };
    }
    KeyMatch::Unknown
}

/// The field a misspelled key most likely meant.
pub(super) fn suggest(key: &str) -> Option<&'static str> {
    let normalized = normalize(key);
    Field::ALL
        .into_iter()
        .map(Field::name)
        .find(|name| normalize(name) == normalized)
        .or_else(|| {
            Field::ALL
                .into_iter()
                .map(Field::name)
                .filter(|name| name.len() >= 4)
                .map(|name| (edit_distance(&key.to_lowercase(), name), name))
                .filter(|(d, _)| *d <= 2)
                .min_by_key(|(d, _)| *d)
                .map(|(_, name)| name)
        })
}

/// Lower case without `_`, `-` and spaces: `Skip-Verify` ~ `skip_verify`.
fn normalize(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Levenshtein distance, for "did you mean" hints.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let delete = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = current.get(j).copied().unwrap_or(0) + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hosts_toml::rules::ContainerdVersion;

    fn v(s: &str) -> Rules {
        Rules::for_version(ContainerdVersion::parse(s).expect("version"))
    }

    #[test]
    fn exact_keys() {
        assert_eq!(
            match_key("override_path", &Rules::default()),
            KeyMatch::Exact(Field::OverridePath)
        );
        assert_eq!(
            match_key("ca", &Rules::default()),
            KeyMatch::Exact(Field::Ca)
        );
    }

    #[test]
    fn case_variants_follow_each_decoder() {
        // Observed with containerd 1.6.20: "SKIP_VERIFY" is read, "Skip_Verify" is not.
        let read = |key: &str, rules: Rules| match match_key(key, &rules) {
            KeyMatch::CaseVariant { read, .. } => read,
            other => panic!("{key}: {other:?}"),
        };
        assert_eq!(read("SKIP_VERIFY", v("1.6.20")), Applies::Always);
        assert_eq!(read("Skip_Verify", v("1.6.20")), Applies::Never);
        assert_eq!(read("Skip_Verify", v("2.1.0")), Applies::Always);
        assert_eq!(read("Skip_Verify", Rules::default()), Applies::Sometimes);
        assert_eq!(read("Server", Rules::default()), Applies::Sometimes);
    }

    #[test]
    fn suggestions_for_misspellings() {
        let suggestion = |key: &str| match match_key(key, &Rules::default()) {
            KeyMatch::Unknown => suggest(key),
            other => panic!("{key}: {other:?}"),
        };
        assert_eq!(suggestion("overide_path"), Some("override_path"));
        assert_eq!(suggestion("skip-verify"), Some("skip_verify"));
        assert_eq!(suggestion("capabilites"), Some("capabilities"));
        assert_eq!(suggestion("headers"), Some("header"));
        assert_eq!(suggestion("dialtimeout"), Some("dial_timeout"));
        assert_eq!(suggestion("mirrors"), None);
        assert_eq!(suggestion("endpoint"), None);
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
    }
}
