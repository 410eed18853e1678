//! The `registries` conversion: every attribute either takes effect or is an error naming it,
//! limits are checked before rendering, and no sensitive value reaches a diagnostic.

use super::*;
use crate::domain::limits::{MAX_ELEMENTS, MAX_STRING_BYTES};
use crate::domain::test_fixtures::{VALID_CERT, VALID_KEY_PKCS8};
use crate::provider::registry_files::render;
use base64::Engine;

fn registries(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn version() -> ContainerdVersion {
    crate::domain::registry::versions::default_containerd_version()
}

/// The error details converting `registry` as the docker.io entry gives.
fn errors(registry: Value) -> Vec<String> {
    let mut diagnostics = Diagnostics::default();
    registries_from_value(
        &registries(vec![("docker.io", registry)]),
        version(),
        &mut diagnostics,
    );
    diagnostics.0.into_iter().map(|d| d.detail).collect()
}

fn mirror_with(attributes: Vec<(&str, Value)>) -> Value {
    let mut mirror = vec![("url", Value::string("https://m.example"))];
    mirror.extend(attributes);
    Value::object([("mirrors", Value::List(vec![Value::object(mirror)]))])
}

#[test]
fn a_client_key_without_a_client_cert_is_an_error_naming_it() {
    let key = ("client_key", Value::string("/etc/keys/client.key"));
    for registry in [Value::object([key.clone()]), mirror_with(vec![key])] {
        let found = errors(registry);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("`client_key` is set without `client_cert`"),
            "{found:?}"
        );
    }
    // With the certificate it is the pair's key.
    let mut diagnostics = Diagnostics::default();
    let converted = registries_from_value(
        &registries(vec![(
            "docker.io",
            Value::object([
                ("client_cert", Value::string("/etc/c.crt")),
                ("client_key", Value::string("/etc/c.key")),
            ]),
        )]),
        version(),
        &mut diagnostics,
    );
    assert!(diagnostics.0.is_empty(), "{diagnostics:?}");
    assert_eq!(
        converted[0].client,
        Some(ClientPair {
            cert: CertSource::Path("/etc/c.crt".into()),
            key: CertSource::Path("/etc/c.key".into()),
        })
    );
}

#[test]
fn null_elements_wrong_types_and_unknown_attributes_are_errors() {
    let cases = [
        (
            Value::object([("ca", Value::List(vec![Value::Null]))]),
            "`ca` holds a null element",
        ),
        (
            Value::object([("server", Value::Bool(true))]),
            "`server` must be a string",
        ),
        (
            Value::object([("skip_verify", Value::string("yes"))]),
            "`skip_verify` must be true or false",
        ),
        (
            Value::object([("mirros", Value::List(vec![]))]),
            "has no attribute \"mirros\"",
        ),
        (
            mirror_with(vec![("capabilites", Value::List(vec![]))]),
            "has no attribute \"capabilites\"",
        ),
        (
            Value::object([(
                "header",
                Value::Map([("X-A".to_string(), Value::Null)].into()),
            )]),
            "`header` every header needs a list of values",
        ),
        (Value::string("docker.io"), "must be an object"),
    ];
    for (registry, expected) in cases {
        let found = errors(registry.clone());
        assert_eq!(found.len(), 1, "{registry:?}: {found:?}");
        assert!(found[0].contains(expected), "{registry:?}: {found:?}");
    }
}

#[test]
fn limits_are_checked_while_converting_and_named() {
    let many = |n: usize, element: fn(usize) -> Value| Value::List((0..n).map(element).collect());
    let too_many_registries = Value::Map(
        (0..=MAX_REGISTRIES)
            .map(|i| (format!("r{i}.example"), Value::object([])))
            .collect(),
    );
    let mut diagnostics = Diagnostics::default();
    let converted = registries_from_value(&too_many_registries, version(), &mut diagnostics);
    assert!(converted.is_empty());
    assert_eq!(diagnostics.0.len(), 1);
    assert!(
        diagnostics.0[0].detail.contains("MAX_REGISTRIES = 256"),
        "{diagnostics:?}"
    );

    let mirror =
        |i: usize| Value::object([("url", Value::string(format!("https://m{i}.example")))]);
    let found = errors(Value::object([("mirrors", many(MAX_MIRRORS + 1, mirror))]));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("MAX_MIRRORS = 64"), "{found:?}");
    assert!(errors(Value::object([("mirrors", many(MAX_MIRRORS, mirror))])).is_empty());

    let found = errors(Value::object([(
        "server",
        Value::string("x".repeat(MAX_STRING_BYTES + 1)),
    )]));
    assert!(
        found[0].starts_with("`server` exceeds the limit MAX_STRING_BYTES"),
        "{found:?}"
    );

    // Strings may be long one by one, but not all together.
    let bundle = |_| Value::string("x".repeat(MAX_STRING_BYTES / 2));
    let big = |n: usize| Value::object([("ca", many(n, bundle))]);
    let mut diagnostics = Diagnostics::default();
    let converted = registries_from_value(
        &registries(vec![("a.example", big(4)), ("b.example", big(5))]),
        version(),
        &mut diagnostics,
    );
    assert!(converted.is_empty());
    assert_eq!(diagnostics.0.len(), 1, "{diagnostics:?}");
    assert!(
        diagnostics.0[0]
            .detail
            .contains("MAX_REGISTRIES_BYTES = 4194304"),
        "{diagnostics:?}"
    );
    assert!(errors(big(7)).is_empty());

    let path = |_| Value::string("/etc/ca.crt");
    let found = errors(Value::object([("ca", many(MAX_ELEMENTS + 1, path))]));
    assert!(found[0].contains("MAX_ELEMENTS"), "{found:?}");
}

/// Secrets of every sensitive attribute, with an error provoked in each place that reports on
/// it; no diagnostic shows a secret in any form.
#[test]
fn no_diagnostic_shows_a_sensitive_value() {
    let header_name = "X-Secret-Header-Name\u{1}";
    let header_value = "header-value-secret";
    let username = "user-secret";
    let password = "password-secret";
    let header = |name: &str, value: &str| {
        Value::Map([(name.to_string(), Value::List(vec![Value::string(value)]))].into())
    };
    let credentials = |mode: &str| {
        Value::object([
            ("username", Value::string(username)),
            ("password", Value::string(password)),
            ("mode", Value::string(mode)),
        ])
    };
    // Errors while converting.
    let converting = Value::object([
        ("client_key", Value::string(VALID_KEY_PKCS8)),
        ("credentials", credentials("bogus-mode-secret")),
    ]);
    // Errors while rendering: a bad header name and value, a key for the wrong certificate,
    // Authorization-header credentials beside an explicit Authorization header.
    let mirror = Value::object([
        ("url", Value::string("https://m.example")),
        ("header", header(header_name, header_value)),
        ("client_cert", Value::string(VALID_KEY_PKCS8)),
        ("client_key", Value::string(VALID_CERT)),
        ("credentials", credentials("authorization_header")),
    ]);
    let rendering = Value::object([
        ("header", header("X-Ok", "line\nbreak-secret")),
        ("credentials", credentials("authorization_header")),
        ("mirrors", Value::List(vec![mirror])),
    ]);
    let mut shown = String::new();
    for registry in [converting, rendering] {
        let config = Value::object([("registries", registries(vec![("docker.io", registry)]))]);
        let (_, diagnostics) = render(&config);
        assert!(diagnostics.has_errors());
        shown.push_str(&format!("{diagnostics:?}"));
    }
    assert!(!shown.contains("bogus-mode-secret"), "{shown}");
    let encode = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let pem_body = |pem: &str| pem.lines().nth(1).unwrap_or_default().to_string();
    let secrets = [
        header_name.trim_end_matches('\u{1}').to_string(),
        header_value.to_string(),
        "break-secret".to_string(),
        username.to_string(),
        password.to_string(),
        encode(username),
        encode(password),
        encode(&format!("{username}:{password}")),
        pem_body(VALID_CERT),
        pem_body(VALID_KEY_PKCS8),
    ];
    for secret in &secrets {
        assert!(
            !shown.contains(secret.as_str()),
            "{secret:?} shown in {shown}"
        );
    }
    // The header problems were reported, at the attribute.
    assert!(shown.contains("is not a valid HTTP header name"), "{shown}");
    assert!(shown.contains("contains a line break or NUL"), "{shown}");
}

/// A file that reports size 0 but is not empty (procfs) is read only up to the limit.
#[test]
fn listed_files_are_bounded_while_reading_not_by_their_reported_size() {
    let procfs = std::path::Path::new("/proc/kallsyms");
    assert_eq!(
        std::fs::metadata(procfs).map(|m| m.len()).ok(),
        Some(0),
        "this test needs procfs: /proc/kallsyms reports size 0"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    // The file name is the namespace: a valid one, so the read is what fails.
    let hosts = dir.path().join("kallsyms.example");
    std::os::unix::fs::symlink(procfs, &hosts).expect("symlink");
    let config = Value::object([(
        "hosts",
        Value::Set(vec![Value::string(hosts.to_string_lossy())]),
    )]);
    let (_, diagnostics) = render(&config);
    let details: Vec<_> = diagnostics.0.iter().map(|d| d.detail.clone()).collect();
    assert_eq!(details.len(), 1, "{details:?}");
    assert!(
        details[0].contains("larger than the limit MAX_FILE_BYTES"),
        "{details:?}"
    );
    // A FIFO is refused without being opened (opening would wait for a writer).
    let fifo = dir.path().join("fifo.example");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let config = Value::object([(
        "hosts",
        Value::Set(vec![Value::string(fifo.to_string_lossy())]),
    )]);
    let (_, diagnostics) = render(&config);
    assert!(
        diagnostics.0[0].detail.contains("not a regular file"),
        "{diagnostics:?}"
    );
}

#[test]
fn too_many_listed_files_are_refused_before_any_is_read() {
    let paths = (0..=crate::domain::limits::MAX_FILES)
        .map(|i| Value::string(format!("/nonexistent/r{i}.example")))
        .collect();
    let (_, diagnostics) = render(&Value::object([("certs", Value::Set(paths))]));
    assert_eq!(diagnostics.0.len(), 1, "{diagnostics:?}");
    assert!(
        diagnostics.0[0].detail.contains("MAX_FILES = 10000"),
        "{diagnostics:?}"
    );
}
