//! End-to-end checks of [`validate`] against containerd's rules. Expected
//! outcomes come from containerd's hosts.go (1.6.20 and main) and from
//! running containerd 1.6.20's `ctr` against the same files.

use super::*;

/// The docker.io file SCS ships (k8s-cluster-api-provider
/// terraform/files/containerd/docker.io), 4-space indented.
const SCS_DOCKER_IO: &str = "server = \"https://registry-1.docker.io\"\n\n[host.\"https://registry.scs.community/v2/docker.io\"]\n    capabilities = [\"pull\"]\n    override_path = true\n";

/// The private registry file from the private registry walkthrough (seed 004).
const PRIVATE_REGISTRY: &str = "server = \"https://docker-registry:5000\"\n\n[host.\"https://docker-registry:5000\"]\n  capabilities = [\"pull\", \"resolve\", \"push\"]\n  ca = \"tls.crt\"\n";

fn portable(text: &str) -> Validation {
    validate(text, &Rules::default())
}

fn on(version: &str, text: &str) -> Validation {
    validate(
        text,
        &Rules::for_version(ContainerdVersion::parse(version).expect("version")),
    )
}

/// (severity, line, key, message) of each problem.
fn summary(v: &Validation) -> Vec<(Severity, Option<usize>, String, String)> {
    v.problems
        .iter()
        .map(|p| {
            (
                p.severity,
                p.location.line,
                p.location.key.clone().unwrap_or_default(),
                p.message.clone(),
            )
        })
        .collect()
}

fn errors(v: &Validation) -> Vec<&Finding> {
    v.problems.iter().filter(|p| p.is_error()).collect()
}

/// Exactly one error, at `line` and `key`, whose message contains `needle` (besides the
/// missing-`[host]` error that unpinned rules give a file without one).
fn assert_single_error(text: &str, line: usize, key: &str, needle: &str) {
    let v = portable(text);
    let errors: Vec<&Finding> = errors(&v)
        .into_iter()
        .filter(|p| !p.message.starts_with("no [host] table"))
        .collect();
    assert_eq!(errors.len(), 1, "{text:?}: {:#?}", summary(&v));
    let e = errors[0];
    assert_eq!(e.location.line, Some(line), "{text:?}: {e:?}");
    assert_eq!(e.location.key.as_deref(), Some(key), "{text:?}: {e:?}");
    assert!(
        e.message.contains(needle),
        "{text:?}: {:?} lacks {needle:?}",
        e.message
    );
}

#[test]
fn scs_shipped_file_is_valid_and_parsed_in_order() {
    let v = portable(SCS_DOCKER_IO);
    assert_eq!(summary(&v), vec![]);
    let file = v.parsed.expect("parsed");
    assert_eq!(file.server.as_deref(), Some("https://registry-1.docker.io"));
    assert_eq!(
        file.server_endpoint.map(|e| e.to_string()).as_deref(),
        Some("https://registry-1.docker.io/v2")
    );
    assert_eq!(file.hosts.len(), 1);
    let host = &file.hosts[0];
    assert_eq!(host.url, "https://registry.scs.community/v2/docker.io");
    assert_eq!(host.line, Some(3));
    assert_eq!(
        host.endpoint.as_ref().map(ToString::to_string).as_deref(),
        Some("https://registry.scs.community/v2/docker.io")
    );
    assert_eq!(host.settings.capabilities, Some(vec![Capability::Pull]));
    assert_eq!(host.settings.override_path, Some(true));
    assert_eq!(host.settings.ca, None);
}

#[test]
fn private_registry_walkthrough_file_is_valid() {
    let v = portable(PRIVATE_REGISTRY);
    assert_eq!(summary(&v), vec![]);
    let file = v.parsed.expect("parsed");
    let host = &file.hosts[0];
    assert_eq!(host.url, "https://docker-registry:5000");
    assert_eq!(
        host.settings.capabilities,
        Some(vec![
            Capability::Pull,
            Capability::Resolve,
            Capability::Push
        ])
    );
    assert_eq!(host.settings.ca, Some(PathList::One("tls.crt".to_string())));
}

#[test]
fn scs_file_without_override_path_gets_the_v2_warning() {
    let text = SCS_DOCKER_IO.replace("    override_path = true\n", "");
    let v = portable(&text);
    assert!(!v.has_errors());
    let warnings = summary(&v);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!(warnings[0].1, Some(3));
    assert!(
        warnings[0]
            .3
            .contains("https://registry.scs.community/v2/docker.io/v2/…"),
        "{warnings:?}"
    );
}

#[test]
fn misspelled_capability_is_an_error_with_line_and_key() {
    let text = "server = \"https://registry-1.docker.io\"\n[host.\"https://m\"]\ncapabilities = [\"pul\"]\n";
    let v = portable(text);
    assert_eq!(
        summary(&v),
        vec![(
            Severity::Error,
            Some(3),
            "host.\"https://m\".capabilities".to_string(),
            "unknown capability \"pul\" (containerd accepts pull, resolve, push)".to_string()
        )]
    );
}

#[test]
fn capabilities_are_case_insensitive_and_may_be_empty() {
    let v = portable("[host.\"https://m\"]\ncapabilities = [\"PULL\", \"Resolve\"]\n");
    assert_eq!(summary(&v), vec![]);
    let caps = v.parsed.expect("parsed").hosts[0]
        .settings
        .capabilities
        .clone();
    assert_eq!(caps, Some(vec![Capability::Pull, Capability::Resolve]));
    assert_eq!(
        summary(&portable("[host.\"https://m\"]\ncapabilities = []\n")),
        vec![]
    );
}

#[test]
fn referrers_needs_containerd_2_2() {
    let text = "[host.\"https://m\"]\ncapabilities = [\"pull\", \"referrers\"]\n";
    assert_single_error(
        text,
        2,
        "host.\"https://m\".capabilities",
        "needs containerd 2.2",
    );
    assert!(on("2.1.4", text).has_errors());
    assert_eq!(summary(&on("2.2.0", text)), vec![]);
    let caps = on("2.2.0", text).parsed.expect("parsed").hosts[0]
        .settings
        .capabilities
        .clone();
    assert_eq!(caps, Some(vec![Capability::Pull, Capability::Referrers]));
}

#[test]
fn wrong_types_are_errors() {
    let host = "[host.\"https://m\"]\n";
    let cases = [
        ("server = 5\n[host]\n", 1, "server", "must be a string URL"),
        (
            "server = \"https://a\"\noverride_path = \"yes\"\n[host]\n",
            2,
            "override_path",
            "must be a boolean",
        ),
        (
            &format!("{host}skip_verify = \"true\"\n"),
            2,
            "host.\"https://m\".skip_verify",
            "without quotes",
        ),
        (
            &format!("{host}override_path = 1\n"),
            2,
            "host.\"https://m\".override_path",
            "not an integer",
        ),
        (
            &format!("{host}capabilities = \"pull\"\n"),
            2,
            "host.\"https://m\".capabilities",
            "not a string",
        ),
        (
            &format!("{host}capabilities = [\"pull\", 1]\n"),
            2,
            "host.\"https://m\".capabilities[1]",
            "not an integer",
        ),
        (
            &format!("{host}ca = 5\n"),
            2,
            "host.\"https://m\".ca",
            "not an integer",
        ),
        (
            &format!("{host}ca = [\"a.crt\", 5]\n"),
            2,
            "host.\"https://m\".ca[1]",
            "not an integer",
        ),
        (
            &format!("{host}ca = {{ a = 1 }}\n"),
            2,
            "host.\"https://m\".ca",
            "not a table",
        ),
        (
            &format!("{host}client = 5\n"),
            2,
            "host.\"https://m\".client",
            "not an integer",
        ),
        (
            &format!("{host}client = [5]\n"),
            2,
            "host.\"https://m\".client[0]",
            "not an integer",
        ),
        (
            &format!("{host}client = [[\"a.crt\"]]\n"),
            2,
            "host.\"https://m\".client[0]",
            "invalid pair",
        ),
        (
            &format!("{host}client = [[\"a\", \"b\", \"c\"]]\n"),
            2,
            "host.\"https://m\".client[0]",
            "invalid pair",
        ),
        (
            &format!("{host}client = [[\"a\", 1]]\n"),
            2,
            "host.\"https://m\".client[0][1]",
            "not an integer",
        ),
        (
            &format!("{host}header = \"x\"\n"),
            2,
            "host.\"https://m\".header",
            "not a string",
        ),
        (
            &format!("{host}header = {{ a = 1 }}\n"),
            2,
            "host.\"https://m\".header.a",
            "not an integer",
        ),
        (
            &format!("{host}[host.\"https://m\".header]\nX-A = [\"a\", 1]\n"),
            3,
            "host.\"https://m\".header.X-A[1]",
            "not an integer",
        ),
        (
            &format!("{host}[host.\"https://m\".header.X-A]\nb = \"c\"\n"),
            2,
            "host.\"https://m\".header.X-A",
            "not a table",
        ),
        ("host = \"x\"\n", 1, "host", "not a string"),
        ("[[host]]\n", 1, "host", "array of tables"),
        ("[host]\nfoo = 1\n", 2, "host.foo", "not an integer"),
        (
            &format!("{host}dial_timeout = 5\n"),
            2,
            "host.\"https://m\".dial_timeout",
            "not an integer",
        ),
    ];
    for (text, line, key, needle) in cases {
        assert_single_error(text, line, key, needle);
    }
}

#[test]
fn valid_ca_client_and_header_forms() {
    let text = "[host.\"https://m\"]\nca = [\"/etc/containerd/certs/a.crt\", \"b.crt\"]\nclient = [\"combined.pem\", [\"c.crt\", \"c.key\"]]\nskip_verify = false\n\n[host.\"https://m\".header]\nAuthorization = \"Basic x\"\nX-Multi = [\"a\", \"b\"]\n";
    let v = portable(text);
    assert_eq!(summary(&v), vec![]);
    let settings = v.parsed.expect("parsed").hosts[0].settings.clone();
    assert_eq!(
        settings.ca,
        Some(PathList::Many(vec![
            "/etc/containerd/certs/a.crt".into(),
            "b.crt".into()
        ]))
    );
    assert_eq!(
        settings.client,
        Some(ClientCertificates::List(vec![
            ClientCertificate::Combined("combined.pem".into()),
            ClientCertificate::Pair {
                cert: "c.crt".into(),
                key: "c.key".into()
            },
        ]))
    );
    assert_eq!(settings.skip_verify, Some(false));
    assert_eq!(
        settings.header,
        Some(vec![
            ("Authorization".into(), HeaderValue::One("Basic x".into())),
            (
                "X-Multi".into(),
                HeaderValue::Many(vec!["a".into(), "b".into()])
            ),
        ])
    );
}

#[test]
fn combined_client_file_as_pair_with_empty_key_is_a_warning() {
    let v = portable("[host.\"https://m\"]\nclient = [[\"client.pem\", \"\"]]\n");
    assert!(!v.has_errors());
    assert!(
        summary(&v)[0].3.contains("use the string form"),
        "{:?}",
        summary(&v)
    );
}

#[test]
fn dial_timeout_follows_go_durations_and_versions() {
    let ok = "[host.\"https://m\"]\ndial_timeout = \"1m30s\"\n";
    assert_eq!(summary(&portable(ok)), vec![]);
    assert_eq!(
        portable(ok).parsed.expect("parsed").hosts[0]
            .settings
            .dial_timeout
            .as_deref(),
        Some("1m30s")
    );
    assert_single_error(
        "[host.\"https://m\"]\ndial_timeout = \"5x\"\n",
        2,
        "host.\"https://m\".dial_timeout",
        "time: unknown unit \"x\" in duration \"5x\"",
    );
    assert_single_error(
        "[host.\"https://m\"]\ndial_timeout = \"30\"\n",
        2,
        "host.\"https://m\".dial_timeout",
        "missing unit",
    );
    let negative = portable("[host.\"https://m\"]\ndial_timeout = \"-1s\"\n");
    assert!(!negative.has_errors());
    assert!(summary(&negative)[0].3.contains("negative"));
    // containerd 1.x and 2.0.0–2.0.6 ignore the key, even with a bad value.
    let old = on("1.7.20", "[host.\"https://m\"]\ndial_timeout = \"5x\"\n");
    assert!(!old.has_errors());
    assert!(summary(&old)[0].3.contains("ignores dial_timeout"));
    assert!(on("2.0.7", "[host.\"https://m\"]\ndial_timeout = \"5x\"\n").has_errors());
}

#[test]
fn unknown_keys_are_warnings_with_suggestions() {
    let text =
        "server = \"https://a\"\n[host.\"https://m\"]\noveride_path = true\nmirrors = [\"x\"]\n";
    let v = portable(text);
    assert!(!v.has_errors());
    assert_eq!(
        summary(&v),
        vec![
            (
                Severity::Warning,
                Some(3),
                "host.\"https://m\".overide_path".to_string(),
                "unknown key \"overide_path\" (did you mean \"override_path\"?): containerd ignores it".to_string()
            ),
            (
                Severity::Warning,
                Some(4),
                "host.\"https://m\".mirrors".to_string(),
                "unknown key \"mirrors\": containerd ignores it".to_string()
            ),
        ]
    );
}

#[test]
fn unquoted_dotted_host_header_is_explained() {
    // containerd 1.6.20 reads [host.127.0.0.1] as host "127".
    let v = portable("[host.mirror.example.com]\ncapabilities = [\"pull\"]\n");
    assert!(!v.has_errors());
    let file = v.parsed.clone().expect("parsed");
    assert_eq!(file.hosts[0].url, "mirror");
    assert!(
        summary(&v).iter().any(|w| w.3.contains("quote it")),
        "{:#?}",
        summary(&v)
    );
}

#[test]
fn case_variants_of_keys() {
    // containerd 1.6.20 read SKIP_VERIFY = "true" (and rejected the file)
    // but ignored Skip_Verify = "true"; 2.x reads keys case-insensitively.
    let text = "[host.\"https://m\"]\nSkip_Verify = \"true\"\n";
    let v = portable(text);
    assert!(v.has_errors(), "2.x reads it and rejects the string");
    assert!(summary(&v)
        .iter()
        .any(|p| p.0 == Severity::Warning && p.3.contains("letter case")));
    assert!(!on("1.6.20", text).has_errors());
    assert!(on("1.6.20", "[host.\"https://m\"]\nSKIP_VERIFY = \"true\"\n").has_errors());

    let v = portable("Server = \"https://a\"\n[host]\n");
    assert!(summary(&v)
        .iter()
        .any(|p| p.3.contains("write \"server\" in lower case")));
}

#[test]
fn missing_host_table_depends_on_version() {
    let text = "server = \"https://registry.example.com\"\n";
    // Without a pin, a file some supported release refuses is an error, like every such file.
    let v = portable(text);
    assert!(v.has_errors());
    let problems = summary(&v);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].1, None);
    assert!(problems[0].3.contains("invalid `host` tree"));
    assert!(on("1.6.20", text).has_errors());
    assert!(on("1.7.31", text).has_errors());
    assert_eq!(summary(&on("1.7.32", text)), vec![]);
    assert_eq!(summary(&on("2.0.0", text)), vec![]);
    // The workaround: an empty [host] table.
    assert_eq!(
        summary(&on(
            "1.6.20",
            "server = \"https://registry.example.com\"\n[host]\n"
        )),
        vec![]
    );
    // Upper-case HOST does not count.
    assert!(on("1.6.20", "[HOST.\"https://m\"]\n").has_errors());
}

#[test]
fn hosts_not_declared_by_headers_are_skipped_by_2x() {
    for text in [
        "host.\"https://m\".capabilities = [\"pull\"]\n",
        "[host]\n\"https://m\" = { capabilities = [\"pull\"] }\n",
        "host = { \"https://m\" = { capabilities = [\"pull\"] } }\n",
    ] {
        let v = portable(text);
        assert!(!v.has_errors(), "{text}");
        assert!(
            summary(&v).iter().any(|p| p
                .3
                .contains("containerd 2.x tries only hosts declared that way")),
            "{text}: {:#?}",
            summary(&v)
        );
        assert_eq!(summary(&on("1.6.20", text)), vec![], "{text}");
    }
}

#[test]
fn split_host_tables_make_2x_try_a_host_twice() {
    let text =
        "[host.\"https://a\"]\n[host.\"https://b\"]\n[host.\"https://a\".header]\nX = \"y\"\n";
    let v = portable(text);
    assert!(!v.has_errors());
    let warnings = summary(&v);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!(warnings[0].1, Some(3));
    assert!(warnings[0].3.contains("tries this host twice"));
    let file = v.parsed.expect("parsed");
    let urls: Vec<&str> = file.hosts.iter().map(|h| h.url.as_str()).collect();
    assert_eq!(urls, vec!["https://a", "https://b"]);
    // Adjacent sub-tables are fine.
    assert_eq!(
        summary(&portable(
            "[host.\"https://a\"]\n[host.\"https://a\".header]\nX = \"y\"\n[host.\"https://b\"]\n"
        )),
        vec![]
    );
}

#[test]
fn host_order_is_file_order() {
    let text = "[host.\"https://c\"]\n[host.\"https://a\"]\n[host.\"https://b\"]\n";
    let file = portable(text).parsed.expect("parsed");
    let urls: Vec<(&str, Option<usize>)> = file
        .hosts
        .iter()
        .map(|h| (h.url.as_str(), h.line))
        .collect();
    assert_eq!(
        urls,
        vec![
            ("https://c", Some(1)),
            ("https://a", Some(2)),
            ("https://b", Some(3))
        ]
    );
}

#[test]
fn url_parse_failures_are_errors() {
    assert_single_error(
        "[host.\"http://127.0.0.1:abc\"]\n",
        1,
        "host.\"http://127.0.0.1:abc\"",
        "invalid port \":abc\" after host",
    );
    assert_single_error(
        "server = \"registry.example.com:abc\"\n[host]\n",
        1,
        "server",
        "containerd reads \"registry.example.com:abc\" as \"https://registry.example.com:abc\"",
    );
    assert_single_error(
        "[host.\"http://a b\"]\n",
        1,
        "host.\"http://a b\"",
        "invalid character \" \" in host name",
    );
    assert_single_error(
        "[host.\"https://m/%zz\"]\n",
        1,
        "host.\"https://m/%zz\"",
        "invalid URL escape",
    );
}

#[test]
fn ipv6_host_headers_break_containerd_1x_only() {
    let text = "[host.\"https://[2001:db8::1]:5000\"]\n";
    assert!(portable(text).has_errors());
    assert!(on("1.7.32", text).has_errors());
    assert_eq!(summary(&on("2.1.0", text)), vec![]);
}

#[test]
fn syntax_errors_stop_decoding() {
    let v = portable("server = \"https://a\"\n[host.\"https://m\"]\ncapabilities = [\"pull\"\n");
    assert_eq!(v.parsed, None);
    assert_eq!(errors(&v).len(), 1);
    assert!(errors(&v)[0].message.starts_with("TOML syntax error"));
    assert_eq!(errors(&v)[0].location.line, Some(3));

    let v =
        portable("[host.\"https://m\"]\ncapabilities = [\"pull\"]\ncapabilities = [\"push\"]\n");
    assert_eq!(v.parsed, None);
    assert_eq!(errors(&v)[0].location.line, Some(3));
}

#[test]
fn empty_and_blank_files() {
    let v = portable("");
    assert!(!v.has_errors());
    assert!(summary(&v)[0].3.contains("empty"));
    let v = portable("\n# only a comment\n");
    assert!(v.has_errors());
    assert!(summary(&v)[0].3.contains("no [host] table"));
}

#[test]
fn server_settings_apply_to_the_server() {
    let text = "server = \"https://r.example/v2/x\"\noverride_path = true\ncapabilities = [\"pull\"]\n[host]\n";
    let v = portable(text);
    assert_eq!(summary(&v), vec![]);
    let file = v.parsed.expect("parsed");
    assert_eq!(file.server_settings.override_path, Some(true));
    assert_eq!(
        file.server_endpoint.map(|e| e.to_string()).as_deref(),
        Some("https://r.example/v2/x")
    );
}

#[test]
fn server_key_inside_a_host_table_is_ignored() {
    let v = portable("[host.\"https://m\"]\nserver = \"https://x\"\n");
    assert!(!v.has_errors());
    assert!(summary(&v)[0].3.contains("only at the top of the file"));
}

#[test]
fn never_panics_on_hostile_input() {
    let inputs = [
        "\u{0}",
        "[",
        "[host.\"\"]\n",
        "[host.\"\"]\noverride_path = true\n",
        "host = []\n",
        "host = [[1]]\n",
        "[host.\"https://m\"]\nclient = [[], [[]]]\n",
        "[host.\"https://m\"]\nheader = []\n",
        "[host.\"https://m\".header]\n\"\" = \"x\"\n",
        "\u{feff}",
        "a = \"\\U0010FFFF\"\n",
        "[host.'\u{e4}']\n[host.'https://[::1']\n",
    ];
    for text in inputs {
        let _ = portable(text);
        let _ = on("1.6.20", text);
        let _ = on("2.2.0", text);
    }
}

#[test]
fn url_messages_never_quote_a_password() {
    let text = "server = \"https://user:s3cret@registry.example:abc\"\n\n[host.\"ftp://u:pw-x@mirror.example\"]\n  capabilities = [\"pull\"]\n";
    let validation = validate(text, &Rules::default());
    assert!(!validation.problems.is_empty());
    for problem in &validation.problems {
        assert!(
            !problem.message.contains("s3cret") && !problem.message.contains("pw-x"),
            "{}",
            problem.message
        );
    }
}

#[test]
fn a_bare_carriage_return_is_a_line_break_for_1x_only() {
    let text = "server = \"https://r.example\"\rca = \"/x.crt\"\n[host.\"https://m.example\"]\n";
    let v = on("1.6.20", text);
    assert!(!v.has_errors(), "{:?}", v.problems);
    assert!(summary(&v)[0].3.contains("carriage return"));
    let parsed = v.parsed.expect("parsed");
    assert_eq!(parsed.server.as_deref(), Some("https://r.example"));
    assert!(parsed.server_settings.ca.is_some());
    assert!(on("2.1.0", text).has_errors());
    assert!(portable(text).has_errors());
}

#[test]
fn values_containerd_2x_never_reads_are_not_checked_when_pinned_to_2x() {
    let text = "server = \"https://r.example\"\nmystery = 99999999999999999999\n\n[host.\"https://m.example\"]\n  when = 1979-13-45T07:32:00Z # never read\n  capabilities = [\"pull\"]\n";
    let v = on("2.1.0", text);
    assert!(!v.has_errors(), "{:?}", v.problems);
    let warnings: Vec<String> = summary(&v).into_iter().map(|p| p.3).collect();
    let unchecked = warnings
        .iter()
        .filter(|w| w.contains("never checks its value"))
        .count();
    assert_eq!(unchecked, 2, "{warnings:?}");
    let parsed = v.parsed.expect("parsed");
    assert_eq!(parsed.hosts.len(), 1);
    assert!(on("1.7.35", text).has_errors());
    assert!(portable(text).has_errors());
    // A value containerd does read is still checked.
    assert!(on(
        "2.1.0",
        "[host.\"https://m.example\"]\n  skip_verify = 99999999999999999999\n"
    )
    .has_errors());
    assert!(on(
        "2.1.0",
        "[host.\"https://m.example\".header]\n  x-a = 1979-13-45\n"
    )
    .has_errors());
}
