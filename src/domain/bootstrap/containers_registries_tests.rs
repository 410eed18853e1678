use super::*;
use crate::domain::registry::{
    Capability, CertSource, ClientPair, Credentials, CredentialsMode, Mirror,
};
use crate::domain::Severity;

fn conf(registries: &[Registry]) -> (String, Vec<NodeFile>, Findings) {
    let (files, findings) = containers_files(registries, &[], REGISTRIES_CONF_DROP_IN);
    let conf = files
        .iter()
        .find(|f| f.path == REGISTRIES_CONF_DROP_IN)
        .map(|f| String::from_utf8(f.content.clone()).unwrap())
        .expect("the drop-in");
    (conf, files, findings)
}

/// The `[[registry]]` tables as TOML read them: (prefix, location, insecure,
/// mirror-by-digest-only, [(location, insecure, pull-from-mirror)]).
type Table = (String, String, bool, bool, Vec<(String, bool, String)>);

fn tables(text: &str) -> Vec<Table> {
    let doc: toml_edit::DocumentMut = text.parse().expect("TOML");
    let s =
        |t: &toml_edit::Table, k: &str| t.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
    let b = |t: &toml_edit::Table, k: &str| t.get(k).and_then(|v| v.as_bool()).unwrap_or(false);
    doc["registry"]
        .as_array_of_tables()
        .map(|a| {
            a.iter()
                .map(|t| {
                    let mirrors = t
                        .get("mirror")
                        .and_then(|m| m.as_array_of_tables())
                        .map(|ms| {
                            ms.iter()
                                .map(|m| {
                                    (s(m, "location"), b(m, "insecure"), s(m, "pull-from-mirror"))
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    (
                        s(t, "prefix"),
                        s(t, "location"),
                        b(t, "insecure"),
                        b(t, "mirror-by-digest-only"),
                        mirrors,
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn mirror(url: &str, capabilities: &[Capability]) -> Mirror {
    Mirror {
        capabilities: capabilities.to_vec(),
        ..Mirror::new(url)
    }
}

#[test]
fn seed_003_icr_mirror_digest_only() {
    // Seed 003: icr.io mirrored to icr.io/dpod for digests only; containerd's form of it is a
    // mirror without `resolve` at /v2/dpod.
    let icr = Registry {
        namespace: "icr.io".into(),
        mirrors: vec![mirror("https://icr.io/v2/dpod", &[Capability::Pull])],
        ..Registry::default()
    };
    let (text, files, findings) = conf(&[icr]);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(files.len(), 1);
    assert_eq!(
        tables(&text),
        [(
            "icr.io".into(),
            "icr.io".into(),
            false,
            true,
            vec![("icr.io/dpod".into(), false, String::new())]
        )]
    );
}

#[test]
fn mirrors_in_order_insecure_and_mixed_digest_only() {
    let hub = Registry {
        namespace: "docker.io".into(),
        mirrors: vec![
            mirror("http://10.0.0.1:5000", &[Capability::Pull]),
            mirror(
                "https://cache.example/v2/docker.io",
                &[Capability::Pull, Capability::Resolve],
            ),
            Mirror {
                skip_verify: Some(true),
                ..mirror("https://self-signed.example", &[])
            },
            mirror("https://push-only.example", &[Capability::Push]),
        ],
        ..Registry::default()
    };
    let (text, _, findings) = conf(&[hub]);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(
        tables(&text),
        [(
            "docker.io".into(),
            "docker.io".into(),
            false,
            false,
            vec![
                ("10.0.0.1:5000".into(), true, "digest-only".into()),
                ("cache.example/docker.io".into(), false, String::new()),
                ("self-signed.example".into(), true, String::new()),
            ]
        )]
    );
}

#[test]
fn paths_containers_image_cannot_express_are_warnings() {
    let r = Registry {
        namespace: "icr.io".into(),
        mirrors: vec![
            // Seed 003's containerd form: override_path without /v2.
            Mirror {
                override_path: Some(true),
                ..mirror("https://icr.io/dpod", &[])
            },
            Mirror {
                override_path: Some(false),
                ..mirror("https://m.example/prefix", &[])
            },
        ],
        ..Registry::default()
    };
    let (text, _, findings) = conf(&[r]);
    assert_eq!(tables(&text)[0].4, []);
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert!(findings.iter().all(|f| f.severity == Severity::Warning));
    assert_eq!(
        findings[0].location.attribute.as_deref(),
        Some("mirrors[0]")
    );
    assert!(findings[0]
        .message
        .contains("https://icr.io/dpod/<repository>"));
    assert!(findings[1].message.contains("https://m.example/prefix/v2/"));
}

#[test]
fn skip_fallback_makes_the_last_mirror_the_location() {
    let r = Registry {
        namespace: "registry.k8s.io".into(),
        mirrors: vec![
            mirror("https://a.example", &[]),
            mirror("http://b.example:80", &[]),
        ],
        skip_fallback: true,
        ..Registry::default()
    };
    let (text, _, _) = conf(&[r]);
    assert_eq!(
        tables(&text),
        [(
            "registry.k8s.io".into(),
            "b.example:80".into(),
            true,
            false,
            vec![("a.example".into(), false, String::new())]
        )]
    );
}

#[test]
fn upstream_server_loopback_and_underscore_namespace() {
    let regs = [
        Registry {
            namespace: "myreg.example_5000_".into(),
            server: Some("https://other.example:8443".into()),
            ..Registry::default()
        },
        Registry {
            namespace: "127.0.0.1:5000".into(),
            ..Registry::default()
        },
        Registry {
            namespace: "plain.example".into(),
            server: Some("http://plain.example".into()),
            ..Registry::default()
        },
    ];
    let (text, _, findings) = conf(&regs);
    assert!(findings.is_empty(), "{findings:?}");
    let t = tables(&text);
    assert_eq!(t[0].0, "myreg.example:5000");
    assert_eq!(t[0].1, "other.example:8443");
    assert!(!t[0].2);
    assert_eq!((t[1].1.as_str(), t[1].2), ("127.0.0.1:5000", true));
    assert_eq!((t[2].1.as_str(), t[2].2), ("plain.example", true));
}

const CA: &str = "-----BEGIN CERTIFICATE-----\nMIIBAA==\n-----END CERTIFICATE-----\n";
const KEY: &str = "-----BEGIN PRIVATE KEY-----\nMIIBAQ==\n-----END PRIVATE KEY-----\n";

#[test]
fn certs_d_per_host_keys_private_and_conflicts() {
    let cache = Mirror {
        ca: vec![
            CertSource::Inline(CA.into()),
            CertSource::Inline(CA.replace("AA", "AB")),
        ],
        client: Some(ClientPair {
            cert: CertSource::Inline(format!("{CA}{KEY}")),
            key: CertSource::Inline(format!("{CA}{KEY}")),
        }),
        ..mirror("https://cache.example:8443/v2/docker.io", &[])
    };
    let hub = Registry {
        namespace: "docker.io".into(),
        mirrors: vec![cache.clone()],
        ..Registry::default()
    };
    let (_, files, findings) = conf(std::slice::from_ref(&hub));
    assert!(findings.is_empty(), "{findings:?}");
    let listing: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f.path.as_str(), f.permissions.as_str()))
        .collect();
    assert_eq!(
        listing,
        [
            (
                "/etc/containers/certs.d/cache.example:8443/ca-2.crt",
                "0644"
            ),
            ("/etc/containers/certs.d/cache.example:8443/ca.crt", "0644"),
            (
                "/etc/containers/certs.d/cache.example:8443/client.cert",
                "0644"
            ),
            (
                "/etc/containers/certs.d/cache.example:8443/client.key",
                "0600"
            ),
            (REGISTRIES_CONF_DROP_IN, "0644"),
        ]
    );
    let content = |name: &str| {
        let f = files.iter().find(|f| f.path.ends_with(name)).unwrap();
        String::from_utf8(f.content.clone()).unwrap()
    };
    assert_eq!(content("/ca.crt"), CA);
    assert_eq!(
        content("client.cert"),
        CA,
        "the key is split off the certificate"
    );
    assert_eq!(content("client.key"), KEY);

    // Another namespace through the same host with the same files: one directory; with
    // another CA: an error, since there is one directory per host.
    let same = Registry {
        namespace: "quay.io".into(),
        ..hub.clone()
    };
    assert!(conf(&[hub.clone(), same]).2.is_empty());
    let other = Registry {
        namespace: "quay.io".into(),
        mirrors: vec![Mirror {
            ca: vec![CertSource::Inline(CA.replace("AA", "CC"))],
            ..cache
        }],
        ..Registry::default()
    };
    let (_, _, findings) = conf(&[hub, other]);
    assert!(findings.has_errors());
    assert!(findings[0].message.contains("cache.example:8443"));
}

#[test]
fn node_paths_are_found_among_the_node_files_or_warned_about() {
    let r = Registry {
        namespace: "r.example".into(),
        ca: vec![
            CertSource::Path("/etc/containerd/certs/r.crt".into()),
            CertSource::Path("ca.crt".into()),
            CertSource::Path("/somewhere/else.crt".into()),
        ],
        ..Registry::default()
    };
    let node = |path: &str| NodeFile {
        path: path.into(),
        content: CA.as_bytes().to_vec(),
        permissions: "0644".into(),
        owner: "root:root".into(),
    };
    let node_files = [
        node("/etc/containerd/certs/r.crt"),
        node("/etc/containerd/certs.d/r.example/ca.crt"),
    ];
    let (files, findings) = containers_files(&[r], &node_files, REGISTRIES_CONF);
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/etc/containers/certs.d/r.example/ca-2.crt",
            "/etc/containers/certs.d/r.example/ca.crt",
            REGISTRIES_CONF
        ]
    );
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].location.attribute.as_deref(), Some("ca[2]"));
    assert!(findings[0].message.contains("/somewhere/else.crt"));
}

#[test]
fn what_registries_conf_cannot_hold_is_a_warning_without_secrets() {
    let mut header = std::collections::BTreeMap::new();
    header.insert("X-Token".to_string(), vec!["t".to_string()]);
    let regs = [
        Registry {
            namespace: "_default".into(),
            mirrors: vec![mirror("https://m.example", &[])],
            ..Registry::default()
        },
        Registry {
            namespace: "r.example".into(),
            header,
            credentials: Some(Credentials {
                username: "user".into(),
                password: "hunter2".into(),
                mode: CredentialsMode::default(),
            }),
            mirrors: vec![Mirror {
                dial_timeout: Some("3s".into()),
                ..mirror("https://m.example", &[])
            }],
            ..Registry::default()
        },
    ];
    let (text, _, findings) = conf(&regs);
    assert_eq!(tables(&text).len(), 1, "_default has no table");
    let at: Vec<(Option<&str>, Option<&str>)> = findings
        .iter()
        .map(|f| {
            (
                f.location.namespace.as_deref(),
                f.location.attribute.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        at,
        [
            (Some("_default"), None),
            (Some("r.example"), Some("header")),
            (Some("r.example"), Some("mirrors[0].dial_timeout")),
            (Some("r.example"), Some("credentials")),
        ]
    );
    assert!(findings.iter().all(|f| f.severity == Severity::Warning));
    assert!(findings.iter().all(|f| !f.message.contains("hunter2")));
    assert!(findings[3].message.contains("docker_config_json"));
}

#[test]
fn a_host_entry_for_the_upstream_is_the_upstream_not_a_mirror() {
    // Seed 004's hand-written hosts.toml read back: server and one [host] for the same URL,
    // the CA on the host entry.
    let r = Registry {
        namespace: "docker-registry:5000".into(),
        server: Some("https://docker-registry:5000".into()),
        mirrors: vec![Mirror {
            ca: vec![CertSource::Inline(CA.into())],
            ..mirror(
                "https://docker-registry:5000",
                &[Capability::Pull, Capability::Resolve, Capability::Push],
            )
        }],
        ..Registry::default()
    };
    let (text, files, findings) = conf(&[r]);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(
        tables(&text),
        [(
            "docker-registry:5000".into(),
            "docker-registry:5000".into(),
            false,
            false,
            vec![]
        )]
    );
    assert_eq!(
        files[0].path,
        "/etc/containers/certs.d/docker-registry:5000/ca.crt"
    );
}
