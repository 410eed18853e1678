//! Reading an existing hosts.toml into a [`Registry`], so users can move
//! hand-written files to structured input.
//!
//! The file is first checked with [`hosts_toml::validate`]; a file
//! containerd would reject yields its errors and no registry. Paths stay
//! paths ([`CertSource::Path`]). An `Authorization: Basic …` header holding
//! `user:password` becomes [`Credentials`] in `AuthorizationHeader` mode.
//! A host without `capabilities` gets all three (pull, resolve, push), as
//! containerd reads it; a combined `client` file becomes a pair naming the
//! file twice (containerd then reads the key from the certificate file).
//! Root-level `capabilities`, `override_path` and `dial_timeout` have no
//! place in the structured form and are dropped with a warning.

use std::collections::BTreeMap;

use base64::Engine;

use super::model::{CertSource, ClientPair, Credentials, CredentialsMode, Mirror, Registry};
use crate::domain::hosts_toml::{
    self, Capability, ClientCertificate, HeaderValue, HostSettings, HostsFile, Rules,
};
use crate::domain::{Finding, Findings, Location, Severity};

/// The result of [`parse_hosts_toml`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRegistry {
    /// `None` when containerd would reject the file or it cannot be
    /// represented.
    pub registry: Option<Registry>,
    pub problems: Findings,
    /// How many of the first `problems` are the file's own validation findings; the rest are
    /// about reading it back into a [`Registry`].
    pub validation_findings: usize,
}

/// Parses `text` as the hosts.toml of `namespace` (may be empty when
/// unknown), checked with `rules`.
pub fn parse_hosts_toml(text: &str, namespace: &str, rules: &Rules) -> ParsedRegistry {
    let mut reader = Reader {
        namespace,
        problems: Findings::new(),
        representable: true,
        validation_findings: 0,
    };
    let Some(file) = reader.validated(text, rules) else {
        return reader.finish(None);
    };
    let root = &file.server_settings;
    // Root-level capabilities make the server a mirror-like host: the structured form of that
    // is skip_fallback with the server as the last mirror.
    let server_is_mirror = root.capabilities.is_some() && file.server.is_some();
    if !server_is_mirror {
        reader.warn_dropped_root_fields(root);
    }
    let root_client = if server_is_mirror {
        None
    } else {
        reader.client(root, "client")
    };
    let mirrors = reader.mirrors(&file, server_is_mirror);
    if !reader.representable {
        return reader.finish(None);
    }
    let registry = if server_is_mirror {
        Registry {
            namespace: namespace.to_string(),
            mirrors,
            skip_fallback: true,
            ..Registry::default()
        }
    } else {
        let mut header = headers(root);
        let credentials = lift_basic_auth(&mut header);
        Registry {
            namespace: namespace.to_string(),
            server: file.server.clone(),
            ca: paths(root),
            client: root_client,
            skip_verify: root.skip_verify,
            header,
            mirrors,
            credentials,
            skip_fallback: false,
        }
    };
    reader.finish(Some(registry))
}

/// containerd's capabilities for a host that names none.
const ALL_HOST_CAPABILITIES: [Capability; 3] =
    [Capability::Pull, Capability::Resolve, Capability::Push];

/// The findings while reading one file, and whether it still fits the structured form.
struct Reader<'n> {
    namespace: &'n str,
    problems: Findings,
    representable: bool,
    validation_findings: usize,
}

impl Reader<'_> {
    fn push(&mut self, severity: Severity, key: &str, message: String) {
        let location = Location {
            key: (!key.is_empty()).then(|| key.to_string()),
            ..Location::registry(self.namespace, "")
        };
        self.problems
            .push(Finding::new(severity, location, message));
    }

    fn finish(self, registry: Option<Registry>) -> ParsedRegistry {
        ParsedRegistry {
            registry,
            problems: self.problems,
            validation_findings: self.validation_findings,
        }
    }

    /// The file checked with `rules`, its findings kept with their line; `None` when
    /// containerd would reject it.
    fn validated(&mut self, text: &str, rules: &Rules) -> Option<HostsFile> {
        let validation = hosts_toml::validate(text, rules);
        self.validation_findings = validation.problems.len();
        for p in &validation.problems {
            let location = match p.location.line {
                Some(line) => format!("line {line}: "),
                None => String::new(),
            };
            let key = p.location.key.clone().unwrap_or_default();
            self.push(p.severity, &key, format!("{location}{}", p.message));
        }
        if validation.problems.has_errors() {
            return None;
        }
        validation.parsed
    }

    /// Root-level host settings of a server that is not a mirror have no structured form.
    fn warn_dropped_root_fields(&mut self, root: &HostSettings) {
        for (set, field) in [
            (root.capabilities.is_some(), "capabilities"),
            (root.override_path.is_some(), "override_path"),
            (root.dial_timeout.is_some(), "dial_timeout"),
        ] {
            if set {
                self.push(
                    Severity::Warning,
                    field,
                    format!("the root-level {field} applies to the server and has no place in the structured form; it is dropped"),
                );
            }
        }
    }

    /// The one client pair the structured form holds (an error when there are more).
    fn client(&mut self, settings: &HostSettings, at: &str) -> Option<ClientPair> {
        let entries = settings.client.as_ref()?.entries();
        if entries.len() > 1 {
            self.push(
                Severity::Error,
                at,
                format!(
                    "{} client certificates are given; the structured form holds one",
                    entries.len()
                ),
            );
            self.representable = false;
        }
        entries.into_iter().next().map(|entry| match entry {
            ClientCertificate::Combined(p) => ClientPair {
                cert: CertSource::Path(p.clone()),
                key: CertSource::Path(p),
            },
            ClientCertificate::Pair { cert, key } => {
                let key = if key.is_empty() { cert.clone() } else { key };
                ClientPair {
                    cert: CertSource::Path(cert),
                    key: CertSource::Path(key),
                }
            }
        })
    }

    /// Every `[host]` table as a mirror, then the server when it acts as one.
    fn mirrors(&mut self, file: &HostsFile, server_is_mirror: bool) -> Vec<Mirror> {
        let root = &file.server_settings;
        let root_as_host =
            server_is_mirror.then(|| (file.server.clone().unwrap_or_default(), root, true));
        let hosts = file
            .hosts
            .iter()
            .map(|h| (h.url.clone(), &h.settings, false))
            .chain(root_as_host);
        let mut mirrors = Vec::new();
        for (url, settings, is_root) in hosts {
            let at = if is_root {
                "client".to_string()
            } else {
                format!("host.\"{url}\".client")
            };
            let client = self.client(settings, &at);
            let mut header = headers(settings);
            let credentials = lift_basic_auth(&mut header);
            mirrors.push(Mirror {
                url,
                capabilities: settings
                    .capabilities
                    .clone()
                    .unwrap_or_else(|| ALL_HOST_CAPABILITIES.to_vec()),
                ca: paths(settings),
                client,
                skip_verify: settings.skip_verify,
                override_path: settings.override_path,
                header,
                dial_timeout: settings.dial_timeout.clone(),
                credentials,
            });
        }
        mirrors
    }
}

fn paths(settings: &HostSettings) -> Vec<CertSource> {
    settings
        .ca
        .as_ref()
        .map(|ca| {
            ca.paths()
                .into_iter()
                .map(|p| CertSource::Path(p.to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn headers(settings: &HostSettings) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in settings.header.iter().flatten() {
        let values = match value {
            HeaderValue::One(v) => vec![v.clone()],
            HeaderValue::Many(vs) => vs.clone(),
        };
        out.entry(name.clone()).or_default().extend(values);
    }
    out
}

/// Takes a single `Authorization: Basic base64(user:password)` header out
/// of `header` and returns it as credentials; leaves anything else alone.
pub(crate) fn lift_basic_auth(header: &mut BTreeMap<String, Vec<String>>) -> Option<Credentials> {
    let [value] = header.get("Authorization")?.as_slice() else {
        return None;
    };
    let token = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(token)
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (username, password) = text.split_once(':')?;
    if username.is_empty() {
        return None;
    }
    let credentials = Credentials {
        username: username.to_string(),
        password: password.to_string(),
        mode: CredentialsMode::AuthorizationHeader,
    };
    header.remove("Authorization");
    Some(credentials)
}
