//! The parsed content of a hosts.toml, as containerd would read it.
//!
//! Values keep the form the user wrote (a single `ca` string vs. a list,
//! `client` pairs vs. combined files) so that later work can render or
//! round-trip the file without changing its meaning. Settings that failed
//! validation are left out (`None`).

use super::rules::ContainerdVersion;
use crate::domain::enumeration::{Choice, Enumeration};
/// A whole hosts.toml.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HostsFile {
    /// The root `server` URL as written; `None` when absent or empty (then
    /// containerd uses the namespace itself over https).
    pub server: Option<String>,
    /// Where containerd sends requests for `server`, when set.
    pub server_endpoint: Option<Endpoint>,
    /// Root-level settings; containerd applies them to `server`.
    pub server_settings: HostSettings,
    /// `[host."…"]` entries in file order (containerd tries them in this
    /// order, then `server`).
    pub hosts: Vec<HostEntry>,
}

/// One `[host."<url>"]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostEntry {
    /// The table key as written, e.g. `https://mirror.example.com/v2/docker.io`.
    pub url: String,
    /// 1-based line of the table header (or of the key that declared it).
    pub line: Option<usize>,
    /// Where containerd sends requests for this host; `None` if the URL is
    /// empty or does not parse.
    pub endpoint: Option<Endpoint>,
    pub settings: HostSettings,
}

/// The per-host fields (`hostFileConfig` in containerd).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HostSettings {
    /// Absent or empty means all capabilities.
    pub capabilities: Option<Vec<Capability>>,
    pub ca: Option<PathList>,
    pub client: Option<ClientCertificates>,
    pub skip_verify: Option<bool>,
    pub override_path: Option<bool>,
    /// Header name and values, in file order.
    pub header: Option<Vec<(String, HeaderValue)>>,
    /// The duration text as written, e.g. `"30s"`.
    pub dial_timeout: Option<String>,
}

/// Operations a host may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Capability {
    Pull,
    Resolve,
    Push,
    /// containerd 2.2+.
    Referrers,
}

impl Enumeration for Capability {
    const CHOICES: &'static [Choice<Self>] = &[
        Choice {
            value: Capability::Pull,
            name: "pull",
            since: None,
            doc: "",
        },
        Choice {
            value: Capability::Resolve,
            name: "resolve",
            since: None,
            doc: "",
        },
        Choice {
            value: Capability::Push,
            name: "push",
            since: None,
            doc: "",
        },
        Choice {
            value: Capability::Referrers,
            name: "referrers",
            since: Some(ContainerdVersion::new(2, 2, 0)),
            doc: "",
        },
    ];
}

impl Capability {
    /// The lower-case name containerd matches (case-insensitively).
    pub fn as_str(self) -> &'static str {
        self.name()
    }

    /// containerd compares capability names after `strings.ToLower`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::parse(&name.to_lowercase())
    }

    /// The names containerd `version` accepts, for messages: `pull, resolve, push`.
    pub fn accepted_by(version: Option<ContainerdVersion>) -> String {
        Self::names_for(version).join(", ")
    }
}

/// `ca = "file"` or `ca = ["a", "b"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathList {
    One(String),
    Many(Vec<String>),
}

impl PathList {
    pub fn paths(&self) -> Vec<&str> {
        match self {
            PathList::One(p) => vec![p.as_str()],
            PathList::Many(ps) => ps.iter().map(String::as_str).collect(),
        }
    }
}

/// `client = "combined.pem"` or a list of combined files and pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientCertificates {
    /// A single file holding certificate and key.
    Combined(String),
    List(Vec<ClientCertificate>),
}

impl ClientCertificates {
    pub fn entries(&self) -> Vec<ClientCertificate> {
        match self {
            ClientCertificates::Combined(p) => vec![ClientCertificate::Combined(p.clone())],
            ClientCertificates::List(list) => list.clone(),
        }
    }
}

/// One element of a `client` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientCertificate {
    /// A file holding certificate and key.
    Combined(String),
    /// `[cert, key]`.
    Pair { cert: String, key: String },
}

/// A header value: a string or a list of strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderValue {
    One(String),
    Many(Vec<String>),
}

/// Where containerd sends a host's requests, computed the way
/// `parseHostConfig` does: `https://` prepended when the URL does not start
/// with `http`, the path cleaned, and `/v2` appended unless the path
/// already ends in `/v2` or `override_path` is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub scheme: String,
    /// `host[:port]`.
    pub host: String,
    pub path: String,
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}{}", self.scheme, self.host, self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capability_names_are_case_insensitive_like_containerd() {
        assert_eq!(Capability::from_name("PULL"), Some(Capability::Pull));
        assert_eq!(Capability::from_name("Resolve"), Some(Capability::Resolve));
        assert_eq!(Capability::from_name("pul"), None);
        assert_eq!(Capability::from_name(" pull"), None);
        assert_eq!(Capability::Push.as_str(), "push");
    }

    #[test]
    fn endpoint_displays_as_a_url() {
        let e = Endpoint {
            scheme: "https".into(),
            host: "m.example:5000".into(),
            path: "/v2".into(),
        };
        assert_eq!(e.to_string(), "https://m.example:5000/v2");
    }
}
