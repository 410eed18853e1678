//! Whether an HTTP client can send requests to a URL that Go's parser accepted.
//!
//! The `url` crate (a WHATWG parser, as strict as the clients) decides. The plain
//! `http(s)://name[:port]/path` shape that nearly every hosts.toml uses is recognised without
//! that second full parse; the `go_url` fuzz target checks that everything recognised as
//! plain also parses.

/// `Err` with the parser's reason when no request to `scheme://authority path` can succeed.
pub fn check(scheme: &str, authority: &str, path: &str) -> Result<(), String> {
    if is_plain_parts(scheme, authority, path) {
        return Ok(());
    }
    url::Url::parse(&format!("{scheme}://{authority}{path}"))
        .map(drop)
        .map_err(|e| e.to_string())
}

/// `http://` or `https://`, a DNS name, an optional port up to 65535, and a path of letters,
/// digits, `-._~` and `/`. The name's labels are letters, digits and inner hyphens, none an
/// IDNA `xn--` label, and the last one starts with a letter (a WHATWG parser reads a name
/// whose last label is a number, such as `1` or `0x1`, as IPv4).
pub fn is_plain(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    is_plain_parts(scheme, authority, path)
}

fn is_plain_parts(scheme: &str, authority: &str, path: &str) -> bool {
    if scheme != "http" && scheme != "https" || !(path.is_empty() || path.starts_with('/')) {
        return false;
    }
    let (name, port) = match authority.split_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (authority, None),
    };
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| n <= 65_535)
    });
    let path_ok = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~'));
    port_ok && path_ok && is_plain_dns_name(name)
}

fn is_plain_dns_name(name: &str) -> bool {
    let plain_label = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && !label
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case("xn--"))
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let last = name.rsplit('.').next().unwrap_or_default();
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(plain_label)
        && last.starts_with(|c: char| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_urls_are_recognised_and_parse() {
        for url in [
            "https://registry-1.docker.io/v2",
            "http://127.0.0.1.nip.io:5000/v2",
            "https://registry.scs.community/v2/docker.io",
            "https://m.example:65535/a_b/~c/v2",
            "http://localhost",
        ] {
            assert!(is_plain(url), "{url}");
            assert_eq!(url::Url::parse(url).map(drop), Ok(()), "{url}");
        }
    }

    #[test]
    fn everything_else_goes_to_the_full_parser() {
        for url in [
            "https://127.0.0.1:5000/v2",
            "http://a.0x1",
            "https://[::1]:5000/v2",
            "https://m.example:99999/v2",
            "https://m.example:/v2",
            "https://xn--nxasmq6b.example/v2",
            "https://-m.example/v2",
            "https://m..example/v2",
            "https://m.example/v2/%41",
            "https://u@m.example/v2",
            "ftp://m.example/v2",
            "https://",
        ] {
            assert!(!is_plain(url), "{url}");
        }
        assert!(check("https", "m.example:99999", "/v2").is_err());
        assert!(check("https", "127.0.0.1:5000", "/v2").is_ok());
        assert!(check("http", "a.0x1", "").is_err());
        assert!(!is_plain_parts("https", "m.example", "v2"));
    }
}
