//! Mapping config.toml's endpoints and host configs onto registries, as containerd 1.6's CRI
//! plugin resolves them without `config_path` (`registryEndpoints`, `registryHosts`).

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use super::config_toml::MigrationError;
use crate::domain::registry::{
    CertSource, ClientPair, Credentials, CredentialsMode, Mirror, Registry,
};

/// An endpoint as containerd 1.6 uses it: scheme added, and the `host[:port]` its `configs`
/// are looked up by.
#[derive(Debug, Clone)]
pub(super) struct Endpoint {
    pub(super) url: String,
    pub(super) authority: String,
    pub(super) line: Option<usize>,
}

/// `configs."<host>"`: its `tls` and `auth`.
#[derive(Debug, Clone, Default)]
pub(super) struct HostConfig {
    pub(super) ca: Option<String>,
    pub(super) client: Option<(String, String)>,
    pub(super) skip_verify: bool,
    pub(super) credentials: Option<(String, String)>,
}

/// What the registry table says.
pub(super) struct Settings {
    /// Namespace key as written (`*` included) → endpoints, in order.
    pub(super) mirrors: BTreeMap<String, Vec<Endpoint>>,
    /// Host → settings, and the line of its table.
    pub(super) configs: BTreeMap<String, (HostConfig, Option<usize>)>,
}

/// The registries, by namespace, and what cannot be kept the same way.
pub(super) fn registries(settings: &Settings) -> (Vec<Registry>, Vec<MigrationError>) {
    let mut errors = Vec::new();
    let mut mapper = Mapper {
        configs: &settings.configs,
        used: BTreeSet::new(),
        credentials_given: BTreeSet::new(),
    };
    let mut out = BTreeMap::new();
    let wildcard = settings.mirrors.get("*").cloned().unwrap_or_default();
    for (key, endpoints) in &settings.mirrors {
        let registry = if key == "*" {
            Ok(mapper.registry("_default", endpoints, None))
        } else {
            mapper.named(key, endpoints)
        };
        match registry {
            Ok(registry) => {
                out.insert(registry.namespace.clone(), registry);
            }
            Err(e) => errors.push(e),
        }
    }
    // A configs host no endpoint list reached: containerd uses it when pulling that host
    // itself, through the `*` endpoints (if any) and then the host.
    for (host, (_, line)) in &settings.configs {
        if mapper.used.contains(host) || host == "docker.io" {
            continue;
        }
        let namespace = if host == "registry-1.docker.io" {
            "docker.io"
        } else {
            host.as_str()
        };
        if out.contains_key(namespace) {
            errors.push(MigrationError {
                line: *line,
                message: format!(
                    "configs.{host:?} is used by no endpoint containerd contacts for {namespace}"
                ),
            });
            continue;
        }
        let upstream = Endpoint {
            url: default_url(host),
            authority: host.clone(),
            line: *line,
        };
        let registry = mapper.registry(namespace, &wildcard, Some(&upstream));
        out.insert(namespace.to_string(), registry);
    }
    (out.into_values().collect(), errors)
}

struct Mapper<'s> {
    configs: &'s BTreeMap<String, (HostConfig, Option<usize>)>,
    /// configs hosts looked up so far.
    used: BTreeSet<String>,
    /// Hosts whose credentials are already carried (config.toml keeps one set per host).
    credentials_given: BTreeSet<String>,
}

/// Settings of one contacted host.
struct HostSettings {
    ca: Vec<CertSource>,
    client: Option<ClientPair>,
    skip_verify: Option<bool>,
    credentials: Option<Credentials>,
}

impl Mapper<'_> {
    fn host(&mut self, authority: &str) -> HostSettings {
        self.used.insert(authority.to_string());
        let config = self
            .configs
            .get(authority)
            .map(|(c, _)| c.clone())
            .unwrap_or_default();
        let credentials = config
            .credentials
            .filter(|_| self.credentials_given.insert(authority.to_string()))
            .map(|(username, password)| Credentials {
                username,
                password,
                mode: CredentialsMode::ConfigTomlAuth,
            });
        HostSettings {
            ca: config.ca.map(CertSource::Path).into_iter().collect(),
            client: config.client.map(|(cert, key)| ClientPair {
                cert: CertSource::Path(cert),
                key: CertSource::Path(key),
            }),
            skip_verify: config.skip_verify.then_some(true),
            credentials,
        }
    }

    /// A registry trying `mirrors`, then `upstream` (`None`: containerd's default, no settings).
    fn registry(
        &mut self,
        namespace: &str,
        mirrors: &[Endpoint],
        upstream: Option<&Endpoint>,
    ) -> Registry {
        let mirrors = mirrors
            .iter()
            .map(|e| {
                let settings = self.host(&e.authority);
                let mut mirror = Mirror::new(e.url.clone());
                mirror.ca = settings.ca;
                mirror.client = settings.client;
                mirror.skip_verify = settings.skip_verify;
                mirror.credentials = settings.credentials;
                mirror
            })
            .collect();
        let mut registry = Registry {
            namespace: namespace.to_string(),
            mirrors,
            ..Default::default()
        };
        if let Some(upstream) = upstream {
            let settings = self.host(&upstream.authority);
            if upstream.url != default_url(&default_host(namespace)) {
                registry.server = Some(upstream.url.clone());
            }
            registry.ca = settings.ca;
            registry.client = settings.client;
            registry.skip_verify = settings.skip_verify;
            registry.credentials = settings.credentials;
        }
        registry
    }

    /// A named registry: containerd tries the endpoints, then the upstream unless an endpoint
    /// already is the pulled host. hosts.toml tries its server last, so every upstream
    /// endpoint must come after every mirror.
    fn named(
        &mut self,
        namespace: &str,
        endpoints: &[Endpoint],
    ) -> Result<Registry, MigrationError> {
        let upstream_host = default_host(namespace);
        let mut tried = endpoints.to_vec();
        if !endpoints.iter().any(|e| e.authority == namespace) {
            tried.push(Endpoint {
                url: default_url(&upstream_host),
                authority: upstream_host.clone(),
                line: None,
            });
        }
        let is_upstream = |e: &Endpoint| e.authority == namespace || e.authority == upstream_host;
        let first = tried
            .iter()
            .position(is_upstream)
            .unwrap_or(tried.len() - 1);
        let server = &tried[first];
        if let Some(after) = tried[first..]
            .iter()
            .find(|e| !is_upstream(e) || e.url != server.url)
        {
            return Err(MigrationError {
                line: server.line,
                message: format!(
                    "mirrors.{namespace:?}: containerd tries {} before {}, but hosts.toml always tries the upstream (server) last; move the upstream to the end of the list, or drop it (containerd adds it itself)",
                    server.url, after.url
                ),
            });
        }
        Ok(self.registry(namespace, &tried[..first], Some(server)))
    }
}

/// The registry host containerd contacts for a namespace.
fn default_host(namespace: &str) -> String {
    if namespace == "docker.io" {
        "registry-1.docker.io".to_string()
    } else {
        namespace.to_string()
    }
}

fn default_url(host: &str) -> String {
    format!("{}://{host}", default_scheme(host))
}

/// containerd's `defaultScheme`: http for loopback hosts.
fn default_scheme(authority: &str) -> &'static str {
    if is_localhost(authority) {
        "http"
    } else {
        "https"
    }
}

/// Go's `docker.IsLocalhost`: `localhost` or a loopback IP, with or without a port.
fn is_localhost(authority: &str) -> bool {
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// An endpoint with containerd's default scheme; its `host[:port]` as Go's `url.URL.Host`.
pub(super) fn endpoint(raw: &str) -> Result<Endpoint, String> {
    let url = if raw.contains("://") {
        raw.to_string()
    } else {
        let authority = raw.split('/').next().unwrap_or_default();
        format!("{}://{raw}", default_scheme(authority))
    };
    let (scheme, rest) = url.split_once("://").unwrap_or(("", &url));
    if scheme != "http" && scheme != "https" {
        return Err(format!(
            "endpoint {raw:?}: containerd speaks only http and https"
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if authority.is_empty() {
        return Err(format!("endpoint {raw:?} has no host"));
    }
    Ok(Endpoint {
        authority: authority.to_string(),
        url,
        line: None,
    })
}
