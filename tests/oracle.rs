//! containerd's own host resolution judges the provider's hosts.toml files.
//!
//! `scripts/install-oracle` builds `target/tools/bin/hosts-oracle-<release>` once per containerd
//! release; each links that release's `remotes/docker/config` (1.x) or
//! `core/remotes/docker/config` (2.x) and prints, for a hosts directory and a registry host, the
//! ordered endpoints containerd would use (scheme, host, path, capabilities, headers, TLS, dial
//! timeout, https-before-http fallback), or the error it logs when it refuses a hosts.toml.
//!
//! - **Differential**: every generated `registries` input (mirrors, paths, ports, localhost, IPs,
//!   `_default`, `*`, upstream-equal endpoints, credentials-only entries, `skip_fallback`) is
//!   rendered for each release; the files go into a hosts directory and containerd's answer must
//!   equal what the provider's model (`parsed_form`) says it meant, read by containerd's
//!   documented rules (`expected_endpoints`). Some cases also pin the answer literally.
//! - **Parser**: every hand-written hosts file of the scenarios and examples, plus files the
//!   validator must judge exactly like containerd, go through the release's real parser: a file
//!   the provider accepts for that release must load, and a file containerd refuses must be an
//!   error at plan.

mod oracle {
    pub mod cases;
    pub mod expect;
    pub mod run;
}

use oracle::run::oracle_releases;

#[test]
fn containerd_resolves_what_the_provider_meant() {
    let releases = oracle_releases();
    let mut failures = Vec::new();
    for release in &releases {
        for case in oracle::cases::all() {
            if let Err(e) = oracle::run::check_case(release, &case) {
                failures.push(format!("[containerd {}] {}: {e}", release.name, case.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreement(s):\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_validator_judges_hand_written_files_like_containerds_parser() {
    let releases = oracle_releases();
    let mut failures = Vec::new();
    for release in &releases {
        failures.extend(oracle::run::check_hand_written(release));
    }
    failures.extend(oracle::run::check_unpinned(&releases));
    let resolved = oracle::run::RESOLVED.load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        resolved >= 4 * releases.len(),
        "only {resolved} hand-written files were resolved"
    );
    assert!(
        failures.is_empty(),
        "{} disagreement(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_oracle_can_fail() {
    // Negative control: a hosts.toml with an unknown capability is refused by every release, and
    // a mirror really shows up as an endpoint (so an empty answer cannot pass the tests above).
    for release in &oracle_releases() {
        let name = &release.name;
        let refused = release.load(
            "server = \"https://r.test\"\n[host.\"https://m.test\"]\n  capabilities = [\"pull\", \"fly\"]\n",
        );
        assert!(
            refused.decode_error.contains("unknown capability"),
            "containerd {name} accepted an unknown capability: {refused:?}"
        );
        let accepted = release.load(
            "server = \"https://r.test\"\n[host.\"https://m.test\"]\n  capabilities = [\"pull\"]\n",
        );
        assert!(accepted.decode_error.is_empty(), "{accepted:?}");
        let hosts: Vec<&str> = accepted.endpoints.iter().map(|e| e.host.as_str()).collect();
        assert_eq!(hosts, ["m.test", "r.test"], "containerd {name}");
    }
}

#[test]
fn a_duplicate_endpoint_is_refused_because_containerd_would_try_it_twice() {
    use terraform_provider_containerd::domain::registry::{
        render_registry, Mirror, Registry, RenderOptions,
    };
    // Two spellings of one endpoint: containerd keeps both keys and tries the host twice.
    let text = "server = \"https://r.test\"\n\n[host.\"https://m.test\"]\n  capabilities = [\"pull\"]\n\n[host.\"https://m.test/v2\"]\n  capabilities = [\"pull\"]\n";
    for release in &oracle_releases() {
        let answer = release.load(text);
        let hosts: Vec<&str> = answer.endpoints.iter().map(|e| e.host.as_str()).collect();
        assert_eq!(
            hosts,
            ["m.test", "m.test", "r.test"],
            "containerd {}",
            release.name
        );
        let registry = Registry {
            namespace: "r.test".into(),
            mirrors: vec![
                Mirror::new("https://m.test"),
                Mirror::new("https://m.test/v2"),
            ],
            ..Registry::default()
        };
        let options = RenderOptions {
            version: release.version,
            now_unix: 0,
        };
        let rendered = render_registry(&registry, &options);
        assert!(
            rendered
                .problems
                .iter()
                .any(
                    |p| p.location.attribute.as_deref() == Some("mirrors[1].url")
                        && p.message.contains("listed twice")
                ),
            "{:?}",
            rendered.problems
        );
    }
}
