//! Registry namespaces: the directory names containerd looks up under
//! `/etc/containerd/certs.d`.
//!
//! A user's hosts file is named after the namespace it configures, and that
//! file name becomes the directory name on the node. containerd derives the
//! names it looks up from the registry host of an image reference
//! (`core/remotes/docker/config/hosts.go`, `hostPaths`/`hostDirectory`): for
//! `registry.example.com:5000` it tries `registry.example.com_5000_`, then
//! `registry.example.com:5000`, then `_default`. A name that can never be
//! looked up is almost certainly a mistake (a URL, a path, a typo), so it is
//! rejected here with a reason.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The catch-all namespace containerd falls back to (1.6.17+, 1.7.0+).
pub const DEFAULT_NAMESPACE: &str = "_default";

/// Another spelling of [`DEFAULT_NAMESPACE`] (k3s's and Talos's `*`).
pub const ALL_REGISTRIES: &str = "*";

/// The directory name containerd looks up for `name`: `*` is `_default`.
pub fn canonical_namespace(name: &str) -> &str {
    if name == ALL_REGISTRIES {
        DEFAULT_NAMESPACE
    } else {
        name
    }
}

/// Checks that `name` is a directory name containerd can look up for some
/// image reference. The error is a human sentence explaining why not.
pub fn validate_namespace(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the name is empty".to_string());
    }
    if name == "." || name == ".." {
        return Err(format!(
            "\"{name}\" is a relative path component, not a registry host"
        ));
    }
    if name.contains('/') || name.contains('\\') {
        return Err("it contains a path separator; use the bare registry host".to_string());
    }
    if let Some(c) = name.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "it contains the character {c:?}; registry hosts have no whitespace or control characters"
        ));
    }
    if looks_like_url_scheme(name) {
        return Err(
            "it starts with a URL scheme; name the file after the registry host only, e.g. registry.example.com"
                .to_string(),
        );
    }
    if name == DEFAULT_NAMESPACE {
        return Ok(());
    }
    if let Some(without_suffix) = name.strip_suffix('_') {
        return validate_underscore_form(without_suffix);
    }
    validate_host_and_port(name)
}

/// `https:`, `http:`, `oci:` … — letters followed by a colon that is not a
/// port separator.
fn looks_like_url_scheme(name: &str) -> bool {
    match name.split_once(':') {
        Some((scheme, rest)) => {
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphabetic())
                && !rest.starts_with(|c: char| c.is_ascii_digit())
        }
        None => false,
    }
}

/// containerd's `host_port_` spelling of `host:port` (`hostDirectory`).
fn validate_underscore_form(without_suffix: &str) -> Result<(), String> {
    let Some((host, port)) = without_suffix.rsplit_once('_') else {
        return Err(
            "it ends with '_' but is not containerd's host_port_ form (e.g. registry.example.com_5000_)"
                .to_string(),
        );
    };
    validate_port(port)?;
    validate_host(host)
}

fn validate_host_and_port(name: &str) -> Result<(), String> {
    if let Some(rest) = name.strip_prefix('[') {
        let Some((inside, after)) = rest.split_once(']') else {
            return Err("it opens an IPv6 address with '[' but never closes it".to_string());
        };
        validate_ipv6(inside)?;
        return match after {
            "" => Ok(()),
            _ => match after.strip_prefix(':') {
                Some(port) => validate_port(port),
                None => Err(format!("unexpected \"{after}\" after the IPv6 address")),
            },
        };
    }
    match name.split_once(':') {
        None => validate_host(name),
        Some((host, port)) => {
            if port.contains(':') {
                return Err(
                    "IPv6 addresses must be written in brackets, e.g. [::1]:5000".to_string(),
                );
            }
            validate_port(port)?;
            validate_host(host)
        }
    }
}

fn validate_ipv6(inside: &str) -> Result<(), String> {
    inside
        .parse::<Ipv6Addr>()
        .map(|_| ())
        .map_err(|_| format!("\"{inside}\" is not an IPv6 address"))
}

fn validate_port(port: &str) -> Result<(), String> {
    if port.is_empty() {
        return Err("the port after ':' is empty".to_string());
    }
    if !port.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("the port \"{port}\" is not a number"));
    }
    match port.parse::<u32>() {
        Ok(n) if (1..=65535).contains(&n) => Ok(()),
        _ => Err(format!("the port {port} is outside 1..65535")),
    }
}

/// A DNS name or an IPv4 address (the domain part of an image reference).
fn validate_host(host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err("the host part is empty".to_string());
    }
    if host.starts_with('[') {
        return validate_host_and_port(host);
    }
    if host.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return host
            .parse::<Ipv4Addr>()
            .map(|_| ())
            .map_err(|_| format!("\"{host}\" is not an IPv4 address"));
    }
    if host.len() > 253 {
        return Err("the host name is longer than 253 characters".to_string());
    }
    for label in host.split('.') {
        validate_label(label)?;
    }
    Ok(())
}

fn validate_label(label: &str) -> Result<(), String> {
    if label.is_empty() {
        return Err(
            "the host name has an empty label (two dots in a row, or a leading/trailing dot)"
                .to_string(),
        );
    }
    if label.len() > 63 {
        return Err(format!(
            "the host label \"{label}\" is longer than 63 characters"
        ));
    }
    if let Some(c) = label
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Err(format!(
            "the host name contains {c:?}; registry hosts use letters, digits, '-' and '.'"
        ));
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err(format!(
            "the host label \"{label}\" starts or ends with '-'"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_names_containerd_looks_up() {
        for name in [
            "docker.io",
            "registry.k8s.io",
            "registry.example.com:5000",
            "_default",
            "127.0.0.1:5000",
            "[::1]:5000",
            "[::1]",
            "[2001:db8::1]:443",
            "localhost",
            "localhost:5000",
            "docker-registry:5000",
            "registry.example.com_5000_",
            "localhost_5000_",
            "127.0.0.1_5000_",
            "[::1]_5000_",
            "Registry.Example.com",
            "ghcr.io",
        ] {
            assert_eq!(validate_namespace(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn rejects_with_a_reason() {
        let cases = [
            ("", "empty"),
            (".", "relative path"),
            ("..", "relative path"),
            ("files/docker.io", "path separator"),
            ("docker.io\\x", "path separator"),
            ("docker io", "' '"),
            ("docker.io\n", "'\\n'"),
            ("https:registry.example.com", "URL scheme"),
            ("https:", "URL scheme"),
            ("registry.example.com:0", "outside 1..65535"),
            ("registry.example.com:65536", "outside 1..65535"),
            ("registry.example.com:", "port after ':' is empty"),
            ("registry.example.com:http", "not a number"),
            ("registry.example.com:+80", "not a number"),
            ("::1", "brackets"),
            ("[::1", "never closes"),
            ("[::g]:5000", "not an IPv6 address"),
            ("[::1]x", "unexpected"),
            ("999.1.1.1", "not an IPv4 address"),
            ("docker..io", "empty label"),
            ("docker.io.", "empty label"),
            ("-docker.io", "starts or ends with '-'"),
            ("my_registry", "'_'"),
            ("*", "'*'"),
            ("default_", "host_port_"),
            ("registry_abc_", "not a number"),
            ("registry_99999_", "outside 1..65535"),
        ];
        for (name, reason) in cases {
            let err = validate_namespace(name).expect_err(name);
            assert!(
                err.contains(reason),
                "{name:?}: {err:?} should mention {reason:?}"
            );
        }
    }

    #[test]
    fn rejects_overlong_labels() {
        let label = "a".repeat(64);
        let err = validate_namespace(&format!("{label}.io")).expect_err("too long");
        assert!(err.contains("longer than 63"), "{err}");
    }
}
