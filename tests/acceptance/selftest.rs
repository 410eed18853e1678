//! Tests of the harness itself: each check must be able to fail. The lifecycle ones run real
//! cores on configurations that use only Terraform's built-in provider, so they work even when
//! the provider under test is broken.

use std::path::Path;

use crate::cloud_init;
use crate::provider::parse_reattach_line;
use crate::scenario::{
    check_unknown_at_plan, diagnostics_text, run_one, subset_mismatches, Scenario, Variant,
};
use crate::terraform;

const VALID_CC: &str = "#cloud-config\nwrite_files:\n  - path: /etc/containerd/certs.d/docker.io/hosts.toml\n    owner: root:root\n    permissions: \"0644\"\n    content: |\n      server = \"https://registry-1.docker.io\"\nruncmd:\n  - [systemctl, restart, containerd]\n";

/// Writes files into a fresh scenario directory and loads it.
fn scenario(name: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, Scenario) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let s = Scenario::load(name, &dir).unwrap();
    (tmp, s)
}

/// Runs the scenario with every core; returns each core's result.
fn with_each_core(s: &Scenario) -> Vec<(String, Result<String, String>)> {
    let cores = terraform::cores().unwrap_or_else(|e| panic!("{e}"));
    cores
        .iter()
        .map(|c| (c.label.clone(), run_one(s, c, Variant::AUTO_MTLS)))
        .collect()
}

fn main_tf(cloud_config: &str, extra: &str) -> String {
    format!(
        "resource \"terraform_data\" \"p\" {{\n  input = \"x\"\n}}\n\
         output \"cloud_config\" {{\n  value = {}\n}}\n{extra}",
        serde_json::to_string(cloud_config).unwrap()
    )
}

#[test]
fn harness_passes_a_good_scenario() {
    let tf = main_tf(
        VALID_CC,
        "output \"n\" {\n  value = { a = 1, b = [\"x\", \"y\"] }\n}\n",
    );
    let (_t, s) = scenario(
        "selftest_good",
        &[
            ("main.tf", &tf),
            ("expect.json", r#"{"n": {"b": ["x", "y"]}}"#),
        ],
    );
    for (core, r) in with_each_core(&s) {
        if let Err(e) = r {
            panic!("{core}: a good scenario failed:\n{e}");
        }
    }
}

#[test]
fn harness_fails_a_false_precondition() {
    let extra = "output \"checked\" {\n  value = 1\n  precondition {\n    condition     = terraform_data.p.output == \"y\"\n    error_message = \"selftest precondition fired\"\n  }\n}\n";
    let (_t, s) = scenario(
        "selftest_precondition",
        &[("main.tf", &main_tf(VALID_CC, extra))],
    );
    for (core, r) in with_each_core(&s) {
        let e = r.expect_err(&format!("{core}: a false precondition passed"));
        assert!(e.contains("selftest precondition fired"), "{core}: {e}");
    }
}

#[test]
fn harness_fails_an_expect_json_mismatch() {
    let tf = main_tf(VALID_CC, "output \"n\" {\n  value = [\"a\", \"b\"]\n}\n");
    let (_t, s) = scenario(
        "selftest_expect",
        &[("main.tf", &tf), ("expect.json", r#"{"n": ["b", "a"]}"#)],
    );
    for (core, r) in with_each_core(&s) {
        let e = r.expect_err(&format!("{core}: a wrong expect.json passed"));
        assert!(e.contains("n[0]: expected \"b\", got \"a\""), "{core}: {e}");
    }
}

#[test]
fn harness_fails_an_invalid_cloud_config() {
    let bad = "#cloud-config\nwrite_files:\n  - path: /x\n    permision: \"0644\"\n";
    let (_t, s) = scenario("selftest_badcc", &[("main.tf", &main_tf(bad, ""))]);
    for (core, r) in with_each_core(&s) {
        let e = r.expect_err(&format!("{core}: an invalid cloud-config passed"));
        assert!(e.contains("cloud-init schema"), "{core}: {e}");
        assert!(e.contains("permision"), "{core}: {e}");
    }
}

#[test]
fn harness_fails_an_unstable_second_plan() {
    // A new value on every run (uuid() is unknown until apply): the second plan is not empty.
    let tf = main_tf(VALID_CC, "output \"fresh\" {\n  value = uuid()\n}\n");
    let (_t, s) = scenario(
        "selftest_unstable",
        &[("main.tf", &tf), ("expect_unknown_at_plan.txt", "fresh\n")],
    );
    for (core, r) in with_each_core(&s) {
        let e = r.expect_err(&format!("{core}: an unstable plan passed"));
        assert!(e.contains("second plan to be empty"), "{core}: {e}");
    }
}

#[test]
fn harness_checks_unknown_outputs_at_plan() {
    // terraform_data's output is unknown until apply; the scenario says it must be known.
    let tf = main_tf(
        VALID_CC,
        "output \"late\" {\n  value = terraform_data.p.output\n}\n",
    );
    let (_t, s) = scenario("selftest_unknown", &[("main.tf", &tf)]);
    for (core, r) in with_each_core(&s) {
        let e = r.expect_err(&format!("{core}: an unexpectedly unknown output passed"));
        assert!(
            e.contains("output \"late\" is unknown in the first plan"),
            "{core}: {e}"
        );
    }
    let (_t, s) = scenario(
        "selftest_unknown_ok",
        &[("main.tf", &tf), ("expect_unknown_at_plan.txt", "late\n")],
    );
    for (core, r) in with_each_core(&s) {
        if let Err(e) = r {
            panic!("{core}: a declared-unknown output failed:\n{e}");
        }
    }
}

#[test]
fn harness_expect_error_matches_and_mismatches() {
    let tf = "output \"cloud_config\" {\n  value = file(\"./files/selftest-missing.example\")\n}\n";
    let (_t, s) = scenario(
        "selftest_error",
        &[
            ("main.tf", tf),
            (
                "expect_error.txt",
                "# comment\nselftest-missing\\.example\n(?i)no file exists\n",
            ),
        ],
    );
    for (core, r) in with_each_core(&s) {
        if let Err(e) = r {
            panic!("{core}: a matching expect_error scenario failed:\n{e}");
        }
    }
    let (_t, s) = scenario(
        "selftest_error_mismatch",
        &[("main.tf", tf), ("expect_error.txt", "capabilit\n")],
    );
    for (core, r) in with_each_core(&s) {
        let e = r.expect_err(&format!("{core}: a non-matching expect_error passed"));
        assert!(e.contains("does not match [\"capabilit\"]"), "{core}: {e}");
    }
    let (_t, s) = scenario(
        "selftest_error_but_ok",
        &[
            ("main.tf", &main_tf(VALID_CC, "")),
            ("expect_error.txt", "x\n"),
        ],
    );
    for (core, r) in with_each_core(&s) {
        let e = r.expect_err(&format!(
            "{core}: a plan that succeeded passed as an expected error"
        ));
        assert!(e.contains("plan to FAIL"), "{core}: {e}");
    }
}

#[test]
fn cloud_init_accepts_valid_and_rejects_invalid() {
    let tmp = tempfile::tempdir().unwrap();
    let f = |n: &str| tmp.path().join(n);
    cloud_init::validate(VALID_CC, &f("ok.yaml")).unwrap();
    let e = cloud_init::validate(
        "#cloud-config\nwrite_files:\n  - path: /x\n    permision: \"0644\"\n",
        &f("bad.yaml"),
    )
    .unwrap_err();
    assert!(e.contains("permision"), "{e}");
    let e = cloud_init::validate("write_files: []\n", &f("nohdr.yaml")).unwrap_err();
    assert!(e.contains("#cloud-config"), "{e}");
    let e = cloud_init::validate("#cloud-config\napt_update: true\n", &f("dep.yaml")).unwrap_err();
    assert!(e.contains("deprecat"), "{e}");
}

#[test]
fn finds_at_least_one_core() {
    let cores = terraform::cores().unwrap_or_else(|e| panic!("{e}"));
    assert!(!cores.is_empty());
    for c in cores {
        eprintln!("Terraform core: {}", c.label);
    }
    if terraform::ci() {
        for (file, what) in terraform::INSTALLED_CORES {
            let path = terraform::tools_bin().join(file);
            assert!(
                cores.iter().any(|c| c.path == path),
                "CI=true: {what} ({}) must be among the cores: {cores:?}",
                path.display()
            );
        }
        assert!(
            cores.iter().filter(|c| c.tofu).count() >= 2,
            "CI=true: both OpenTofu releases must be among the cores: {cores:?}"
        );
    }
}

#[test]
fn diagnostics_text_drops_core_snippets_and_unwraps() {
    let stderr = "\nError: Invalid hosts file\n\n  with data.containerd_registry_files.this,\n  on main.tf line 18, in data \"containerd_registry_files\" \"this\":\n  18:   hosts = local.hosts\n    ├────────────────\n    │ local.hosts is set of string with 1 element\n\n./files/containerd/docker.io: line 4: unknown capability \"pul\" in\ncapabilities\n";
    let t = diagnostics_text(stderr);
    assert_eq!(
        t,
        "Error: Invalid hosts file ./files/containerd/docker.io: line 4: unknown capability \"pul\" in capabilities"
    );
    let boxed = "╷\n│ Error: x\n│\n│   on main.tf line 3:\n│    3: a = 1\n│\n│ line 4 of y\n╵\n";
    assert_eq!(diagnostics_text(boxed), "Error: x line 4 of y");
    // The provider's own wrapped words are kept even when they look like a snippet line.
    let wrapped = "\nError: Invalid hosts file\n\nunknown capability \"pul\"\nwith data.x,\non ./files/containerd/docker.io line 4:\n4: capabilities\n";
    assert_eq!(
        diagnostics_text(wrapped),
        "Error: Invalid hosts file unknown capability \"pul\" with data.x, on ./files/containerd/docker.io line 4: 4: capabilities"
    );
}

#[test]
fn subset_match() {
    let v = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
    let mut p = Vec::new();
    subset_mismatches(
        &v(r#"{"a":[{"x":1}]}"#),
        &v(r#"{"a":[{"x":1,"y":2}],"b":3}"#),
        "o",
        &mut p,
    );
    assert!(p.is_empty(), "{p:?}");
    subset_mismatches(
        &v(r#"{"a":[{"x":1}]}"#),
        &v(r#"{"a":[{"x":2}]}"#),
        "o",
        &mut p,
    );
    subset_mismatches(&v(r#"[1]"#), &v(r#"[1,2]"#), "o", &mut p);
    subset_mismatches(&v(r#"{"z":1}"#), &v(r#"{}"#), "o", &mut p);
    assert_eq!(p.len(), 3, "{p:?}");
}

#[test]
fn unknown_at_plan_check() {
    let v = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
    let plan = v(
        r#"{"output_changes":{"a":{"after":null,"after_unknown":true},"b":{"after":[1],"after_unknown":[false]}}}"#,
    );
    assert!(check_unknown_at_plan(&plan, &["a".into()]).is_empty());
    assert_eq!(check_unknown_at_plan(&plan, &[]).len(), 1);
    assert_eq!(
        check_unknown_at_plan(&plan, &["a".into(), "b".into()]).len(),
        1
    );
    assert_eq!(
        check_unknown_at_plan(&plan, &["a".into(), "c".into()]).len(),
        1
    );
}

#[test]
fn reattach_line_parsing() {
    let json = r#"{"registry.terraform.io/kaas-tools/containerd":{"Protocol":"grpc","ProtocolVersion":6,"Pid":1,"Test":true,"Addr":{"Network":"unix","String":"/tmp/p"}}}"#;
    for line in [
        format!("TF_REATTACH_PROVIDERS='{json}'"),
        format!("\tTF_REATTACH_PROVIDERS='{json}'"),
        format!("export TF_REATTACH_PROVIDERS='{json}'"),
        format!("TF_REATTACH_PROVIDERS={json}"),
    ] {
        assert_eq!(parse_reattach_line(&line).as_deref(), Some(json), "{line}");
    }
    assert_eq!(
        parse_reattach_line("Provider started. To attach Terraform CLI, set"),
        None
    );
    assert_eq!(
        parse_reattach_line("TF_REATTACH_PROVIDERS='not json'"),
        None
    );
}

#[test]
fn scenario_files_load() {
    for name in crate::scenario::scenario_dirs() {
        let dir = crate::scenario::acceptance_dir().join(&name);
        let s = Scenario::load(&name, &dir).unwrap_or_else(|e| panic!("{e}"));
        let main_tf = std::fs::read_to_string(Path::new(&dir).join("main.tf")).unwrap();
        assert!(
            s.expect_error.is_some() || main_tf.contains("precondition"),
            "{name}: a success scenario must assert in main.tf (output preconditions)"
        );
        assert!(
            main_tf.contains("registry.terraform.io/kaas-tools/containerd"),
            "{name}: main.tf must require the provider by its full address (so tofu and terraform agree)"
        );
    }
}
