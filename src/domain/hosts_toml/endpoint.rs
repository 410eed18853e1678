//! Server and host URLs, read the way containerd's `parseHostConfig` does.
//!
//! containerd prepends `https://` unless the text starts with `http`
//! (case-sensitive), parses it with Go's `url.Parse` (a failure drops the
//! whole file), cleans the path and appends `/v2` unless the path already
//! ends in `/v2` or `override_path` is set. Everything Go accepts but that
//! cannot work — no host, an unknown scheme, a port out of range, a path
//! that gets `/v2` appended after `/v2/…` — is a warning.

use std::borrow::Cow;

use super::model::Endpoint;
use crate::domain::posix_path::clean;
use crate::domain::{go_url, request_url};

/// The outcome of reading one URL.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct EndpointCheck {
    pub endpoint: Option<Endpoint>,
    /// Set when containerd would reject the file.
    pub error: Option<String>,
    pub warnings: Vec<String>,
}

pub(super) fn check_endpoint(raw: &str, override_path: bool) -> EndpointCheck {
    let mut check = EndpointCheck::default();
    let prefixed: Cow<'_, str> = if raw.starts_with("http") {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(format!("https://{raw}"))
    };
    // Messages quote the URL without any user:password@ it carries.
    let shown = || go_url::redact_userinfo(raw);
    let shown_prefixed = || go_url::redact_userinfo(&prefixed);
    let mut url = match go_url::parse(&prefixed) {
        Ok(url) => url,
        Err(e) => {
            check.error = Some(if prefixed == raw {
                format!("\"{}\" does not parse as a URL: {e}", shown())
            } else {
                format!(
                    "containerd reads \"{}\" as \"{}\", which does not parse as a URL: {e}",
                    shown(),
                    shown_prefixed()
                )
            });
            return check;
        }
    };

    let path = containerd_path(&url.path, override_path);
    let endpoint = Endpoint {
        scheme: std::mem::take(&mut url.scheme),
        host: std::mem::take(&mut url.host),
        path,
    };
    let warnings = &mut check.warnings;

    let starts_with_http_any_case = raw.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("http"));
    if starts_with_http_any_case && !raw.starts_with("http") {
        warnings.push(format!(
            "write the scheme in lower case: containerd recognises only a lower-case http prefix and reads this as \"{}\"",
            shown_prefixed()
        ));
    } else if endpoint.host.is_empty() {
        let reason = if raw.starts_with("http")
            && !raw.starts_with("http://")
            && !raw.starts_with("https://")
        {
            "; containerd adds https:// only when the text does not start with \"http\""
        } else {
            ""
        };
        warnings.push(format!(
            "\"{}\" has no host, so containerd cannot send requests to it{reason}; write scheme://host[:port][/path]",
            shown()
        ));
    } else if endpoint.scheme != "http" && endpoint.scheme != "https" {
        warnings.push(format!(
            "containerd speaks only http and https; requests to a \"{}\" URL fail",
            endpoint.scheme
        ));
    } else if let Err(e) = request_url::check(&endpoint.scheme, &endpoint.host, &endpoint.path) {
        warnings.push(format!(
            "containerd accepts the URL, but requests to {endpoint} cannot succeed: {e}"
        ));
    }

    if url.has_userinfo {
        warnings.push(
            "containerd ignores user:password@ in host URLs; no credentials are sent".to_string(),
        );
    }
    if url.has_query || url.has_fragment {
        warnings.push("containerd ignores the ?query and #fragment of host URLs".to_string());
    }
    if !override_path
        && url.path.contains("/v2/")
        && !url.path.trim_end_matches('/').ends_with("/v2")
    {
        warnings.push(format!(
            "containerd appends /v2 to this path and sends requests to {endpoint}/…; if the URL already is the registry API root (a mirror path like /v2/docker.io), set override_path = true"
        ));
    }
    if override_path && endpoint.path.is_empty() && !endpoint.host.is_empty() {
        warnings.push(
            "override_path = true with no path: containerd sends requests to the host root (/<repository>/manifests/…) instead of /v2/…".to_string(),
        );
    }
    check.endpoint = Some(endpoint);
    check
}

/// `path.Clean` plus the `/v2` rule from `parseHostConfig`.
fn containerd_path(path: &str, override_path: bool) -> String {
    if path.is_empty() {
        return if override_path {
            String::new()
        } else {
            "/v2".to_string()
        };
    }
    let cleaned = clean(path);
    if cleaned.ends_with("/v2") || override_path {
        cleaned
    } else {
        format!("{cleaned}/v2")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(raw: &str, override_path: bool) -> String {
        check_endpoint(raw, override_path)
            .endpoint
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn computes_the_urls_containerd_requests() {
        // Observed with containerd 1.6.20's ctr against these hosts.toml URLs.
        assert_eq!(
            endpoint("http://127.0.0.1:2", false),
            "http://127.0.0.1:2/v2"
        );
        assert_eq!(endpoint("http://127.0.0.1:2", true), "http://127.0.0.1:2");
        assert_eq!(endpoint("127.0.0.1:2", false), "https://127.0.0.1:2/v2");
        assert_eq!(
            endpoint("http://127.0.0.1:2/v2/x", true),
            "http://127.0.0.1:2/v2/x"
        );
        assert_eq!(
            endpoint("http://127.0.0.1:2/v2/x", false),
            "http://127.0.0.1:2/v2/x/v2"
        );
        assert_eq!(
            endpoint("http://127.0.0.1:2/x/../v2/", false),
            "http://127.0.0.1:2/v2"
        );
        assert_eq!(
            endpoint("HTTP://127.0.0.1:2", false),
            "https://HTTP:/127.0.0.1:2/v2"
        );
        assert_eq!(
            endpoint("https://registry.scs.community/v2/docker.io", true),
            "https://registry.scs.community/v2/docker.io"
        );
    }

    #[test]
    fn parse_failures_are_errors_naming_the_prefixed_url() {
        let c = check_endpoint("registry.example.com:abc", false);
        assert_eq!(
            c.error.as_deref(),
            Some("containerd reads \"registry.example.com:abc\" as \"https://registry.example.com:abc\", which does not parse as a URL: invalid port \":abc\" after host")
        );
        let c = check_endpoint("http://a b", false);
        assert_eq!(
            c.error.as_deref(),
            Some("\"http://a b\" does not parse as a URL: invalid character \" \" in host name")
        );
    }

    #[test]
    fn warns_about_urls_that_parse_but_cannot_work() {
        let warning = |raw: &str, override_path: bool| {
            check_endpoint(raw, override_path).warnings.join(" | ")
        };
        assert!(warning("HTTPS://m.example", false).contains("lower case"));
        assert!(warning("http:foo", false).contains("no host"));
        assert!(warning("httpfoo.example", false).contains("does not start with \"http\""));
        assert!(warning("httpx://m.example", false).contains("only http and https"));
        assert!(warning("http://127.0.0.1:99999", false).contains("cannot succeed"));
        assert!(warning("https://u:p@m.example", false).contains("user:password"));
        assert!(warning("https://m.example/?a=b", false).contains("?query"));
        assert!(
            warning("https://registry.scs.community/v2/docker.io", false)
                .contains("override_path = true")
        );
        assert!(warning("https://m.example", true).contains("host root"));
        assert_eq!(warning("https://m.example/v2", false), "");
        assert_eq!(warning("https://m.example/v2/", false), "");
        assert_eq!(
            warning("https://registry.scs.community/v2/docker.io", true),
            ""
        );
    }
}
