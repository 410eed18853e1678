//! What the provider's model means, read by containerd's documented host rules.

use std::collections::BTreeMap;

use base64::Engine;
use serde::{Deserialize, Serialize};
use terraform_provider_containerd::domain::hosts_toml::ContainerdVersion;
use terraform_provider_containerd::domain::registry::{
    CertSource, CredentialsMode, Mirror, Registry,
};

/// One endpoint as the oracle prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub scheme: String,
    pub host: String,
    pub path: String,
    pub capabilities: Vec<String>,
    pub header: BTreeMap<String, Vec<String>>,
    pub skip_verify: bool,
    /// Common names of the CA certificates added to the system pool.
    pub ca: Vec<String>,
    /// Common names of the client certificates.
    pub client: Vec<String>,
    pub dial_timeout: String,
    /// https is tried first, then http (containerd's HTTP fallback).
    pub http_fallback: bool,
}

/// A plain endpoint: no TLS settings, no headers, the 30 s default dial timeout.
pub fn endpoint(scheme: &str, host: &str, path: &str, capabilities: &[&str]) -> Endpoint {
    Endpoint {
        scheme: scheme.into(),
        host: host.into(),
        path: path.into(),
        capabilities: capabilities.iter().map(|c| c.to_string()).collect(),
        header: BTreeMap::new(),
        skip_verify: false,
        ca: Vec::new(),
        client: Vec::new(),
        dial_timeout: "30s".into(),
        http_fallback: false,
    }
}

/// Every capability, in the oracle's order: what containerd gives the server and a host without
/// `capabilities` (referrers from 2.2).
pub fn all_capabilities(version: ContainerdVersion) -> Vec<&'static str> {
    if version >= ContainerdVersion::new(2, 2, 0) {
        vec!["pull", "resolve", "push", "referrers"]
    } else {
        vec!["pull", "resolve", "push"]
    }
}

pub fn is_loopback(host: &str) -> bool {
    let name = split_port(host).0;
    matches!(name, "localhost" | "127.0.0.1" | "::1")
}

/// `host:port` / `[v6]:port` → (host, port) as Go's net.SplitHostPort; ("host", "") otherwise.
pub fn split_port(host: &str) -> (&str, &str) {
    if let Some(rest) = host.strip_prefix('[') {
        if let Some((h, after)) = rest.split_once(']') {
            return (h, after.strip_prefix(':').unwrap_or(""));
        }
    }
    match host.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => (h, p),
        _ => (host, ""),
    }
}

/// containerd's endpoints for `host` when no hosts directory applies.
pub fn no_file(host: &str, version: ContainerdVersion) -> Vec<Endpoint> {
    let (mut e, skip_set) = default_upstream(host, version);
    fallback(&mut e, skip_set, false, version);
    vec![e]
}

/// The server containerd fills in when a file (or no file) gives none, and whether it set
/// skip_verify itself.
fn default_upstream(host: &str, version: ContainerdVersion) -> (Endpoint, bool) {
    let all = all_capabilities(version);
    if host == "docker.io" {
        return (
            endpoint("https", "registry-1.docker.io", "/v2", &all),
            false,
        );
    }
    if !is_loopback(host) {
        return (endpoint("https", host, "/v2", &all), false);
    }
    // Loopback: 1.6 uses http with skip_verify; 1.7 and 2.x https for no port or 443, otherwise
    // http, and skip_verify except on port 80.
    let port = split_port(host).1;
    let old = version < ContainerdVersion::new(1, 7, 0);
    let scheme = if old || !(port.is_empty() || port == "443") {
        "http"
    } else {
        "https"
    };
    let mut e = endpoint(scheme, host, "/v2", &all);
    e.skip_verify = old || port != "80";
    let skip_set = e.skip_verify;
    (e, skip_set)
}

/// The endpoints containerd should try for `query` given the provider's model of the namespace
/// file containerd picks. `base` is where the node files were written (certificate paths).
pub fn expected_endpoints(
    model: &Registry,
    query: &str,
    version: ContainerdVersion,
    base: &str,
) -> Vec<Endpoint> {
    let mut out: Vec<Endpoint> = model
        .mirrors
        .iter()
        .map(|m| mirror_endpoint(m, version, base))
        .collect();
    if model.skip_fallback {
        return out;
    }
    let (mut root, skip_set) = match &model.server {
        Some(server) => (
            url_endpoint(server, false, &all_capabilities(version)),
            false,
        ),
        None => default_upstream(query, version),
    };
    if !skip_set {
        root.skip_verify = model.skip_verify.unwrap_or(false);
    }
    root.ca = model.ca.iter().map(|c| cert_name(c, base)).collect();
    root.ca.sort();
    root.client = model
        .client
        .iter()
        .map(|c| cert_name(&c.cert, base))
        .collect();
    root.header = with_credentials_header(&model.header, model.credentials.as_ref());
    let explicit_tls =
        skip_set || model.skip_verify.is_some() || !model.ca.is_empty() || model.client.is_some();
    fallback(&mut root, explicit_tls, false, version);
    out.push(root);
    out
}

fn mirror_endpoint(m: &Mirror, version: ContainerdVersion, base: &str) -> Endpoint {
    let caps: Vec<&str> = if m.capabilities.is_empty() {
        all_capabilities(version)
    } else {
        ["pull", "resolve", "push", "referrers"]
            .into_iter()
            .filter(|c| m.capabilities.iter().any(|have| have.as_str() == *c))
            .collect()
    };
    let mut e = url_endpoint(&m.url, m.override_path == Some(true), &caps);
    e.skip_verify = m.skip_verify.unwrap_or(false);
    e.ca = m.ca.iter().map(|c| cert_name(c, base)).collect();
    e.ca.sort();
    e.client = m.client.iter().map(|c| cert_name(&c.cert, base)).collect();
    e.header = with_credentials_header(&m.header, m.credentials.as_ref());
    if let Some(t) = &m.dial_timeout {
        if version.major >= 2 {
            e.dial_timeout = t.clone();
        }
    }
    let explicit_tls = m.skip_verify.is_some() || !m.ca.is_empty() || m.client.is_some();
    fallback(&mut e, explicit_tls, m.dial_timeout.is_some(), version);
    e
}

/// containerd's HTTP fallback: an http host on a port other than 80 with TLS settings is tried
/// as https first (1.7 and 2.x; 2.0 also counts dial_timeout as such a setting).
fn fallback(e: &mut Endpoint, explicit_tls: bool, dial_timeout: bool, version: ContainerdVersion) {
    if version < ContainerdVersion::new(1, 7, 0)
        || e.scheme != "http"
        || split_port(&e.host).1 == "80"
    {
        return;
    }
    let two_zero_dial = version.major == 2 && version.minor == 0 && dial_timeout;
    if explicit_tls || two_zero_dial {
        e.scheme = "https".into();
        e.http_fallback = true;
    }
}

/// containerd's reading of a `[host."…"]` key or `server`: `https://` when there is no scheme,
/// `/v2` appended to the cleaned path unless override_path.
fn url_endpoint(raw: &str, override_path: bool, caps: &[&str]) -> Endpoint {
    let with_scheme = if raw.starts_with("http") {
        raw.to_string()
    } else {
        format!("https://{raw}")
    };
    let (scheme, rest) = with_scheme.split_once("://").expect("scheme");
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let path = if path.is_empty() {
        if override_path {
            String::new()
        } else {
            "/v2".to_string()
        }
    } else {
        let cleaned = path.trim_end_matches('/').to_string();
        if cleaned.ends_with("/v2") || override_path {
            cleaned
        } else {
            format!("{cleaned}/v2")
        }
    };
    endpoint(scheme, host, &path, caps)
}

fn with_credentials_header(
    header: &BTreeMap<String, Vec<String>>,
    credentials: Option<&terraform_provider_containerd::domain::registry::Credentials>,
) -> BTreeMap<String, Vec<String>> {
    let mut out = header.clone();
    if let Some(c) = credentials {
        if c.mode == CredentialsMode::AuthorizationHeader {
            let token = base64::engine::general_purpose::STANDARD
                .encode(format!("{}:{}", c.username, c.password));
            out.insert("Authorization".into(), vec![format!("Basic {token}")]);
        }
    }
    out
}

/// The common name of the certificate a model path names (read from the written node file).
fn cert_name(source: &CertSource, base: &str) -> String {
    let CertSource::Path(path) = source else {
        panic!("the model holds node paths, not inline certificates: {source:?}");
    };
    let pem = std::fs::read(format!("{base}{path}")).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (_, pem) = x509_parser::pem::parse_x509_pem(&pem).expect("PEM");
    let cert = pem.parse_x509().expect("certificate");
    let name = cert
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .unwrap_or_default()
        .to_string();
    name
}
