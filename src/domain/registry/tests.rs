//! Scenario tests: every rendering is re-read by the hosts.toml validator
//! and by [`parse_hosts_toml`], and rendered twice.

use std::collections::BTreeMap;

use super::*;
use crate::domain::containerd_config::change as config;
use crate::domain::hosts_toml::{self, ContainerdVersion, Rules};
use crate::domain::test_fixtures::{NOW, VALID_CERT, VALID_KEY_PKCS8};
use crate::domain::Severity;

fn v(s: &str) -> ContainerdVersion {
    parse_containerd_version(s).expect("version")
}

fn opts(version: &str) -> RenderOptions {
    RenderOptions {
        version: v(version),
        now_unix: NOW,
    }
}

fn config_auth(user: &str, password: &str) -> Credentials {
    Credentials {
        username: user.into(),
        password: password.into(),
        mode: CredentialsMode::ConfigTomlAuth,
    }
}

/// Giant Swarm RFC decision 7.b: docker.io with two mirrors, credentials
/// for the upstream and for the Azure mirror.
fn giant_swarm() -> Registry {
    let mut azure = Mirror::new("giantswarm.azurecr.io");
    azure.credentials = Some(config_auth("gs-azure", "azure-secret"));
    Registry {
        namespace: "docker.io".into(),
        mirrors: vec![Mirror::new("my-mirror-registry.mydomain.io"), azure],
        credentials: Some(config_auth(
            "giantswarm-user-account",
            "my_token_from_docker_hub",
        )),
        ..Registry::default()
    }
}

/// Gardener's MirrorConfig: upstream plus a mirror with a CA.
fn gardener() -> Registry {
    let mut mirror = Mirror::new("https://mirror.gardener.example:8443");
    mirror.ca = vec![CertSource::Inline(VALID_CERT.into())];
    Registry {
        namespace: "docker.io".into(),
        server: Some("https://registry-1.docker.io".into()),
        mirrors: vec![mirror],
        ..Registry::default()
    }
}

/// Seed 003: icr.io through the /dpod path with skip_verify = false.
fn seed_003() -> Registry {
    let mut mirror = Mirror::new("https://icr.io/dpod");
    mirror.skip_verify = Some(false);
    Registry {
        namespace: "icr.io".into(),
        server: Some("https://icr.io".into()),
        mirrors: vec![mirror],
        ..Registry::default()
    }
}

/// Seed 004: a host:port private registry with its self-signed CA.
fn seed_004() -> Registry {
    let mut host = Mirror::new("https://docker-registry:5000");
    host.capabilities = vec![Capability::Pull, Capability::Resolve, Capability::Push];
    host.ca = vec![CertSource::Inline(VALID_CERT.into())];
    Registry {
        namespace: "docker-registry:5000".into(),
        mirrors: vec![host],
        ..Registry::default()
    }
}

/// Seed 004 without a host table: the CA on the upstream only.
fn seed_004_upstream_only() -> Registry {
    Registry {
        namespace: "docker-registry:5000".into(),
        ca: vec![CertSource::Inline(VALID_CERT.into())],
        ..Registry::default()
    }
}

/// Mirrors only: the last (a proxy cache with its CA) becomes the server.
fn skip_fallback() -> Registry {
    let mut cache = Mirror::new("https://harbor.example/v2/docker.io");
    cache.ca = vec![CertSource::Inline(VALID_CERT.into())];
    Registry {
        namespace: "docker.io".into(),
        mirrors: vec![Mirror::new("https://mirror.example"), cache],
        skip_fallback: true,
        ..Registry::default()
    }
}

/// Everything at once: headers, client pair, dial_timeout, header credentials.
fn kitchen_sink() -> Registry {
    let mut mirror = Mirror::new("mirror.example.com/v2/");
    mirror.client = Some(ClientPair {
        cert: CertSource::Inline(VALID_CERT.into()),
        key: CertSource::Inline(VALID_KEY_PKCS8.into()),
    });
    mirror.header = BTreeMap::from([
        ("x-custom-header".to_string(), vec!["a".to_string()]),
        (
            "x-multi".to_string(),
            vec!["1".to_string(), "2\"quoted\"".to_string()],
        ),
    ]);
    mirror.dial_timeout = Some("5s".into());
    mirror.credentials = Some(Credentials {
        username: "robot$ci".into(),
        password: "s3cr:et".into(),
        mode: CredentialsMode::AuthorizationHeader,
    });
    let mut second = Mirror::new("https://harbor.example.com/v2/proxy");
    second.override_path = Some(true);
    second.capabilities = vec![Capability::Resolve, Capability::Pull, Capability::Pull];
    Registry {
        namespace: "_default".into(),
        mirrors: vec![mirror, second],
        ..Registry::default()
    }
}

fn scenarios() -> Vec<(&'static str, Registry)> {
    let mut all = vec![
        ("giant swarm", giant_swarm()),
        ("gardener", gardener()),
        ("seed 003", seed_003()),
        ("seed 004", seed_004()),
        ("seed 004 upstream only", seed_004_upstream_only()),
        ("skip fallback", skip_fallback()),
    ];
    for name in SCS_PRESETS {
        all.push(("scs", scs_preset(name).expect("preset")));
    }
    all
}

fn render_ok(registry: &Registry, version: &str) -> RenderedRegistry {
    let rendered = render_registry(registry, &opts(version));
    assert!(
        !rendered.has_errors(),
        "{} @ {version}: {:?}",
        registry.namespace,
        rendered.problems
    );
    rendered
}

#[test]
fn every_scenario_validates_round_trips_and_is_deterministic() {
    let mut cases = scenarios();
    cases.push(("kitchen sink", kitchen_sink()));
    for (name, registry) in cases {
        for version in ["1.6.20", "1.7", "1.7.32", "2.0", "2.1", "2.2"] {
            if name == "kitchen sink" && version != "2.1" && version != "2.2" {
                continue;
            }
            let rendered = render_ok(&registry, version);
            let rules = Rules::for_version(v(version));
            let validation = hosts_toml::validate(&rendered.hosts_toml, &rules);
            assert!(
                validation.problems.is_empty(),
                "{name} @ {version}:\n{}\n{:?}",
                rendered.hosts_toml,
                validation.problems
            );
            let parsed = parse_hosts_toml(&rendered.hosts_toml, &registry.namespace, &rules);
            assert_eq!(
                parsed.registry.as_ref(),
                Some(&rendered.parsed_form),
                "{name} @ {version}:\n{}",
                rendered.hosts_toml
            );
            // Rendering the parsed form gives the same file again.
            let again = render_ok(&rendered.parsed_form, version);
            assert_eq!(again.hosts_toml, rendered.hosts_toml, "{name} @ {version}");
            assert_eq!(render_registry(&registry, &opts(version)), rendered);
        }
    }
}

#[test]
fn scs_files_are_reproduced_byte_for_byte() {
    assert_eq!(
        render_scs_file("docker.io").as_deref(),
        Some("server = \"https://registry-1.docker.io\"\n\n[host.\"https://registry.scs.community/v2/docker.io\"]\n    capabilities = [\"pull\"]\n    override_path = true\n")
    );
    for name in [
        "ghcr.io",
        "quay.io",
        "registry.gitlab.com",
        "registry.k8s.io",
    ] {
        assert_eq!(
            render_scs_file(name),
            Some(format!("server = \"https://{name}\"\n\n[host.\"https://registry.scs.community/v2/{name}\"]\n    capabilities = [\"pull\"]\n    override_path = true\n"))
        );
    }
    assert_eq!(render_scs_file("example.com"), None);
    // SCS's text parses to the preset.
    let text = render_scs_file("quay.io").expect("file");
    let parsed = parse_hosts_toml(&text, "quay.io", &Rules::for_version(v("1.6.20")));
    assert_eq!(parsed.registry, scs_preset("quay.io"));
}

#[test]
fn gardener_mirror_ca_becomes_a_node_file() {
    let rendered = render_ok(&gardener(), "1.7");
    assert_eq!(
        rendered.hosts_toml,
        "server = \"https://registry-1.docker.io\"\n\n[host.\"https://mirror.gardener.example:8443\"]\n    capabilities = [\"pull\", \"resolve\"]\n    ca = [\"/etc/containerd/certs/docker.io/mirror.gardener.example_8443-ca.crt\"]\n"
    );
    let paths: Vec<(&str, &str)> = rendered
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.permissions.as_str()))
        .collect();
    assert_eq!(
        paths,
        vec![
            ("/etc/containerd/certs.d/docker.io/hosts.toml", "0644"),
            (
                "/etc/containerd/certs/docker.io/mirror.gardener.example_8443-ca.crt",
                "0644"
            ),
        ]
    );
    assert_eq!(rendered.files[1].content, VALID_CERT.as_bytes());
}

#[test]
fn seed_003_path_implies_override_path() {
    let rendered = render_ok(&seed_003(), "1.6");
    assert_eq!(
        rendered.hosts_toml,
        "server = \"https://icr.io\"\n\n[host.\"https://icr.io/dpod\"]\n    capabilities = [\"pull\", \"resolve\"]\n    skip_verify = false\n    override_path = true\n"
    );
    // An explicit false is kept (and containerd then appends /v2).
    let mut registry = seed_003();
    registry.mirrors[0].override_path = Some(false);
    let rendered = render_ok(&registry, "1.6");
    assert!(rendered.hosts_toml.contains("override_path = false"));
}

#[test]
fn seed_004_defaults_the_server_to_the_namespace() {
    let rendered = render_ok(&seed_004(), "1.6.20");
    assert_eq!(
        rendered.hosts_toml,
        "server = \"https://docker-registry:5000\"\n\n[host.\"https://docker-registry:5000\"]\n    capabilities = [\"pull\", \"resolve\", \"push\"]\n    ca = [\"/etc/containerd/certs/docker-registry:5000/docker-registry_5000-ca.crt\"]\n"
    );
}

#[test]
fn giant_swarm_credentials_go_to_config_toml_for_the_contacted_hosts() {
    let rendered = render_ok(&giant_swarm(), "1.7");
    assert_eq!(
        rendered.hosts_toml,
        "server = \"https://registry-1.docker.io\"\n\n[host.\"https://my-mirror-registry.mydomain.io\"]\n    capabilities = [\"pull\", \"resolve\"]\n\n[host.\"https://giantswarm.azurecr.io\"]\n    capabilities = [\"pull\", \"resolve\"]\n"
    );
    let hosts: Vec<&str> = rendered.auth.iter().map(|a| a.host.as_str()).collect();
    assert_eq!(hosts, vec!["registry-1.docker.io", "giantswarm.azurecr.io"]);
    let deprecations = rendered
        .problems
        .iter()
        .filter(|p| p.message.contains("deprecates"))
        .count();
    assert_eq!(deprecations, 2);
    for p in &rendered.problems {
        assert!(!p.message.contains("my_token") && !p.message.contains("azure-secret"));
        assert!(!p.message.contains("giantswarm-user-account"));
    }
    assert!(!format!("{rendered:?}").contains("my_token_from_docker_hub"));

    let all = render_registries(&[giant_swarm()], &opts("1.7"), ConfigMode::DropIn);
    assert!(!all.has_errors(), "{:?}", all.problems);
    let drop_in = all
        .files
        .iter()
        .find(|f| f.path == config::DROP_IN_FILE)
        .expect("drop-in");
    let text = String::from_utf8(drop_in.content.clone()).expect("utf8");
    assert!(text.contains("[plugins.\"io.containerd.grpc.v1.cri\".registry.configs.\"registry-1.docker.io\".auth]\n  username = \"giantswarm-user-account\"\n  password = \"my_token_from_docker_hub\"\n"));
    assert!(!text.contains("mirrors"));
    assert_eq!(drop_in.permissions, "0600");
}

#[test]
fn header_credentials_and_canonical_headers() {
    let rendered = render_ok(&kitchen_sink(), "2.1");
    assert_eq!(
        rendered.hosts_toml,
        "[host.\"https://mirror.example.com\"]\n    capabilities = [\"pull\", \"resolve\"]\n    client = [[\"/etc/containerd/certs/_default/mirror.example.com-client.crt\", \"/etc/containerd/certs/_default/mirror.example.com-client.key\"]]\n    dial_timeout = \"5s\"\n\n[host.\"https://mirror.example.com\".header]\n    Authorization = \"Basic cm9ib3QkY2k6czNjcjpldA==\"\n    X-Custom-Header = \"a\"\n    X-Multi = [\"1\", '2\"quoted\"']\n\n[host.\"https://harbor.example.com/v2/proxy\"]\n    capabilities = [\"pull\", \"resolve\"]\n    override_path = true\n"
    );
    let key = rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("-client.key"))
        .expect("key file");
    assert_eq!(key.permissions, "0600");
    assert_eq!(
        rendered.parsed_form.mirrors[0].credentials,
        kitchen_sink().mirrors[0].credentials
    );
    // Before 2.1 the header is not sent to token endpoints: a warning.
    let old = render_registry(
        &{
            let mut r = kitchen_sink();
            r.mirrors[0].dial_timeout = None;
            r
        },
        &opts("2.0.7"),
    );
    assert!(
        old.problems
            .iter()
            .any(|p| p.message.contains("token endpoint")),
        "{:?}",
        old.problems
    );
}

fn errors(registry: &Registry, version: &str) -> Vec<String> {
    render_registry(registry, &opts(version))
        .problems
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| {
            format!(
                "{}: {}",
                p.location.attribute.unwrap_or_default(),
                p.message
            )
        })
        .collect()
}

#[test]
fn rule_default_namespace_needs_1_6_17() {
    let registry = Registry {
        namespace: "_default".into(),
        mirrors: vec![Mirror::new("https://mirror.example")],
        ..Registry::default()
    };
    let e = errors(&registry, "1.6");
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("namespace:") && e[0].contains("1.6.17"),
        "{e:?}"
    );
    assert!(errors(&registry, "1.6.16").len() == 1);
    assert!(errors(&registry, "1.6.17").is_empty());
    assert!(errors(&registry, "1.7").is_empty());
}

#[test]
fn rule_dial_timeout_needs_2_0_7() {
    let mut registry = seed_003();
    registry.mirrors[0].dial_timeout = Some("10s".into());
    for version in ["1.6.20", "1.7.32", "2.0", "2.0.6"] {
        let e = errors(&registry, version);
        assert_eq!(e.len(), 1, "{version}: {e:?}");
        assert!(
            e[0].starts_with("mirrors[0].dial_timeout:") && e[0].contains("2.0.7"),
            "{e:?}"
        );
    }
    for version in ["2.0.7", "2.1", "2.2"] {
        assert!(errors(&registry, version).is_empty(), "{version}");
        let text = render_ok(&registry, version).hosts_toml;
        assert!(text.contains("    dial_timeout = \"10s\"\n"), "{text}");
    }
    registry.mirrors[0].dial_timeout = Some("10 seconds".into());
    assert!(errors(&registry, "2.1")[0].contains("not a Go duration"));
}

#[test]
fn rule_referrers_needs_2_2() {
    let mut registry = seed_003();
    registry.mirrors[0].capabilities.push(Capability::Referrers);
    let e = errors(&registry, "2.1");
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("mirrors[0].capabilities:") && e[0].contains("2.2"));
    let text = render_ok(&registry, "2.2").hosts_toml;
    assert!(
        text.contains("capabilities = [\"pull\", \"resolve\", \"referrers\"]"),
        "{text}"
    );
}

#[test]
fn rule_override_path_needs_1_6() {
    let registry = seed_003();
    let rendered = render_registry(
        &registry,
        &RenderOptions {
            version: ContainerdVersion::new(1, 5, 18),
            now_unix: NOW,
        },
    );
    assert!(rendered
        .problems
        .iter()
        .any(
            |p| p.location.attribute.as_deref() == Some("mirrors[0].override_path")
                && p.severity == Severity::Error
        ));
}

#[test]
fn rule_files_without_hosts_get_an_empty_host_table_before_1_7_32() {
    for version in ["1.6", "1.6.20", "1.7", "1.7.31"] {
        let rendered = render_ok(&seed_004_upstream_only(), version);
        assert_eq!(
            rendered.hosts_toml,
            "server = \"https://docker-registry:5000\"\nca = [\"/etc/containerd/certs/docker-registry:5000/docker-registry_5000-ca.crt\"]\n\n[host]\n",
            "{version}"
        );
        // containerd's rules for that version accept it.
        let validation =
            hosts_toml::validate(&rendered.hosts_toml, &Rules::for_version(v(version)));
        assert!(!validation.has_errors());
    }
    for version in ["1.7.32", "2.0", "2.2"] {
        let text = render_ok(&seed_004_upstream_only(), version).hosts_toml;
        assert!(!text.contains("[host]"), "{version}: {text}");
    }
}

#[test]
fn bad_input_is_reported_not_rendered() {
    let mut registry = seed_003();
    registry.mirrors.push(Mirror::new("https://icr.io/dpod/"));
    registry.mirrors.push(Mirror::new("ftp://x"));
    registry.header.insert("Bad Name".into(), vec!["x".into()]);
    registry.header.insert("x-a".into(), vec!["1".into()]);
    registry.header.insert("X-A".into(), vec!["2".into()]);
    registry.ca.push(CertSource::Inline("not pem".into()));
    let rendered = render_registry(&registry, &opts("1.7"));
    assert!(rendered.hosts_toml.is_empty() && rendered.files.is_empty());
    let attrs: Vec<&str> = rendered
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.location.attribute.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(
        attrs,
        vec![
            "ca[0]",
            // Header names are sensitive: the location is the attribute, not the name.
            "header",
            "header",
            "mirrors[1].url",
            "mirrors[2].url"
        ],
        "{:?}",
        rendered.problems
    );

    let bad_ns = Registry {
        namespace: "https://docker.io".into(),
        ..Registry::default()
    };
    assert!(errors(&bad_ns, "1.7")[0].starts_with("namespace:"));

    let mut mismatch = kitchen_sink();
    mismatch.mirrors[0].client = Some(ClientPair {
        cert: CertSource::Inline(VALID_CERT.into()),
        key: CertSource::Inline(rcgen::KeyPair::generate().expect("key").serialize_pem()),
    });
    assert!(errors(&mismatch, "2.1")
        .iter()
        .any(|e| e.starts_with("mirrors[0].client.key:") && e.contains("does not belong")));

    let mut expired = seed_004();
    expired.mirrors[0].ca = vec![CertSource::Inline(
        crate::domain::test_fixtures::EXPIRED_CERT.into(),
    )];
    assert!(errors(&expired, "1.7")[0].contains("CN=old-registry"));
}

#[test]
fn duplicate_namespaces_and_mixed_sources_are_errors() {
    let all = render_registries(
        &[seed_003(), seed_003()],
        &opts("1.7"),
        ConfigMode::AppendEdit,
    );
    assert!(all.has_errors());
    assert!(all.files.is_empty());

    let structured = render_ok(&seed_003(), "1.7").files;
    let hand_written = vec![crate::domain::node_files::NodeFile {
        path: "/etc/containerd/certs.d/icr.io/hosts.toml".into(),
        content: b"server = \"https://icr.io\"\n".to_vec(),
        permissions: "0644".into(),
        owner: "root:root".into(),
    }];
    let (_, problems) = merge_files(&structured, &hand_written);
    assert_eq!(problems.len(), 1);
    assert!(problems[0]
        .message
        .contains("\"icr.io\" is configured twice"));
}

#[test]
fn parse_reads_hand_written_files() {
    let text = "server = \"https://registry-1.docker.io\"\n[host.\"https://m.example\"]\n  client = \"/certs/combined.pem\"\n  [host.\"https://m.example\".header]\n    authorization = \"Bearer x\"\n";
    let parsed = parse_hosts_toml(text, "docker.io", &Rules::default());
    let registry = parsed.registry.expect("parsed");
    let mirror = &registry.mirrors[0];
    assert_eq!(
        mirror.capabilities,
        vec![Capability::Pull, Capability::Resolve, Capability::Push]
    );
    assert_eq!(
        mirror.client,
        Some(ClientPair {
            cert: CertSource::Path("/certs/combined.pem".into()),
            key: CertSource::Path("/certs/combined.pem".into()),
        })
    );
    assert_eq!(
        mirror.header.get("authorization"),
        Some(&vec!["Bearer x".to_string()])
    );
    assert_eq!(mirror.credentials, None);

    let broken = parse_hosts_toml("capabilities = \"pull\"\n", "x", &Rules::default());
    assert!(broken.registry.is_none());
    assert!(broken
        .problems
        .iter()
        .any(|p| p.severity == Severity::Error));
}

#[test]
fn never_panics_on_odd_input() {
    for url in [
        "",
        " ",
        "://",
        "http://",
        "[::1",
        "https://[::1]:99999/x",
        "a\u{0}b",
        "https://ü.example/ä",
    ] {
        let mut registry = seed_003();
        registry.server = Some(url.into());
        registry.mirrors[0].url = url.into();
        let _ = render_registry(&registry, &opts("2.2"));
    }
    for text in [
        "",
        "[host]\n",
        "host = 1",
        "[host.\"\"]\n",
        "server = \"\u{7f}\"",
        "[[host]]",
    ] {
        let _ = parse_hosts_toml(text, "", &Rules::default());
    }
}

#[test]
fn hosts_toml_with_an_authorization_header_is_private() {
    let options = RenderOptions {
        version: super::versions::default_containerd_version(),
        now_unix: 0,
    };
    let mode_of = |mode: CredentialsMode| {
        let mut mirror = Mirror::new("https://mirror.example");
        mirror.credentials = Some(Credentials {
            username: "u".into(),
            password: "p".into(),
            mode,
        });
        let registry = Registry {
            namespace: "docker.io".into(),
            mirrors: vec![mirror],
            ..Registry::default()
        };
        let rendered = render_registry(&registry, &options);
        rendered
            .files
            .iter()
            .find(|f| f.path.ends_with("/hosts.toml"))
            .map(|f| f.permissions.clone())
            .unwrap_or_default()
    };
    assert_eq!(mode_of(CredentialsMode::AuthorizationHeader), "0600");
    assert_eq!(mode_of(CredentialsMode::ConfigTomlAuth), "0644");
}

#[test]
fn an_inline_client_pem_holding_both_halves_is_one_private_file() {
    let combined = format!("{VALID_CERT}{VALID_KEY_PKCS8}");
    let mut mirror = Mirror::new("https://mirror.example");
    mirror.client = Some(ClientPair {
        cert: CertSource::Inline(combined.clone()),
        key: CertSource::Inline(combined),
    });
    let registry = Registry {
        namespace: "docker.io".into(),
        mirrors: vec![mirror],
        ..Registry::default()
    };
    let rendered = render_registry(
        &registry,
        &RenderOptions {
            version: v("1.7"),
            now_unix: NOW,
        },
    );
    let certs: Vec<(&str, &str)> = rendered
        .files
        .iter()
        .filter(|f| f.path.starts_with("/etc/containerd/certs/"))
        .map(|f| (f.path.as_str(), f.permissions.as_str()))
        .collect();
    assert_eq!(
        certs,
        [(
            "/etc/containerd/certs/docker.io/mirror.example-client.pem",
            "0600"
        )],
        "{rendered:?}"
    );
    assert!(rendered
        .hosts_toml
        .contains("/etc/containerd/certs/docker.io/mirror.example-client.pem"));
}

#[test]
fn mirror_url_errors_never_quote_a_password() {
    for url in [
        "https://u:s3cret@mirror.example:abc",
        "ftp://u:s3cret@mirror.example",
    ] {
        let error = super::normalize::normalize_url(url).unwrap_err();
        assert!(!error.contains("s3cret"), "{error}");
        assert!(error.contains("<redacted>@"), "{error}");
    }
}

#[test]
fn skip_fallback_makes_the_last_mirror_the_server() {
    let rendered = render_ok(&skip_fallback(), "2.1");
    assert_eq!(
        rendered.hosts_toml,
        "server = \"https://harbor.example/v2/docker.io\"\ncapabilities = [\"pull\", \"resolve\"]\nca = [\"/etc/containerd/certs/docker.io/harbor.example-ca.crt\"]\noverride_path = true\n\n[host.\"https://mirror.example\"]\n    capabilities = [\"pull\", \"resolve\"]\n"
    );
    let mut no_mirror = skip_fallback();
    no_mirror.mirrors.clear();
    let problems = render_registry(&no_mirror, &opts("2.1")).problems;
    assert!(
        problems
            .iter()
            .any(|p| p.location.attribute.as_deref() == Some("skip_fallback")
                && p.severity == Severity::Error),
        "{problems:?}"
    );
    let mut with_server = skip_fallback();
    with_server.server = Some("https://registry-1.docker.io".into());
    let problems = render_registry(&with_server, &opts("2.1")).problems;
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("never contacts the upstream")),
        "{problems:?}"
    );
}

#[test]
fn star_is_default_and_counts_as_the_same_namespace() {
    let star = Registry {
        namespace: "*".into(),
        mirrors: vec![Mirror::new("https://m.example")],
        ..Registry::default()
    };
    let rendered = render_ok(&star, "1.7");
    assert_eq!(
        rendered.files[0].path,
        "/etc/containerd/certs.d/_default/hosts.toml"
    );
    let default = Registry {
        namespace: "_default".into(),
        ..star.clone()
    };
    let both = render_registries(&[star, default], &opts("1.7"), ConfigMode::None);
    assert!(
        both.problems
            .iter()
            .any(|p| p.message.contains("configured twice")),
        "{:?}",
        both.problems
    );
}

#[test]
fn credentials_alone_write_no_hosts_toml_and_a_namespace_file_warns_about_default_mirrors() {
    let default = Registry {
        namespace: "_default".into(),
        mirrors: vec![Mirror::new("https://m.example")],
        ..Registry::default()
    };
    let hub = Registry {
        namespace: "docker.io".into(),
        credentials: Some(Credentials {
            username: "u".into(),
            password: "p".into(),
            mode: CredentialsMode::ConfigTomlAuth,
        }),
        ..Registry::default()
    };
    let ghcr = Registry {
        namespace: "ghcr.io".into(),
        mirrors: vec![Mirror::new("https://g.example")],
        ..Registry::default()
    };
    let out = render_registries(&[default, hub, ghcr], &opts("1.7"), ConfigMode::AppendEdit);
    assert!(!out.has_errors(), "{:?}", out.problems);
    let paths: Vec<&str> = out
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.contains("certs.d"))
        .collect();
    assert_eq!(
        paths,
        [
            "/etc/containerd/certs.d/_default/hosts.toml",
            "/etc/containerd/certs.d/ghcr.io/hosts.toml"
        ]
    );
    let hidden: Vec<&str> = out
        .problems
        .iter()
        .filter(|p| p.message.contains("_default's mirrors"))
        .map(|p| p.location.namespace.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(hidden, ["ghcr.io"]);
}

#[test]
fn default_with_only_a_ca_draws_no_false_warning() {
    let default = Registry {
        namespace: "_default".into(),
        ca: vec![CertSource::Inline(VALID_CERT.into())],
        ..Registry::default()
    };
    let rendered = render_ok(&default, "1.7");
    assert!(rendered.problems.is_empty(), "{:?}", rendered.problems);
}

/// Every byte percent-encoded in a mirror path, every supported release: the file renders, reads
/// back to the same endpoint, and no finding reads as an internal error.
#[test]
fn percent_encoded_paths_render_and_read_back() {
    for version in ["1.6.20", "1.7", "2.0", "2.2"] {
        for byte in 0..=255u8 {
            let url = format!("https://mirror.example/v2/a%{byte:02X}b");
            let mut registry = Registry {
                namespace: "docker.io".into(),
                ..Registry::default()
            };
            registry.mirrors.push(Mirror::new(url.clone()));
            let rendered = render_ok(&registry, version);
            let rules = Rules::for_version(v(version));
            let parsed = parse_hosts_toml(&rendered.hosts_toml, "docker.io", &rules);
            assert_eq!(
                parsed.registry.as_ref(),
                Some(&rendered.parsed_form),
                "{url} @ {version}:\n{}",
                rendered.hosts_toml
            );
            let endpoint = |text: &str| {
                hosts_toml::validate(text, &rules)
                    .parsed
                    .expect("parsed")
                    .hosts[0]
                    .endpoint
                    .clone()
            };
            let user_path = crate::domain::go_url::parse(&url).expect("url").path;
            assert_eq!(
                endpoint(&rendered.hosts_toml).map(|e| e.path),
                Some(user_path),
                "{url} @ {version}"
            );
        }
    }
}

#[test]
fn newlines_and_quotes_in_a_mirror_path_are_written_escaped() {
    let mut registry = seed_003();
    registry.mirrors[0].url = "https://m.example/a%0Ab%22c%5Cd%25e".into();
    let rendered = render_ok(&registry, "1.7");
    assert!(
        rendered
            .hosts_toml
            .contains("[host.\"https://m.example/a%0Ab%22c%5Cd%25e\"]"),
        "{}",
        rendered.hosts_toml
    );
}

#[test]
fn no_input_gets_an_internal_error_message() {
    let urls = [
        "https://[::1]:5000",
        "https://m.example/a%5Bb%5D",
        "https://m.example/%0D%0A[x]",
        "https://m.example/\"",
        "https://m\u{e9}.example/\u{e9}",
    ];
    for version in ["1.6.20", "1.7", "2.0", "2.2"] {
        for url in urls {
            let mut registry = seed_003();
            registry.mirrors[0].url = url.into();
            registry.server = Some(url.into());
            for problem in render_registry(&registry, &opts(version)).problems {
                assert!(
                    !problem.message.starts_with("bug") && !problem.message.contains("rendered"),
                    "{url} @ {version}: {}",
                    problem.message
                );
            }
        }
    }
    let ipv6 = errors(
        &Registry {
            namespace: "docker.io".into(),
            mirrors: vec![Mirror::new("https://[::1]:5000")],
            ..Registry::default()
        },
        "1.7",
    );
    assert_eq!(ipv6.len(), 1, "{ipv6:?}");
    assert!(
        ipv6[0].starts_with("mirrors[0].url: containerd 1.7"),
        "{ipv6:?}"
    );
    render_ok(
        &Registry {
            namespace: "docker.io".into(),
            mirrors: vec![Mirror::new("https://[::1]:5000")],
            ..Registry::default()
        },
        "2.0",
    );
}
