//! Go's `net/url.Parse`, reduced to what decides whether containerd accepts
//! a hosts.toml URL.
//!
//! containerd prepends `https://` to a `server` or `[host."…"]` URL that does
//! not start with `http`, then calls Go's `url.Parse`; a parse error makes it
//! ignore the whole file. Go's parser is far more lenient than WHATWG parsers
//! such as the `url` crate (it accepts `https://a:99999`, `http:foo`, hosts
//! with `<`), and stricter in other places, so the acceptance decision has to
//! follow Go's rules, not a browser's. This module ports those rules from
//! Go's `src/net/url/url.go` (`Parse`, `getScheme`, `parseAuthority`,
//! `parseHost`, `unescape`, `validUserinfo`, `validOptionalPort`), using the
//! newest, strictest variant (bracket and IP-literal checks and the
//! first-colon port rule for http/https added in Go 1.24/1.25), because a URL
//! that only older Go builds accept is broken anyway. Usability beyond
//! "containerd reads the file" is checked separately with the `url` crate.

use std::net::Ipv6Addr;

/// The parts of a parsed URL that containerd uses or that deserve a warning.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoUrl {
    /// Lower-cased scheme, empty when there is none.
    pub scheme: String,
    /// Set for `scheme:opaque` URLs (no `//` after the colon).
    pub opaque: String,
    /// Whether `user[:password]@` was present.
    pub has_userinfo: bool,
    /// `host[:port]`, percent-decoded.
    pub host: String,
    /// Percent-decoded path.
    pub path: String,
    pub has_query: bool,
    pub has_fragment: bool,
}

/// Parses `raw` with Go's rules; the error text matches Go's (without the
/// `parse "…":` prefix).
pub fn parse(raw: &str) -> Result<GoUrl, String> {
    let (before_fragment, fragment) = match raw.split_once('#') {
        Some((u, f)) => (u, Some(f)),
        None => (raw, None),
    };
    let mut url = parse_without_fragment(before_fragment)?;
    if let Some(fragment) = fragment {
        unescape(fragment, Mode::Fragment)?;
        url.has_fragment = !fragment.is_empty();
    }
    Ok(url)
}

fn parse_without_fragment(raw: &str) -> Result<GoUrl, String> {
    if raw.bytes().any(|b| b < b' ' || b == 0x7f) {
        return Err("net/url: invalid control character in URL".to_string());
    }
    let mut url = GoUrl::default();
    if raw == "*" {
        url.path = "*".to_string();
        return Ok(url);
    }
    let (scheme, rest) = split_scheme(raw)?;
    url.scheme = scheme.to_ascii_lowercase();

    let rest = if rest.ends_with('?') && rest.matches('?').count() == 1 {
        url.has_query = true;
        &rest[..rest.len() - 1]
    } else {
        match rest.split_once('?') {
            Some((before, _query)) => {
                url.has_query = true;
                before
            }
            None => rest,
        }
    };

    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            url.opaque = rest.to_string();
            return Ok(url);
        }
        let first_segment = rest.split('/').next().unwrap_or("");
        if first_segment.contains(':') {
            return Err("first path segment in URL cannot contain colon".to_string());
        }
    }

    let mut path = rest;
    if (!url.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let after_slashes = &rest[2..];
        let (authority, remainder) = match after_slashes.find('/') {
            Some(i) => after_slashes.split_at(i),
            None => (after_slashes, ""),
        };
        let (has_userinfo, host) = parse_authority(&url.scheme, authority)?;
        url.has_userinfo = has_userinfo;
        url.host = host;
        path = remainder;
    }
    url.path = unescape(path, Mode::Path)?;
    Ok(url)
}

/// Go's `getScheme`: `[a-zA-Z][a-zA-Z0-9+.-]*:`; otherwise no scheme.
fn split_scheme(raw: &str) -> Result<(&str, &str), String> {
    for (i, c) in raw.char_indices() {
        match c {
            'a'..='z' | 'A'..='Z' => {}
            '0'..='9' | '+' | '-' | '.' if i > 0 => {}
            ':' if i == 0 => return Err("missing protocol scheme".to_string()),
            ':' => return Ok((&raw[..i], &raw[i + 1..])),
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

fn parse_authority(scheme: &str, authority: &str) -> Result<(bool, String), String> {
    let Some(at) = authority.rfind('@') else {
        return Ok((false, parse_host(scheme, authority)?));
    };
    let host = parse_host(scheme, &authority[at + 1..])?;
    let userinfo = &authority[..at];
    if !valid_userinfo(userinfo) {
        return Err("net/url: invalid userinfo".to_string());
    }
    match userinfo.split_once(':') {
        Some((user, password)) => {
            unescape(user, Mode::UserPassword)?;
            unescape(password, Mode::UserPassword)?;
        }
        None => {
            unescape(userinfo, Mode::UserPassword)?;
        }
    }
    Ok((true, host))
}

fn parse_host(scheme: &str, host: &str) -> Result<String, String> {
    match host.rfind('[') {
        Some(open) if open > 0 => Err("invalid IP-literal".to_string()),
        Some(_) => parse_ip_literal(host),
        None => {
            if let Some(first_colon) = host.find(':') {
                let last_colon = host.rfind(':').unwrap_or(first_colon);
                // Go enforces "one colon" only for http and https.
                let colon = if scheme == "http" || scheme == "https" {
                    first_colon
                } else {
                    last_colon
                };
                let colon_port = &host[colon..];
                if !valid_optional_port(colon_port) {
                    return Err(format!("invalid port {} after host", quote(colon_port)));
                }
            }
            unescape(host, Mode::Host)
        }
    }
}

/// `[ipv6]` or `[ipv6%25zone]`, optionally followed by `:port`.
fn parse_ip_literal(host: &str) -> Result<String, String> {
    let Some(close) = host.rfind(']') else {
        return Err("missing ']' in host".to_string());
    };
    let colon_port = &host[close + 1..];
    if !valid_optional_port(colon_port) {
        return Err(format!("invalid port {} after host", quote(colon_port)));
    }
    let inside = host.get(1..close).unwrap_or("");
    let unescaped = match inside.find("%25") {
        Some(zone) => {
            let address = unescape(&inside[..zone], Mode::Host)?;
            let zone = unescape(&inside[zone..], Mode::Zone)?;
            format!("{address}{zone}")
        }
        None => unescape(inside, Mode::Host)?,
    };
    let address = unescaped.split('%').next().unwrap_or("");
    let has_zone = unescaped.contains('%');
    if address.parse::<std::net::Ipv4Addr>().is_ok() && !has_zone {
        return Err("invalid IP-literal".to_string());
    }
    if address.parse::<Ipv6Addr>().is_err() || (has_zone && unescaped.ends_with('%')) {
        return Err(format!(
            "invalid host: ParseAddr({}): not an IP address",
            quote(&unescaped)
        ));
    }
    Ok(format!("[{unescaped}]{colon_port}"))
}

/// Empty, or `:` followed by digits only (any number of them).
fn valid_optional_port(port: &str) -> bool {
    match port.strip_prefix(':') {
        Some(digits) => digits.bytes().all(|b| b.is_ascii_digit()),
        None => port.is_empty(),
    }
}

fn valid_userinfo(userinfo: &str) -> bool {
    userinfo.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '-' | '.'
                    | '_'
                    | ':'
                    | '~'
                    | '!'
                    | '$'
                    | '&'
                    | '\''
                    | '('
                    | ')'
                    | '*'
                    | '+'
                    | ','
                    | ';'
                    | '='
                    | '%'
                    | '@'
            )
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Path,
    Host,
    Zone,
    UserPassword,
    Fragment,
}

/// Go's `unescape`: validates `%XX` sequences (and, for hosts, the allowed
/// ASCII characters) and decodes them.
fn unescape(s: &str, mode: Mode) -> Result<String, String> {
    let checks_host = matches!(mode, Mode::Host | Mode::Zone);
    let host_error = |b: u8| checks_host && b < 0x80 && should_escape_in_host(b);
    if !s.contains('%') && !s.bytes().any(host_error) {
        return Ok(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = bytes.get(i + 1).copied().and_then(hex_value);
            let lo = bytes.get(i + 2).copied().and_then(hex_value);
            let (Some(hi), Some(lo)) = (hi, lo) else {
                let end = (i + 3).min(bytes.len());
                let shown = String::from_utf8_lossy(&bytes[i..end]).into_owned();
                return Err(format!("invalid URL escape {}", quote(&shown)));
            };
            let escape = &s[i..i + 3];
            if mode == Mode::Host && hi < 8 && escape != "%25" {
                return Err(format!("invalid URL escape {}", quote(escape)));
            }
            let value = hi << 4 | lo;
            if mode == Mode::Zone
                && escape != "%25"
                && value != b' '
                && should_escape_in_host(value)
            {
                return Err(format!("invalid URL escape {}", quote(escape)));
            }
            decoded.push(value);
            i += 3;
            continue;
        }
        if matches!(mode, Mode::Host | Mode::Zone) && b < 0x80 && should_escape_in_host(b) {
            return Err(format!(
                "invalid character {} in host name",
                quote(&char::from(b).to_string())
            ));
        }
        decoded.push(b);
        i += 1;
    }
    Ok(String::from_utf8(decoded)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Go's `shouldEscape(c, encodeHost)`: true for ASCII bytes a host may not
/// contain literally.
fn should_escape_in_host(c: u8) -> bool {
    if c.is_ascii_alphanumeric() {
        return false;
    }
    !matches!(
        c,
        b'!' | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b':'
            | b'['
            | b']'
            | b'<'
            | b'>'
            | b'"'
            | b'-'
            | b'_'
            | b'.'
            | b'~'
    )
}

/// `path` (decoded) as it can be written back into a URL that Go's `url.Parse` decodes to
/// exactly `path` again: every byte outside the characters Go leaves alone in an encoded path
/// (`validEncoded`) is `%XX`, and so are `%` itself and `[`/`]`, which containerd 1.x cannot
/// read inside a table header. Printable paths without such bytes come back unchanged.
pub fn escape_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'_'
                    | b'.'
                    | b'~'
                    | b'/'
                    | b'$'
                    | b'&'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
                    | b'!'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
            );
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Go's `strconv.Quote` closely enough for messages.
pub(crate) fn quote(s: &str) -> String {
    format!("\"{}\"", s.escape_debug())
}

/// `raw` with any `user:password@` replaced by `<redacted>@`, for messages.
pub fn redact_userinfo(raw: &str) -> String {
    let (scheme, rest) = raw.split_once("://").unwrap_or(("", raw));
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => {
            let prefix = if scheme.is_empty() {
                String::new()
            } else {
                format!("{scheme}://")
            };
            format!("{prefix}<redacted>@{}", &rest[at + 1..])
        }
        None => raw.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> GoUrl {
        parse(raw).unwrap_or_else(|e| panic!("{raw:?} should parse: {e}"))
    }

    #[test]
    fn an_escaped_path_parses_back_to_itself() {
        assert_eq!(escape_path("/v2/docker.io"), "/v2/docker.io");
        assert_eq!(escape_path("/a(b)*!'$&+,;=:@~"), "/a(b)*!'$&+,;=:@~");
        assert_eq!(
            escape_path("/a\nb\"c\\d e%f?g#h[i]"),
            "/a%0Ab%22c%5Cd%20e%25f%3Fg%23h%5Bi%5D"
        );
        assert_eq!(escape_path("/ü"), "/%C3%BC");
        for b in 1..=255u8 {
            let decoded = String::from_utf8_lossy(&[b'/', b, b'x']).into_owned();
            let url = format!("https://h{}", escape_path(&decoded));
            assert_eq!(ok(&url).path, decoded, "byte {b:#04x}");
        }
    }

    #[test]
    fn splits_like_go() {
        let u = ok("https://registry.scs.community/v2/docker.io");
        assert_eq!(u.scheme, "https");
        assert_eq!(u.host, "registry.scs.community");
        assert_eq!(u.path, "/v2/docker.io");

        let u = ok("HTTPS://Mirror.Example:5000");
        assert_eq!(
            (u.scheme.as_str(), u.host.as_str(), u.path.as_str()),
            ("https", "Mirror.Example:5000", "")
        );

        let u = ok("https://[::1]:5000/x%20y");
        assert_eq!((u.host.as_str(), u.path.as_str()), ("[::1]:5000", "/x y"));

        let u = ok("http:foo");
        assert_eq!((u.opaque.as_str(), u.host.as_str()), ("foo", ""));

        let u = ok("https://u:p@host/?q=1#frag");
        assert!(u.has_userinfo && u.has_query && u.has_fragment);
        assert_eq!(u.host, "host");
    }

    #[test]
    fn accepts_what_go_accepts() {
        // Lenient cases observed with containerd 1.6.20's ctr (Go url.Parse).
        for raw in [
            "http://127.0.0.1:99999",
            "https://HTTP://127.0.0.1:2",
            "http://127.0.0.1:2?x=1#f",
            "http://u:p@127.0.0.1:2",
            "https://a<b>",
            "https://host:",
            "https://[fe80::1%25en0]:80",
            "https://[::ffff:1.2.3.4]",
            "https://registry.example.com/a/../v2/",
            "https://ex\u{e4}mple.com",
        ] {
            ok(raw);
        }
    }

    #[test]
    fn rejects_what_go_rejects_with_go_messages() {
        let cases = [
            ("http://127.0.0.1:abc", "invalid port \":abc\" after host"),
            (
                "http://127.0.0.1 :2",
                "invalid character \" \" in host name",
            ),
            (
                "http://127.0.0.1 /x",
                "invalid character \" \" in host name",
            ),
            ("http://127.0.0.1:2/%zz", "invalid URL escape \"%zz\""),
            ("http://host/%4", "invalid URL escape \"%4\""),
            ("http://a%41b", "invalid URL escape \"%41\""),
            ("http://a{b}", "invalid character \"{\" in host name"),
            ("http://host\n", "net/url: invalid control character in URL"),
            ("://x", "missing protocol scheme"),
            ("1a:b/x", "first path segment in URL cannot contain colon"),
            ("https://a:b:80", "invalid port \":b:80\" after host"),
            ("https://x[::1]", "invalid IP-literal"),
            ("https://[::1", "missing ']' in host"),
            ("https://[1.2.3.4]", "invalid IP-literal"),
            ("https://[::1]x", "invalid port \"x\" after host"),
            ("https://u\u{fc}@host", "net/url: invalid userinfo"),
            ("https://host#%zz", "invalid URL escape \"%zz\""),
        ];
        for (raw, message) in cases {
            assert_eq!(parse(raw), Err(message.to_string()), "{raw:?}");
        }
        assert!(parse("https://[v1.x]").is_err());
    }

    #[test]
    fn never_panics_on_odd_input() {
        for raw in [
            "",
            "%",
            "[",
            "]",
            "http://[",
            "http://[]",
            "http://%",
            "http://@",
            "\u{e4}://x",
            "a:%",
        ] {
            let _ = parse(raw);
        }
    }
}
