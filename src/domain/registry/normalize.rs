//! Normalizing user-written endpoints the way k3s does
//! (`pkg/agent/containerd/config.go`, `normalizeEndpointAddress`), so that
//! the rendered hosts.toml means what the user meant:
//!
//! - **Scheme.** A URL without `://` gets `https://`, except loopback hosts
//!   (`localhost`, `127.0.0.1`, `[::1]`) on a port other than 443, which get
//!   `http://` (containerd 1.7+ and k3s treat them as plain-HTTP registries).
//!   Only `http` and `https` are accepted.
//! - **Path.** The path is cleaned (`path.Clean`). `""`, `/` and `/v2` are the
//!   registry API root: the URL is rendered without a path and containerd
//!   appends `/v2` itself. Any other path (e.g. `/v2/docker.io` on a Harbor
//!   proxy cache) is kept and implies `override_path = true`, unless the user
//!   set `override_path` explicitly.
//! - **Server.** Without a `server`, docker.io uses `https://registry-1.docker.io`,
//!   `_default` has none, and any other namespace `https://<namespace>`
//!   (`host_port_` directory names become `host:port`).
//! - **Headers.** Names are written in Go's canonical form
//!   (`textproto.CanonicalMIMEHeaderKey`: `authorization` → `Authorization`,
//!   `x-auth-token` → `X-Auth-Token`), which is how Go's HTTP client sends them.
//!
//! userinfo, query and fragment are rejected: containerd ignores them, so
//! they would only mislead.

use crate::domain::go_url;
use crate::domain::go_url::redact_userinfo;
use crate::domain::hosts_toml::settings::is_http_token;
use crate::domain::namespace::DEFAULT_NAMESPACE;
use crate::domain::posix_path::clean;

/// The upstream of docker.io image references.
pub const DOCKER_HUB_SERVER: &str = "https://registry-1.docker.io";

/// A normalized endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedUrl {
    /// `scheme://host[:port][/path]`, without a trailing slash.
    pub url: String,
    /// `host[:port]`: the host containerd contacts (and looks up
    /// `registry.configs` by).
    pub host: String,
    /// Whether the URL carries a path other than the API root, which
    /// implies `override_path = true`.
    pub has_path: bool,
}

/// Normalizes a mirror or server URL (see the module documentation).
pub fn normalize_url(raw: &str) -> Result<NormalizedUrl, String> {
    let trimmed = raw.trim();
    // Messages quote the URL without any user:password@ it carries.
    let raw = redact_userinfo(raw);
    let raw = raw.as_str();
    if trimmed.is_empty() {
        return Err("the URL is empty".to_string());
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_string()
    } else {
        let host = trimmed.split('/').next().unwrap_or("");
        format!("{}://{trimmed}", default_scheme(host))
    };
    let url = go_url::parse(&with_scheme).map_err(|e| format!("\"{raw}\" is not a URL: {e}"))?;
    if url.scheme != "http" && url.scheme != "https" {
        return Err(format!(
            "\"{raw}\": containerd speaks only http and https, not \"{}\"",
            url.scheme
        ));
    }
    if url.host.is_empty() {
        return Err(format!("\"{raw}\" has no host"));
    }
    if url.has_userinfo {
        return Err(format!(
            "\"{raw}\": containerd ignores user:password@ in URLs; use credentials instead"
        ));
    }
    if url.has_query || url.has_fragment {
        return Err(format!(
            "\"{raw}\": containerd ignores ?query and #fragment in URLs; remove them"
        ));
    }
    if let Err(e) = url::Url::parse(&format!("{}://{}", url.scheme, url.host)) {
        return Err(format!(
            "\"{raw}\": requests to this host cannot succeed: {e}"
        ));
    }
    let path = if url.path.is_empty() {
        String::new()
    } else {
        match clean(&url.path).as_str() {
            "/" | "/v2" | "." => String::new(),
            other => other.to_string(),
        }
    };
    Ok(NormalizedUrl {
        url: format!("{}://{}{}", url.scheme, url.host, path),
        host: url.host.clone(),
        has_path: !path.is_empty(),
    })
}

/// `http` for loopback hosts on ports other than 443, otherwise `https`.
fn default_scheme(host_port: &str) -> &'static str {
    let (host, port) = split_host_port(host_port);
    let loopback = matches!(host, "localhost" | "127.0.0.1" | "::1");
    if loopback && port != Some("443") {
        "http"
    } else {
        "https"
    }
}

/// `host:port`, `[v6]:port` → (host, port).
fn split_host_port(host_port: &str) -> (&str, Option<&str>) {
    if let Some(rest) = host_port.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((host, after)) => (host, after.strip_prefix(':')),
            None => (rest, None),
        };
    }
    match host_port.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => (host, Some(port)),
        _ => (host_port, None),
    }
}

/// The server containerd uses for a namespace without `server`.
pub fn default_server(namespace: &str) -> Option<String> {
    match namespace {
        DEFAULT_NAMESPACE => None,
        "docker.io" => Some(DOCKER_HUB_SERVER.to_string()),
        other => {
            let host = namespace_host(other);
            Some(format!("{}://{host}", default_scheme(&host)))
        }
    }
}

/// `registry.example.com_5000_` → `registry.example.com:5000`; other names
/// unchanged.
pub fn namespace_host(namespace: &str) -> String {
    if let Some(inner) = namespace.strip_suffix('_') {
        if let Some((host, port)) = inner.rsplit_once('_') {
            if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) {
                return format!("{host}:{port}");
            }
        }
    }
    namespace.to_string()
}

/// Go's `textproto.CanonicalMIMEHeaderKey`: the first letter and every
/// letter after a hyphen upper case, the rest lower case; names with bytes
/// that are not HTTP token characters are returned unchanged.
pub fn canonical_header_name(name: &str) -> String {
    let valid = is_http_token(name);
    if !valid {
        return name.to_string();
    }
    let mut upper = true;
    name.chars()
        .map(|c| {
            let out = if upper {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            };
            upper = c == '-';
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(raw: &str) -> (String, bool) {
        let n = normalize_url(raw).expect("normalizes");
        (n.url, n.has_path)
    }

    #[test]
    fn adds_a_scheme_like_k3s() {
        assert_eq!(
            norm("mirror.example.com"),
            ("https://mirror.example.com".into(), false)
        );
        assert_eq!(
            norm("docker-registry:5000"),
            ("https://docker-registry:5000".into(), false)
        );
        assert_eq!(
            norm("localhost:5000"),
            ("http://localhost:5000".into(), false)
        );
        assert_eq!(
            norm("127.0.0.1:5000"),
            ("http://127.0.0.1:5000".into(), false)
        );
        assert_eq!(norm("localhost"), ("http://localhost".into(), false));
        assert_eq!(
            norm("localhost:443"),
            ("https://localhost:443".into(), false)
        );
        assert_eq!(norm("[::1]:5000"), ("http://[::1]:5000".into(), false));
        assert_eq!(
            norm("http://public-mirror.example.com"),
            ("http://public-mirror.example.com".into(), false)
        );
    }

    #[test]
    fn api_root_paths_are_dropped_and_other_paths_imply_override_path() {
        for raw in [
            "https://m.example",
            "https://m.example/",
            "https://m.example/v2",
            "https://m.example/v2/",
        ] {
            assert_eq!(norm(raw), ("https://m.example".into(), false), "{raw}");
        }
        assert_eq!(
            norm("https://registry.scs.community/v2/docker.io/"),
            ("https://registry.scs.community/v2/docker.io".into(), true)
        );
        assert_eq!(norm("icr.io/dpod"), ("https://icr.io/dpod".into(), true));
        assert_eq!(
            norm("https://m.example/a/../v2"),
            ("https://m.example".into(), false)
        );
    }

    #[test]
    fn rejects_what_containerd_ignores_or_cannot_use() {
        assert!(normalize_url("").is_err());
        assert!(normalize_url("ftp://m.example").is_err());
        assert!(normalize_url("https://m.example/?a=b").is_err());
        assert!(normalize_url("https://m.example/#x").is_err());
        assert!(normalize_url("https://").is_err());
        let e = normalize_url("https://user:secret@m.example").expect_err("userinfo");
        assert!(!e.contains("secret"), "{e}");
        assert!(e.contains("<redacted>@m.example"), "{e}");
        assert!(normalize_url("https://m.example:99999").is_err());
    }

    #[test]
    fn default_servers_follow_containerd() {
        assert_eq!(
            default_server("docker.io").as_deref(),
            Some(DOCKER_HUB_SERVER)
        );
        assert_eq!(default_server("_default"), None);
        assert_eq!(
            default_server("ghcr.io").as_deref(),
            Some("https://ghcr.io")
        );
        assert_eq!(
            default_server("myreg.example:5000").as_deref(),
            Some("https://myreg.example:5000")
        );
        assert_eq!(
            default_server("myreg.example_5000_").as_deref(),
            Some("https://myreg.example:5000")
        );
        assert_eq!(
            default_server("localhost:5000").as_deref(),
            Some("http://localhost:5000")
        );
    }

    #[test]
    fn header_names_are_canonical_like_go() {
        assert_eq!(canonical_header_name("authorization"), "Authorization");
        assert_eq!(canonical_header_name("x-auth-TOKEN"), "X-Auth-Token");
        assert_eq!(canonical_header_name("X-Custom"), "X-Custom");
        assert_eq!(canonical_header_name("bad name"), "bad name");
        assert_eq!(canonical_header_name(""), "");
    }
}
