//! The registries model that formats for other runtimes (CRI-O, Docker, pull secrets,
//! Ignition) read: every registry as a [`Registry`], whether it was declared as data or
//! written by hand as a hosts.toml.

use crate::domain::hosts_toml::Rules;
use crate::domain::node_files::{InputKind, NodeFile, CERTS_D_DIR};
use crate::domain::registry::{parse_hosts_toml, Registry};
use crate::domain::{Finding, Findings, Location};

/// The registries model and what reading hand-written files back into it found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RegistriesModel {
    /// The structured registries in input order, then each hand-written hosts file that reads
    /// back, by namespace.
    pub registries: Vec<Registry>,
    /// Errors for hand-written files that cannot be read back, warnings for settings the
    /// model drops (see [`NodeSetup::registries_findings`](super::NodeSetup)).
    pub findings: Findings,
}

/// The model of `structured` plus every hosts.toml among `hand_written` (the node files
/// rendered from the `hosts` input), read back with [`parse_hosts_toml`] under `rules`.
///
/// A hand-written file that cannot be read back (for example a host with two client pairs,
/// which the structured form cannot hold) is left out of `registries` and gives an error
/// naming its node path; settings the structured form has no place for (root-level
/// `capabilities`, `override_path`, `dial_timeout`) give a warning. Findings the file's own
/// validation already reported are not repeated.
pub fn registries_model(
    structured: &[Registry],
    hand_written: &[NodeFile],
    rules: &Rules,
) -> RegistriesModel {
    let mut model = RegistriesModel {
        registries: structured.to_vec(),
        findings: Findings::new(),
    };
    for file in hand_written {
        let Some(namespace) = hosts_toml_namespace(&file.path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&file.content);
        let parsed = parse_hosts_toml(&text, namespace, rules);
        // The file's own validation findings were already reported while rendering the node
        // files; only what reading it back adds is new.
        let read_back = parsed.problems.iter().skip(parsed.validation_findings);
        model
            .findings
            .extend(read_back.map(|finding| about_file(finding, &file.path)));
        match parsed.registry {
            Some(registry) => model.registries.push(registry),
            None => model.findings.push(Finding::error(
                Location::file(InputKind::Hosts.attribute(), &file.path),
                format!(
                    "{} cannot be read back into registries; declare the namespace \
                     \"{namespace}\" in `registries` instead",
                    file.path
                ),
            )),
        }
    }
    model
}

/// `docker.io` for `/etc/containerd/certs.d/docker.io/hosts.toml`.
fn hosts_toml_namespace(path: &str) -> Option<&str> {
    let namespace = path
        .strip_prefix(CERTS_D_DIR)?
        .strip_prefix('/')?
        .strip_suffix("/hosts.toml")?;
    (!namespace.is_empty() && !namespace.contains('/')).then_some(namespace)
}

fn about_file(finding: &Finding, node_path: &str) -> Finding {
    let key = finding
        .location
        .key
        .as_ref()
        .map(|key| format!(", key {key}"))
        .unwrap_or_default();
    Finding::new(
        finding.severity,
        Location {
            key: finding.location.key.clone(),
            ..Location::file(InputKind::Hosts.attribute(), node_path)
        },
        format!(
            "{node_path}{key}, read back as registries: {}",
            finding.message
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::registry::Mirror;
    use crate::domain::Severity;

    fn hosts_file(namespace: &str, text: &str) -> NodeFile {
        NodeFile {
            path: format!("{CERTS_D_DIR}/{namespace}/hosts.toml"),
            content: text.as_bytes().to_vec(),
            permissions: "0644".into(),
            owner: "root:root".into(),
        }
    }

    #[test]
    fn structured_first_then_hand_written_files_read_back() {
        let structured = Registry {
            namespace: "ghcr.io".into(),
            mirrors: vec![Mirror::new("https://m.example")],
            ..Registry::default()
        };
        let files = [
            hosts_file(
                "docker.io",
                "server = \"https://registry-1.docker.io\"\n\n[host.\"https://registry.scs.community/v2/docker.io\"]\n  capabilities = [\"pull\"]\n  override_path = true\n",
            ),
            NodeFile {
                path: "/etc/containerd/certs/ca.pem".into(),
                ..hosts_file("x", "not toml")
            },
        ];
        let model = registries_model(std::slice::from_ref(&structured), &files, &Rules::default());
        assert!(model.findings.is_empty(), "{:?}", model.findings);
        assert_eq!(model.registries.len(), 2);
        assert_eq!(model.registries[0], structured);
        let docker = &model.registries[1];
        assert_eq!(docker.namespace, "docker.io");
        assert_eq!(
            docker.server.as_deref(),
            Some("https://registry-1.docker.io")
        );
        assert_eq!(
            docker.mirrors[0].url,
            "https://registry.scs.community/v2/docker.io"
        );
    }

    #[test]
    fn unreadable_file_is_an_error_and_dropped_settings_a_warning() {
        let two_clients = "[host.\"https://m.example\"]\n  client = [\"/etc/containerd/certs/a.pem\", \"/etc/containerd/certs/b.pem\"]\n";
        let root_override = "server = \"https://b.example\"\noverride_path = true\n\n[host.\"https://m.example\"]\n";
        let model = registries_model(
            &[],
            &[
                hosts_file("a.example", two_clients),
                hosts_file("b.example", root_override),
            ],
            &Rules::default(),
        );
        assert_eq!(model.registries.len(), 1, "{:?}", model.findings);
        assert_eq!(model.registries[0].namespace, "b.example");
        let errors: Vec<_> = model.findings.iter().filter(|f| f.is_error()).collect();
        assert!(
            errors.iter().any(|f| f
                .message
                .contains("a.example/hosts.toml cannot be read back")),
            "{errors:?}"
        );
        assert!(errors
            .iter()
            .all(|f| f.location.input == Some("hosts") && f.message.contains("a.example")));
        let warnings: Vec<_> = model
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0]
            .message
            .contains("b.example/hosts.toml, key override_path"));
    }

    #[test]
    fn validation_warnings_are_not_repeated() {
        // An unknown key is a validation warning: the `hosts` input reports it already.
        let text =
            "server = \"https://r.example\"\nunknown_key = 1\n\n[host.\"https://m.example\"]\n";
        assert!(
            !crate::domain::hosts_toml::validate(text, &Rules::default())
                .problems
                .is_empty()
        );
        let model = registries_model(&[], &[hosts_file("r.example", text)], &Rules::default());
        assert_eq!(model.registries.len(), 1, "{:?}", model.findings);
        assert!(model.findings.is_empty(), "{:?}", model.findings);
    }

    #[test]
    fn only_hosts_toml_paths_name_a_namespace() {
        assert_eq!(
            hosts_toml_namespace("/etc/containerd/certs.d/docker.io/hosts.toml"),
            Some("docker.io")
        );
        assert_eq!(hosts_toml_namespace("/etc/containerd/certs/ca.pem"), None);
        assert_eq!(
            hosts_toml_namespace("/etc/containerd/certs.d/a/b/hosts.toml"),
            None
        );
    }
}
