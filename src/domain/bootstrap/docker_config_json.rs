//! The registries' credentials as a Docker `config.json` auth document: the
//! `.dockerconfigjson` key of a Kubernetes `kubernetes.io/dockerconfigjson` Secret (what
//! `kubectl create secret docker-registry` writes), also an auth file for containers/image
//! (containers-auth.json(5): `--authfile`, `REGISTRY_AUTH_FILE`, CRI-O's `global_auth_file`) and
//! `~/.docker/config.json`.
//!
//! Keys: an entry's own credentials are keyed by its namespace's reference host
//! (`docker-registry:5000`, `docker.io`), which is what kubelet matches an image reference
//! against; a mirror's credentials by the mirror's `host[:port]`, where clients that look
//! credentials up per mirror (containers/image) find them. Each entry holds `username`,
//! `password` and `auth` (base64 of `username:password`).

use std::collections::BTreeMap;

use base64::Engine;
use serde_json::{json, Map, Value};

use super::{NodeSetup, Options, Output, OutputFormat, Shape};
use crate::domain::namespace::{canonical_namespace, DEFAULT_NAMESPACE};
use crate::domain::registry::normalize::{
    default_server, is_upstream, namespace_host, normalize_url,
};
use crate::domain::registry::{Credentials, Registry};
use crate::domain::{Finding, Findings, Location};

const SUMMARY: &str = "Registry credentials note for the pull secret";

/// The `docker_config_json` format.
pub struct DockerConfigJson;

impl OutputFormat for DockerConfigJson {
    fn name(&self) -> &'static str {
        "docker_config_json"
    }

    fn description(&self) -> &'static str {
        "The registries' credentials as a Docker config JSON document \
         (`{\"auths\":{\"<host>\":{\"username\",\"password\",\"auth\"}}}`): the \
         `.dockerconfigjson` of a Kubernetes `kubernetes.io/dockerconfigjson` image pull \
         secret, as `kubectl create secret docker-registry` makes it; also an auth file for \
         skopeo and Podman (`--authfile`) and CRI-O (`global_auth_file`). An entry's \
         `credentials` are keyed by its namespace's host, a mirror's by the mirror's \
         `host[:port]`. `{\"auths\":{}}` without credentials."
    }

    fn shape(&self) -> Shape {
        Shape::Document
    }

    fn reads_registries(&self) -> bool {
        true
    }

    fn render(&self, setup: NodeSetup, _: &Options) -> (Output, Findings) {
        let mut findings = setup.registries_findings(self.name());
        let (document, more) = docker_config_json(setup.registries);
        findings.extend(more);
        (Output::Document(document), findings)
    }
}

/// The auth document, compact JSON with sorted keys (`{"auths":{}}` without credentials).
/// Two entries giving different credentials for one host is an error: an auth file holds one
/// set per host.
pub fn docker_config_json(registries: &[Registry]) -> (String, Findings) {
    let mut findings = Findings::new();
    // (host, credentials, namespace, attribute) in input order.
    let mut given: Vec<(String, &Credentials, &str, String)> = Vec::new();
    for registry in registries {
        if let Some(credentials) = &registry.credentials {
            if canonical_namespace(&registry.namespace) == DEFAULT_NAMESPACE {
                findings.push(
                    Finding::warning(
                        Location::registry(&registry.namespace, "credentials"),
                        "an auth file names each registry; credentials for _default are not \
                         written to it",
                    )
                    .with_summary(SUMMARY),
                );
            } else {
                let host = namespace_host(&registry.namespace);
                given.push((host, credentials, &registry.namespace, String::new()));
            }
        }
        let server = match &registry.server {
            Some(raw) => normalize_url(raw).ok(),
            None => default_server(&registry.namespace).and_then(|s| normalize_url(&s).ok()),
        };
        for (i, mirror) in registry.mirrors.iter().enumerate() {
            if let (Some(credentials), Ok(url)) = (&mirror.credentials, normalize_url(&mirror.url))
            {
                // A host entry for the upstream itself: what clients name is the namespace.
                let host = if is_upstream(&url, &registry.namespace, server.as_ref()) {
                    namespace_host(&registry.namespace)
                } else {
                    url.host
                };
                given.push((host, credentials, &registry.namespace, format!("mirrors[{i}]")));
            }
        }
    }
    // host → (credentials, where they came from)
    let mut auths: BTreeMap<String, (&Credentials, String)> = BTreeMap::new();
    for (host, credentials, namespace, attribute) in given {
        match auths.get(&host) {
            Some((existing, _)) if same(existing, credentials) => {}
            Some((_, first)) => findings.push(
                Finding::error(
                    Location::registry(namespace, &at(&attribute)),
                    format!(
                        "{first} already gives other credentials for {host}; an auth file \
                         holds one set per host"
                    ),
                )
                .with_summary(SUMMARY),
            ),
            None => {
                let origin = if attribute.is_empty() {
                    format!("registries[\"{namespace}\"]")
                } else {
                    format!("registries[\"{namespace}\"].{attribute}")
                };
                auths.insert(host, (credentials, origin));
            }
        }
    }
    let mut entries = Map::new();
    for (host, (credentials, _)) in auths {
        let pair = format!("{}:{}", credentials.username, credentials.password);
        entries.insert(
            host,
            json!({
                "username": credentials.username,
                "password": credentials.password,
                "auth": base64::engine::general_purpose::STANDARD.encode(pair),
            }),
        );
    }
    let document = json!({ "auths": Value::Object(entries) });
    (document.to_string(), findings)
}

fn same(a: &Credentials, b: &Credentials) -> bool {
    a.username == b.username && a.password == b.password
}

fn at(attribute: &str) -> String {
    if attribute.is_empty() {
        "credentials".to_string()
    } else {
        format!("{attribute}.credentials")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::registry::{CredentialsMode, Mirror};

    fn creds(user: &str, pass: &str) -> Credentials {
        Credentials {
            username: user.into(),
            password: pass.into(),
            mode: CredentialsMode::default(),
        }
    }

    #[test]
    fn seed_004_secret() {
        // Seed 004's `kubectl create secret docker-registry --docker-server=docker-registry:5000`
        // with myuser/mypass, base64-decoded.
        let registry = Registry {
            namespace: "docker-registry:5000".into(),
            credentials: Some(creds("myuser", "mypass")),
            ..Registry::default()
        };
        let (json, findings) = docker_config_json(&[registry]);
        assert!(findings.is_empty(), "{findings:?}");
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            v,
            serde_json::from_str::<Value>(
                r#"{"auths":{"docker-registry:5000":{"username":"myuser","password":"mypass","auth":"bXl1c2VyOm15cGFzcw=="}}}"#
            )
            .unwrap()
        );
    }

    #[test]
    fn mirror_credentials_by_mirror_host_and_conflicts() {
        let mut mirror = Mirror::new("https://cache.example:8443/v2/docker.io");
        mirror.credentials = Some(creds("robot", "s3cret"));
        let hub = Registry {
            namespace: "docker.io".into(),
            mirrors: vec![mirror.clone()],
            ..Registry::default()
        };
        let mut other = mirror.clone();
        other.credentials = Some(creds("robot", "different"));
        let ghcr = Registry {
            namespace: "ghcr.io".into(),
            mirrors: vec![other],
            ..Registry::default()
        };
        let (json, findings) = docker_config_json(std::slice::from_ref(&hub));
        assert!(findings.is_empty());
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["auths"]["cache.example:8443"]["username"], "robot");
        assert_eq!(v["auths"].as_object().unwrap().len(), 1);

        let (_, findings) = docker_config_json(&[hub.clone(), ghcr]);
        assert!(findings.has_errors());
        assert!(findings[0].message.contains("cache.example:8443"));
        assert!(!findings[0].message.contains("different"), "no secrets in messages");
        // The same credentials twice are one entry, not a conflict.
        let again = Registry {
            namespace: "quay.io".into(),
            ..hub.clone()
        };
        assert!(docker_config_json(&[hub, again]).1.is_empty());
    }

    #[test]
    fn a_host_entry_for_the_upstream_is_keyed_by_the_namespace() {
        let mut entry = Mirror::new("https://registry-1.docker.io");
        entry.credentials = Some(creds("hub-user", "hub-pass"));
        let hub = Registry {
            namespace: "docker.io".into(),
            mirrors: vec![entry],
            ..Registry::default()
        };
        let (json, findings) = docker_config_json(&[hub]);
        assert!(findings.is_empty(), "{findings:?}");
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["auths"]["docker.io"]["username"], "hub-user", "{json}");
    }

    #[test]
    fn no_credentials_is_an_empty_document_and_default_is_a_warning() {
        assert_eq!(docker_config_json(&[]).0, r#"{"auths":{}}"#);
        let default = Registry {
            namespace: "_default".into(),
            credentials: Some(creds("a", "b")),
            ..Registry::default()
        };
        let (json, findings) = docker_config_json(&[default]);
        assert_eq!(json, r#"{"auths":{}}"#);
        assert_eq!(findings.len(), 1);
        assert!(!findings.has_errors());
    }
}
