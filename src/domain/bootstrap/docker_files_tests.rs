use super::*;
use crate::domain::registry::{Capability, CertSource, Mirror};
use crate::domain::Severity;

const CA: &str = "-----BEGIN CERTIFICATE-----\nMIIBAA==\n-----END CERTIFICATE-----\n";

fn daemon(files: &[NodeFile]) -> Option<Value> {
    files
        .iter()
        .find(|f| f.path == DAEMON_JSON)
        .map(|f| serde_json::from_slice(&f.content).expect("JSON"))
}

#[test]
fn docker_hub_mirrors_and_insecure_registries() {
    let hub = Registry {
        namespace: "docker.io".into(),
        mirrors: vec![
            Mirror::new("https://mirror.gcr.io"),
            Mirror::new("http://10.0.0.1:5000"),
            Mirror::new("https://cache.example/v2/docker.io"),
            Mirror {
                capabilities: vec![Capability::Pull],
                ..Mirror::new("https://digests.example")
            },
        ],
        ..Registry::default()
    };
    let (files, findings) = docker_files(&[hub], &[]);
    assert_eq!(
        daemon(&files),
        Some(serde_json::json!({
            "registry-mirrors": ["https://mirror.gcr.io", "http://10.0.0.1:5000"],
            "insecure-registries": ["10.0.0.1:5000"],
        }))
    );
    let at: Vec<Option<&str>> = findings.iter().map(|f| f.location.attribute.as_deref()).collect();
    assert_eq!(at, [Some("mirrors[2]"), Some("mirrors[3].capabilities")]);
    assert!(findings.iter().all(|f| f.severity == Severity::Warning));
}

#[test]
fn a_mirror_of_another_namespace_is_a_warning_that_says_why() {
    let ghcr = Registry {
        namespace: "ghcr.io".into(),
        mirrors: vec![Mirror::new("https://ghcr-cache.example")],
        ..Registry::default()
    };
    let (files, findings) = docker_files(&[ghcr], &[]);
    assert_eq!(daemon(&files), None, "no daemon.json without anything for it");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].severity, Severity::Warning);
    assert_eq!(findings[0].location.attribute.as_deref(), Some("mirrors"));
    assert!(findings[0].message.contains("Docker Hub (docker.io) only"));
    assert!(findings[0].message.contains("https://ghcr-cache.example"));
}

#[test]
fn seed_004_private_registry_ca() {
    // Seed 004: /etc/docker/certs.d/docker-registry:5000/ca.crt holds the registry's
    // self-signed certificate.
    let private = Registry {
        namespace: "docker-registry:5000".into(),
        ca: vec![CertSource::Inline(CA.into())],
        ..Registry::default()
    };
    let (files, findings) = docker_files(&[private], &[]);
    assert!(findings.is_empty(), "{findings:?}");
    let listing: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f.path.as_str(), f.permissions.as_str()))
        .collect();
    assert_eq!(listing, [("/etc/docker/certs.d/docker-registry:5000/ca.crt", "0644")]);
    assert_eq!(files[0].content, CA.as_bytes());
}

#[test]
fn docker_contacts_the_reference_host_not_the_server() {
    let r = Registry {
        namespace: "r.example:5000".into(),
        server: Some("https://backend.example:8443".into()),
        ca: vec![CertSource::Inline(CA.into())],
        skip_fallback: true,
        ..Registry::default()
    };
    let (files, findings) = docker_files(&[r], &[]);
    assert_eq!(files[0].path, "/etc/docker/certs.d/r.example:5000/ca.crt");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].location.attribute.as_deref(), Some("server"));
    assert!(findings[0].message.contains("https://backend.example:8443 is not used"));
}

#[test]
fn skip_fallback_on_docker_hub_is_a_warning() {
    let hub = Registry {
        namespace: "docker.io".into(),
        mirrors: vec![Mirror::new("https://mirror.gcr.io")],
        skip_fallback: true,
        ..Registry::default()
    };
    let (_, findings) = docker_files(&[hub], &[]);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].location.attribute.as_deref(), Some("skip_fallback"));
}
