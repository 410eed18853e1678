//! Which containerd a hosts.toml is checked against.
//!
//! containerd's hosts.toml reader differs between release lines: 1.6/1.7 use
//! go-toml v1 (`remotes/docker/config/hosts.go`), 2.x uses go-toml v2
//! (`core/remotes/docker/config/hosts.go`) with case-insensitive keys,
//! `dial_timeout` (2.0.7+) and the `referrers` capability (2.2+). Without a
//! known version the checks are *portable*: a file is an error when any
//! supported containerd (1.6 or later) would reject it, and a warning when
//! some version would silently read it differently. A later issue feeds the
//! node's containerd version in here.

use super::model::Capability;
use crate::domain::enumeration::Enumeration;

/// A containerd release, e.g. `1.6.20` or `2.1.4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ContainerdVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl ContainerdVersion {
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        Self {
            major,
            minor,
            patch,
        }
    }

    /// Parses `1.6.20`, `v2.1.0`, and distribution spellings such as
    /// `1.6.20~ds1` or `1.7.24-0ubuntu1` (anything after the patch number
    /// that is not a digit ends the version).
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let bare = trimmed.strip_prefix('v').unwrap_or(trimmed);
        let mut numbers = bare.splitn(3, '.');
        let mut next = |name: &str| -> Result<u32, String> {
            let part = numbers.next().unwrap_or("");
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u32>().map_err(|_| {
                format!("\"{text}\" is not a containerd version like 1.7.24 (bad {name} number)")
            })
        };
        Ok(Self::new(next("major")?, next("minor")?, next("patch")?))
    }
}

impl std::fmt::Display for ContainerdVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Validation settings. `Rules::default()` is the portable profile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rules {
    /// The containerd version on the nodes, when known.
    pub containerd: Option<ContainerdVersion>,
}

/// What a given set of rules knows about one behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    /// Every containerd the rules cover behaves this way.
    Always,
    /// Some covered versions do, some don't (unknown version).
    Sometimes,
    /// No covered version does.
    Never,
}

impl Rules {
    /// Rules for one known containerd version.
    pub fn for_version(version: ContainerdVersion) -> Self {
        Self {
            containerd: Some(version),
        }
    }

    fn check(&self, predicate: impl Fn(ContainerdVersion) -> bool) -> Applies {
        match self.containerd {
            Some(v) if predicate(v) => Applies::Always,
            Some(_) => Applies::Never,
            None => Applies::Sometimes,
        }
    }

    /// containerd 1.x reads hosts.toml with go-toml v1.
    pub fn go_toml_v1(&self) -> Applies {
        self.check(|v| v.major < 2)
    }

    /// containerd 2.x reads hosts.toml with go-toml v2.
    pub fn go_toml_v2(&self) -> Applies {
        self.check(|v| v.major >= 2)
    }

    /// A file without a `host` table fails with "invalid `host` tree" in
    /// 1.6.x and 1.7.0–1.7.31 (fixed in 1.7.32 and 2.0).
    pub fn requires_host_table(&self) -> Applies {
        self.check(|v| v.major < 2 && (v.minor < 7 || (v.minor == 7 && v.patch < 32)))
    }

    /// `dial_timeout` is read from 2.0.7 and 2.1.0 on; older versions
    /// ignore the key.
    pub fn reads_dial_timeout(&self) -> Applies {
        self.check(|v| v >= ContainerdVersion::new(2, 0, 7))
    }

    /// containerd 2.4 reads hosts.toml with go-toml v2.4, which accepts TOML 1.1 (`\\e` and
    /// `\\xHH` escapes, times without seconds, trailing commas, line breaks and comments in
    /// inline tables); 2.0 (go-toml v2.2) rejects most of it, as does go-toml v1.
    pub fn reads_toml_1_1(&self) -> Applies {
        self.check(|v| v >= ContainerdVersion::new(2, 4, 0))
    }

    /// The `referrers` capability exists from 2.2.0; older versions reject
    /// it as an unknown capability. Portable rules reject it too.
    pub fn accepts_referrers(&self) -> bool {
        Capability::Referrers.allowed_for(self.containerd)
    }

    /// A short description for messages: "containerd 1.6.20" or
    /// "containerd 1.6 and later".
    pub fn describe(&self) -> String {
        match self.containerd {
            Some(v) => format!("containerd {v}"),
            None => "containerd 1.6 and later".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_release_and_distribution_versions() {
        assert_eq!(
            ContainerdVersion::parse("1.6.20"),
            Ok(ContainerdVersion::new(1, 6, 20))
        );
        assert_eq!(
            ContainerdVersion::parse("v2.1.0"),
            Ok(ContainerdVersion::new(2, 1, 0))
        );
        assert_eq!(
            ContainerdVersion::parse("1.6.20~ds1"),
            Ok(ContainerdVersion::new(1, 6, 20))
        );
        assert_eq!(
            ContainerdVersion::parse("1.7.24-0ubuntu1"),
            Ok(ContainerdVersion::new(1, 7, 24))
        );
        assert!(ContainerdVersion::parse("1.7").is_err());
        assert!(ContainerdVersion::parse("latest").is_err());
        assert!(ContainerdVersion::parse("").is_err());
    }

    #[test]
    fn host_table_requirement_follows_the_fix_in_1_7_32() {
        let needs = |s: &str| {
            Rules::for_version(ContainerdVersion::parse(s).expect("version")).requires_host_table()
        };
        assert_eq!(needs("1.6.20"), Applies::Always);
        assert_eq!(needs("1.6.38"), Applies::Always);
        assert_eq!(needs("1.7.0"), Applies::Always);
        assert_eq!(needs("1.7.31"), Applies::Always);
        assert_eq!(needs("1.7.32"), Applies::Never);
        assert_eq!(needs("2.0.0"), Applies::Never);
        assert_eq!(Rules::default().requires_host_table(), Applies::Sometimes);
    }

    #[test]
    fn version_gated_features() {
        let rules = |s: &str| Rules::for_version(ContainerdVersion::parse(s).expect("version"));
        assert!(!Rules::default().accepts_referrers());
        assert!(!rules("2.1.9").accepts_referrers());
        assert!(rules("2.2.0").accepts_referrers());
        assert_eq!(rules("2.0.6").reads_dial_timeout(), Applies::Never);
        assert_eq!(rules("2.0.7").reads_dial_timeout(), Applies::Always);
        assert_eq!(rules("1.7.32").reads_dial_timeout(), Applies::Never);
        assert_eq!(Rules::default().reads_dial_timeout(), Applies::Sometimes);
        assert_eq!(rules("1.6.20").go_toml_v2(), Applies::Never);
        assert_eq!(Rules::default().go_toml_v1(), Applies::Sometimes);
    }
}
