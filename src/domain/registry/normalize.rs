//! Normalizing user-written endpoints the way k3s does
//! (`pkg/agent/containerd/config.go`, `normalizeEndpointAddress`), so that
//! the rendered hosts.toml means what the user meant:
//!
//! - **Scheme.** A URL without `://` gets `https://`, as containerd reads a
//!   `[host]` key or `server` without a scheme. Loopback hosts (`localhost`,
//!   `127.0.0.1`, `[::1]`) without a scheme get exactly what containerd does for
//!   them when no hosts.toml exists ([`loopback_default`]): 1.6 uses `http://`
//!   with `skip_verify`; 1.7 and 2.x use `https://` with `skip_verify` for no
//!   port or port 443, `http://` on port 80, and otherwise `http://` with
//!   `skip_verify`, which containerd tries as https first and then as http.
//!   Only `http` and `https` are accepted.
//! - **Path.** The path is cleaned (`path.Clean`). `""`, `/` and `/v2` are the
//!   registry API root: the URL is rendered without a path and containerd
//!   appends `/v2` itself. Any other path (e.g. `/v2/docker.io` on a Harbor
//!   proxy cache) is kept and implies `override_path = true`, unless the user
//!   set `override_path` explicitly.
//! - **Server.** Without a `server`, docker.io uses `https://registry-1.docker.io`,
//!   `_default` and loopback namespaces have none (containerd then uses its own
//!   default for the pulled registry), and any other namespace
//!   `https://<namespace>` (`host_port_` directory names become `host:port`).
//! - **Headers.** Names are written in Go's canonical form
//!   (`textproto.CanonicalMIMEHeaderKey`: `authorization` → `Authorization`,
//!   `x-auth-token` → `X-Auth-Token`), which is how Go's HTTP client sends them.
//!
//! userinfo, query and fragment are rejected: containerd ignores them, so
//! they would only mislead.

use crate::domain::go_url;
use crate::domain::go_url::redact_userinfo;
use crate::domain::hosts_toml::settings::is_http_token;
use crate::domain::hosts_toml::ContainerdVersion;
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
    /// Whether the URL had no scheme (and got `https://`).
    pub scheme_defaulted: bool,
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
    let scheme_defaulted = !trimmed.contains("://");
    let with_scheme = if scheme_defaulted {
        format!("https://{trimmed}")
    } else {
        trimmed.to_string()
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
        // Escaped again, so that a decoded newline, quote or `%` cannot break the hosts.toml.
        url: format!(
            "{}://{}{}",
            url.scheme,
            url.host,
            go_url::escape_path(&path)
        ),
        host: url.host.clone(),
        has_path: !path.is_empty(),
        scheme_defaulted,
    })
}

/// Normalizes an endpoint for `version`: [`normalize_url`], then a loopback
/// host without a scheme gets containerd's own default scheme and
/// `skip_verify` (returned when containerd would set it).
pub fn normalize_endpoint(
    raw: &str,
    version: ContainerdVersion,
) -> Result<(NormalizedUrl, Option<bool>), String> {
    let mut url = normalize_url(raw)?;
    if !url.scheme_defaulted {
        return Ok((url, None));
    }
    match loopback_default(&url.host, version) {
        Some((scheme, skip_verify)) => {
            url.url = format!("{scheme}{}", &url.url["https".len()..]);
            Ok((url, skip_verify.then_some(true)))
        }
        None => Ok((url, None)),
    }
}

/// Whether `host_port` names the local machine (`localhost`, `127.0.0.1`, `::1`).
pub fn is_loopback(host_port: &str) -> bool {
    let (host, _) = split_host_port(host_port);
    matches!(host, "localhost" | "127.0.0.1" | "::1")
}

/// containerd's scheme and skip_verify for a loopback registry it has no
/// hosts.toml for: 1.6: `http` and skip_verify; 1.7 and 2.x: `https` for no
/// port or 443, else `http`, and skip_verify except on port 80. `None` for
/// other hosts.
pub fn loopback_default(
    host_port: &str,
    version: ContainerdVersion,
) -> Option<(&'static str, bool)> {
    if !is_loopback(host_port) {
        return None;
    }
    if version < ContainerdVersion::new(1, 7, 0) {
        return Some(("http", true));
    }
    let port = split_host_port(host_port).1;
    match port {
        None | Some("443") => Some(("https", true)),
        Some("80") => Some(("http", false)),
        Some(_) => Some(("http", true)),
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

/// The server the provider writes for a namespace without `server`: none for
/// `_default` and loopback namespaces (containerd's own default applies, see
/// [`loopback_default`]).
pub fn default_server(namespace: &str) -> Option<String> {
    match namespace {
        DEFAULT_NAMESPACE => None,
        "docker.io" => Some(DOCKER_HUB_SERVER.to_string()),
        other => {
            let host = namespace_host(other);
            (!is_loopback(&host)).then(|| format!("https://{host}"))
        }
    }
}

/// The host containerd contacts for a namespace's upstream when the file gives
/// no server: `registry-1.docker.io` for docker.io, otherwise the namespace's
/// host; `None` for `_default` (it depends on the pulled registry).
pub fn default_upstream_host(namespace: &str) -> Option<String> {
    match namespace {
        DEFAULT_NAMESPACE => None,
        "docker.io" => Some("registry-1.docker.io".to_string()),
        other => Some(namespace_host(other)),
    }
}

/// Whether a normalized mirror is the namespace's upstream itself: the same
/// URL as the server, or (for docker.io) Docker Hub's `docker.io`,
/// `index.docker.io` or `registry-1.docker.io` over https without a path.
pub fn is_upstream(
    mirror: &NormalizedUrl,
    namespace: &str,
    server: Option<&NormalizedUrl>,
) -> bool {
    if server.is_some_and(|s| s.url == mirror.url) {
        return true;
    }
    namespace == "docker.io"
        && !mirror.has_path
        && mirror.url.starts_with("https://")
        && matches!(
            mirror.host.as_str(),
            "docker.io" | "index.docker.io" | "registry-1.docker.io"
        )
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
            ("https://localhost:5000".into(), false)
        );
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
        assert_eq!(default_server("localhost:5000"), None);
        assert_eq!(default_server("127.0.0.1"), None);
    }

    #[test]
    fn loopback_endpoints_without_a_scheme_get_containerds_defaults() {
        let v16 = ContainerdVersion::new(1, 6, 20);
        let v2 = ContainerdVersion::new(2, 1, 0);
        let end = |raw: &str, v| {
            let (n, skip) = normalize_endpoint(raw, v).expect("normalizes");
            (n.url, skip)
        };
        assert_eq!(
            end("localhost:5000", v16),
            ("http://localhost:5000".into(), Some(true))
        );
        assert_eq!(
            end("localhost", v16),
            ("http://localhost".into(), Some(true))
        );
        assert_eq!(
            end("localhost", v2),
            ("https://localhost".into(), Some(true))
        );
        assert_eq!(
            end("localhost:443", v2),
            ("https://localhost:443".into(), Some(true))
        );
        assert_eq!(
            end("localhost:80", v2),
            ("http://localhost:80".into(), None)
        );
        assert_eq!(
            end("127.0.0.1:5000", v2),
            ("http://127.0.0.1:5000".into(), Some(true))
        );
        assert_eq!(
            end("[::1]:5000", v2),
            ("http://[::1]:5000".into(), Some(true))
        );
        assert_eq!(
            end("http://localhost", v2),
            ("http://localhost".into(), None)
        );
        assert_eq!(
            end("m.example:5000", v2),
            ("https://m.example:5000".into(), None)
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
