//! Which containerd the registries are rendered for, and which fields it
//! supports.
//!
//! | Field or form | Supported from | Older versions |
//! |---|---|---|
//! | `override_path` | 1.6.0 | silently ignored (1.5.x): error |
//! | `_default` namespace | 1.6.17, 1.7.0 | never looked up: error |
//! | `dial_timeout` | 2.0.7, 2.1.0 | silently ignored: error |
//! | `referrers` capability | 2.2.0 | "unknown capability", file dropped: error |
//! | no `[host]` table | 1.7.32, 2.0.0 | "invalid `host` tree": an empty `[host]` table is rendered |
//!
//! A version written without a patch (`"1.7"`) means the whole release
//! line, so the rules use its first release (`1.7.0`): a field is only
//! allowed when every patch release of the line supports it.

use crate::domain::enumeration::{release_name, Enumeration};
use crate::domain::hosts_toml::{Capability, ContainerdVersion};

/// The version used when the user names none: `"1.6"`, the oldest line the
/// provider supports. Debian 12 ships 1.6.20, Ubuntu 22.04 1.7.x, SCS node
/// images 1.7.x; a file rendered for 1.6.0 works on all of them and on
/// every later release, while a newer default would silently produce files
/// that older nodes misread (an ignored `dial_timeout`, a dropped file
/// without `[host]`). Features from later releases need an explicit,
/// higher `containerd_version`.
pub const DEFAULT_CONTAINERD_VERSION: &str = "1.6";

/// The oldest supported release line.
pub const OLDEST_SUPPORTED: ContainerdVersion = ContainerdVersion::new(1, 6, 0);
/// The newest release line users are pointed to as a bare line (`"2.2"`).
pub const NEWEST_LINE: ContainerdVersion = ContainerdVersion::new(2, 2, 0);

/// `"1.6"` … `"2.2"`: the supported release lines, as messages and descriptions name them.
pub fn supported_lines(quote: &str) -> String {
    format!(
        "{quote}\"{}\"{quote} … {quote}\"{}\"{quote}",
        release_name(OLDEST_SUPPORTED),
        release_name(NEWEST_LINE)
    )
}

/// Parses `"1.6"` … `"2.2"` or a release such as `"1.6.20"`, `"2.0.7"`.
/// A missing patch means `.0`. Versions before 1.6 are rejected.
pub fn parse_containerd_version(text: &str) -> Result<ContainerdVersion, String> {
    let trimmed = text.trim();
    let dots = trimmed.matches('.').count();
    let full = if dots == 1 {
        format!("{trimmed}.0")
    } else {
        trimmed.to_string()
    };
    let version = ContainerdVersion::parse(&full).map_err(|_| {
        format!(
            "\"{text}\" is not a containerd version; write {} or a release such as \"1.7.24\"",
            supported_lines("")
        )
    })?;
    if version < OLDEST_SUPPORTED {
        return Err(format!(
            "containerd {text} is not supported: hosts.toml override_path and the registry settings rendered here need containerd 1.6 or later"
        ));
    }
    Ok(version)
}

/// [`DEFAULT_CONTAINERD_VERSION`], parsed.
pub fn default_containerd_version() -> ContainerdVersion {
    parse_containerd_version(DEFAULT_CONTAINERD_VERSION).unwrap_or(OLDEST_SUPPORTED)
}

/// `override_path` is read from 1.6.0 on (absent in every 1.5.x).
pub fn supports_override_path(v: ContainerdVersion) -> bool {
    v >= ContainerdVersion::new(1, 6, 0)
}

/// The `_default` namespace directory is looked up from 1.6.17 and 1.7.0.
pub fn supports_default_namespace(v: ContainerdVersion) -> bool {
    (v.major == 1 && v.minor == 6 && v.patch >= 17) || v >= ContainerdVersion::new(1, 7, 0)
}

/// `dial_timeout` is read from 2.0.7 and 2.1.0 on.
pub fn supports_dial_timeout(v: ContainerdVersion) -> bool {
    v >= ContainerdVersion::new(2, 0, 7)
}

/// The `referrers` capability exists from 2.2.0.
pub fn supports_referrers(v: ContainerdVersion) -> bool {
    Capability::Referrers.allowed_for(Some(v))
}

/// A hosts.toml without a `[host]` table fails before 1.7.32 (and in 1.6).
pub fn needs_host_table(v: ContainerdVersion) -> bool {
    v < ContainerdVersion::new(1, 7, 32) && v.major < 2
}

/// Credentials in the `Authorization` header reach token endpoints from 2.1.
pub fn sends_headers_to_token_endpoints(v: ContainerdVersion) -> bool {
    v >= ContainerdVersion::new(2, 1, 0)
}

/// containerd 2.x: config version 3 and the CRI images plugin.
pub fn is_v2(v: ContainerdVersion) -> bool {
    v.major >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> ContainerdVersion {
        parse_containerd_version(text).expect("version")
    }

    #[test]
    fn parses_lines_and_releases() {
        assert_eq!(v("1.6"), ContainerdVersion::new(1, 6, 0));
        assert_eq!(v("2.2"), ContainerdVersion::new(2, 2, 0));
        assert_eq!(v("1.6.20"), ContainerdVersion::new(1, 6, 20));
        assert_eq!(v("2.0.7"), ContainerdVersion::new(2, 0, 7));
        assert_eq!(v(DEFAULT_CONTAINERD_VERSION), default_containerd_version());
        assert!(parse_containerd_version("1.5").is_err());
        assert!(parse_containerd_version("1.5.18").is_err());
        assert!(parse_containerd_version("latest").is_err());
        assert!(parse_containerd_version("").is_err());
        assert!(parse_containerd_version("2").is_err());
    }

    #[test]
    fn support_table() {
        let old = ContainerdVersion::new(1, 5, 18);
        assert!(!supports_override_path(old));
        assert!(supports_override_path(v("1.6")));

        assert!(!supports_default_namespace(v("1.6.16")));
        assert!(supports_default_namespace(v("1.6.17")));
        assert!(supports_default_namespace(v("1.7")));
        assert!(!supports_default_namespace(v("1.6")));

        assert!(!supports_dial_timeout(v("2.0.6")));
        assert!(!supports_dial_timeout(v("2.0")));
        assert!(supports_dial_timeout(v("2.0.7")));
        assert!(supports_dial_timeout(v("2.1")));
        assert!(!supports_dial_timeout(v("1.7.32")));

        assert!(!supports_referrers(v("2.1.9")));
        assert!(supports_referrers(v("2.2")));

        assert!(needs_host_table(v("1.6.38")));
        assert!(needs_host_table(v("1.7.31")));
        assert!(!needs_host_table(v("1.7.32")));
        assert!(!needs_host_table(v("2.0")));

        assert!(!sends_headers_to_token_endpoints(v("2.0.7")));
        assert!(sends_headers_to_token_endpoints(v("2.1")));
    }
}
