//! Registries declared as data: the input of [`render_registry`](super::render_registry)
//! and the output of [`parse_hosts_toml`](super::parse_hosts_toml).

use std::collections::BTreeMap;

use crate::domain::enumeration::{Choice, Enumeration};
pub use crate::domain::hosts_toml::Capability;

/// One registry namespace (`docker.io`, `myreg.example:5000`, `_default` or `*`)
/// with its upstream settings and ordered mirrors. Becomes
/// `/etc/containerd/certs.d/<namespace>/hosts.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Registry {
    /// The directory name containerd looks up: the registry host of image
    /// references, e.g. `docker.io` (not `registry-1.docker.io`).
    pub namespace: String,
    /// The upstream URL (root `server`). `None` defaults as containerd does:
    /// `https://registry-1.docker.io` for docker.io, none written for
    /// `_default` and loopback namespaces (containerd's own default applies),
    /// otherwise `https://<namespace>`.
    pub server: Option<String>,
    /// CA certificates for the upstream (root `ca`).
    pub ca: Vec<CertSource>,
    /// Client certificate and key for the upstream (root `client`).
    pub client: Option<ClientPair>,
    pub skip_verify: Option<bool>,
    /// Headers sent to the upstream; name → values.
    pub header: BTreeMap<String, Vec<String>>,
    /// Mirrors, tried in this order before the upstream.
    pub mirrors: Vec<Mirror>,
    /// Credentials for the upstream host.
    pub credentials: Option<Credentials>,
    /// Pull only from the mirrors, never from the upstream: the last mirror
    /// becomes the `server` (containerd's documented way), so nothing else is
    /// tried. If every mirror is down, pulls fail.
    pub skip_fallback: bool,
}

/// One `[host."<url>"]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mirror {
    /// `https://mirror.example`, `mirror.example:5000`,
    /// `https://registry.scs.community/v2/docker.io`; normalized as containerd reads it
    /// (see [`normalize`](super::normalize)).
    pub url: String,
    /// Operations the mirror serves; [`Mirror::new`] uses pull + resolve.
    /// An empty list means all to containerd.
    pub capabilities: Vec<Capability>,
    pub ca: Vec<CertSource>,
    pub client: Option<ClientPair>,
    pub skip_verify: Option<bool>,
    /// `None`: set to `true` when the URL carries a path other than
    /// `/v2`, otherwise left out.
    pub override_path: Option<bool>,
    pub header: BTreeMap<String, Vec<String>>,
    /// Go duration such as `"30s"`; containerd 2.0.7 / 2.1 and later.
    pub dial_timeout: Option<String>,
    /// Credentials for this mirror's host.
    pub credentials: Option<Credentials>,
}

impl Mirror {
    /// A mirror with the default capabilities (pull and resolve) and
    /// nothing else set.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            capabilities: default_capabilities(),
            ca: Vec::new(),
            client: None,
            skip_verify: None,
            override_path: None,
            header: BTreeMap::new(),
            dial_timeout: None,
            credentials: None,
        }
    }
}

/// Pull and resolve: what k3s, Gardener and Talos give a mirror.
pub fn default_capabilities() -> Vec<Capability> {
    vec![Capability::Pull, Capability::Resolve]
}

/// A certificate or key given inline (PEM text, written to a node file)
/// or as a path on the node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertSource {
    Inline(String),
    Path(String),
}

/// A client certificate and its key. The same path for both means one
/// file holding both (containerd reads the key from the certificate file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientPair {
    pub cert: CertSource,
    pub key: CertSource,
}

/// Registry credentials; sensitive, never put into messages.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub password: String,
    pub mode: CredentialsMode,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &"<sensitive>")
            .field("password", &"<sensitive>")
            .field("mode", &self.mode)
            .finish()
    }
}

/// How credentials reach containerd (hosts.toml has no credential fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CredentialsMode {
    /// `[plugins."<cri>".registry.configs."<host>".auth]` in config.toml:
    /// deprecated but working in 1.x and 2.x; answers every challenge.
    #[default]
    ConfigTomlAuth,
    /// `Authorization: Basic …` header on the host in hosts.toml: replaced
    /// when the registry answers with a Bearer challenge, and sent to token
    /// endpoints only from containerd 2.1.
    AuthorizationHeader,
}

impl Enumeration for CredentialsMode {
    const CHOICES: &'static [Choice<Self>] = &[
        Choice {
            value: CredentialsMode::ConfigTomlAuth,
            name: "config_toml",
            since: None,
            doc: ": `[plugins.\"<cri>\".registry.configs.\"<host>\".auth]` in config.toml, \
                  deprecated in containerd but working in 1.x and 2.x, answers Basic and Bearer \
                  challenges (CRI pulls only).",
        },
        Choice {
            value: CredentialsMode::AuthorizationHeader,
            name: "authorization_header",
            since: None,
            doc: ": an `Authorization: Basic …` header in hosts.toml, also used by `ctr`; a \
                  registry answering with a Bearer challenge replaces it, and before containerd \
                  2.1 it is not sent to token endpoints.",
        },
    ];
}
