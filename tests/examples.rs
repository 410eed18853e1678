//! Every example under `examples/` runs through the real Terraform cores with the provider
//! cargo built, by the acceptance harness (`tests/acceptance/*.rs`): `init`, `plan`, `apply`, a
//! second plan that must be empty, `output -json` (every `#cloud-config` through
//! `cloud-init schema -c`), `destroy`. The examples must be `terraform fmt`-clean, and a few
//! outputs get checks of their own (the KubeadmConfigTemplate manifest; the multipart user data
//! booted by cloud-init itself: its user-data processor merges the parts, then write_files and
//! runcmd run in a private mount namespace).
//!
//! The examples under `examples/data-sources/`, `examples/resources/` and
//! `examples/functions/` are the snippets the docs show (`tfplugin6::docs`); they have no
//! `terraform` block, so each runs with one added.

#[allow(dead_code)]
#[path = "acceptance/cloud_init.rs"]
mod cloud_init;
#[path = "acceptance/cloud_init_boot.rs"]
mod cloud_init_boot;
#[allow(dead_code)]
#[path = "acceptance/provider.rs"]
mod provider;
#[allow(dead_code)]
#[path = "acceptance/scenario.rs"]
mod scenario;
#[allow(dead_code)]
#[path = "acceptance/terraform.rs"]
mod terraform;

use scenario::{run_one, Scenario, Variant};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use terraform::{Core, Session};

fn examples_dir() -> PathBuf {
    terraform::repo_root().join("examples")
}

/// The directories of the surface snippets the docs use.
const DOC_EXAMPLE_DIRS: &[&str] = &["data-sources", "resources", "functions"];

/// `examples/provider/provider.tf`, the provider page's example (a complete configuration).
const PROVIDER_EXAMPLE: &str = "provider";

/// The config.toml program the provider writes next to the registry files; `runcmd` calls it.
const PROGRAM: &str = "/etc/containerd/enable-config-path.sh";

/// SCS's five proxy-cache files, selected the way SCS documents it.
const SCS_FIVE: &str = r#"{"hosts":["./files/containerd/docker.io","./files/containerd/ghcr.io","./files/containerd/quay.io","./files/containerd/registry.gitlab.com","./files/containerd/registry.k8s.io"]}"#;

fn example(name: &str, env: &[(&str, &str)], expect: Value) -> Scenario {
    let dir = examples_dir().join(name);
    assert!(
        dir.join("main.tf").is_file(),
        "examples/{name}/main.tf does not exist"
    );
    Scenario {
        name: name.to_string(),
        dir,
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        expect: expect.as_object().cloned(),
        expect_error: None,
        unknown_at_plan: Vec::new(),
    }
}

/// The harness's whole lifecycle with every core.
fn run_on_all_cores(scenario: &Scenario) {
    let cores = terraform::cores().unwrap_or_else(|e| panic!("{e}"));
    cloud_init::cloud_init().unwrap_or_else(|e| panic!("{e}"));
    let failures: Vec<String> = cores
        .iter()
        .filter_map(|core| match run_one(scenario, core, Variant::AUTO_MTLS) {
            Ok(transcript) => {
                eprintln!(
                    "ok: example {} with {}\n{transcript}",
                    scenario.name, core.label
                );
                None
            }
            Err(e) => Some(format!(
                "===== example {} FAILED with {} =====\n{e}",
                scenario.name, core.label
            )),
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cores failed example {} (TF_ACC_KEEP=1 keeps the temp directories):\n\n{}",
        failures.len(),
        cores.len(),
        scenario.name,
        failures.join("\n\n")
    );
}

/// A session of `core` in a copy of `dir` with the built provider through dev_overrides.
fn session<'a>(
    core: &'a Core,
    dir: &Path,
    env: &[(&str, &str)],
) -> (tempfile::TempDir, Session<'a>) {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    let logs = tmp.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    copy_tree(dir, &work);
    let cli = tmp.path().join("cli.tfrc");
    provider::write_dev_overrides_config(&cli).unwrap();
    let mut s = Session::new(core, work, logs, false);
    s.use_cli_config(&cli);
    s.env
        .extend(env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    (tmp, s)
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let n = name.to_string_lossy();
        if n == ".terraform" || n.starts_with("terraform.tfstate") || n == ".terraform.lock.hcl" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// Applies an example with the first core and returns `output -json`; destroys afterwards.
fn outputs(name: &str, env: &[(&str, &str)]) -> serde_json::Map<String, Value> {
    let cores = terraform::cores().unwrap_or_else(|e| panic!("{e}"));
    outputs_with(&cores[0], name, env)
}

/// Applies an example with `core` and returns `output -json`; destroys afterwards.
fn outputs_with(core: &Core, name: &str, env: &[(&str, &str)]) -> serde_json::Map<String, Value> {
    let (_tmp, s) = session(core, &examples_dir().join(name), env);
    // init fails before Terraform 1.15 with dev_overrides; apply does not need it.
    let _ = s.run(&["init", "-input=false", "-no-color"]);
    let apply = s.run(&["apply", "-input=false", "-no-color", "-auto-approve"]);
    assert_eq!(apply.code, Some(0), "{}", apply.describe());
    let out = s.run(&["output", "-json", "-no-color"]);
    assert_eq!(out.code, Some(0), "{}", out.describe());
    let destroy = s.run(&["destroy", "-input=false", "-no-color", "-auto-approve"]);
    assert_eq!(destroy.code, Some(0), "{}", destroy.describe());
    let v: serde_json::Map<String, Value> = serde_json::from_str(&out.stdout).unwrap();
    v.into_iter()
        .map(|(k, v)| (k, v["value"].clone()))
        .collect()
}

fn hosts_file(name: &str, registry: &str) -> String {
    std::fs::read_to_string(
        examples_dir()
            .join(name)
            .join("files/containerd")
            .join(registry),
    )
    .unwrap()
}

#[test]
fn scs_default() {
    run_on_all_cores(&example(
        "scs-default",
        &[],
        json!({
            "files": [{
                "path": "/etc/containerd/certs.d/docker.io/hosts.toml",
                "permissions": "0644",
                "owner": "root:root",
                "content": hosts_file("scs-default", "docker.io"),
            }, {
                "path": PROGRAM,
                "permissions": "0644",
                "owner": "root:root",
            }],
        }),
    ));
}

#[test]
fn scs_proxy_cache_all_five() {
    let paths: Vec<String> = [
        "docker.io",
        "ghcr.io",
        "quay.io",
        "registry.gitlab.com",
        "registry.k8s.io",
    ]
    .iter()
    .map(|r| format!("/etc/containerd/certs.d/{r}/hosts.toml"))
    .chain([PROGRAM.to_string()])
    .collect();
    run_on_all_cores(&example(
        "scs-proxy-cache",
        &[("TF_VAR_containerd_registry_files", SCS_FIVE)],
        json!({ "paths": paths }),
    ));
}

#[test]
fn scs_proxy_cache_defaults_to_docker_io() {
    run_on_all_cores(&example(
        "scs-proxy-cache",
        &[],
        json!({ "paths": ["/etc/containerd/certs.d/docker.io/hosts.toml", PROGRAM] }),
    ));
}

#[test]
fn private_registry_ca() {
    run_on_all_cores(&example(
        "private-registry-ca",
        &[],
        json!({
            "paths": [
                "/etc/containerd/certs.d/docker-registry:5000/hosts.toml",
                "/etc/containerd/certs/docker-registry.crt",
                PROGRAM,
            ],
        }),
    ));
}

#[test]
fn other_runtimes_mirror() {
    run_on_all_cores(&example(
        "other-runtimes-mirror",
        &[],
        json!({
            "containers_paths": ["/etc/containers/registries.conf.d/50-containerd-registry-files.conf"],
            "docker_daemon_json": { "registry-mirrors": ["https://mirror.gcr.io"] },
        }),
    ));
}

#[test]
fn private_registry_pull_secret() {
    run_on_all_cores(&example(
        "private-registry-pull-secret",
        &[],
        json!({
            "docker_paths": ["/etc/docker/certs.d/docker-registry:5000/ca.crt"],
            "containers_paths": [
                "/etc/containers/certs.d/docker-registry:5000/ca.crt",
                "/etc/containers/registries.conf.d/50-containerd-registry-files.conf",
            ],
            "pull_secret": { "auths": { "docker-registry:5000": {
                "username": "myuser", "password": "mypass", "auth": "bXl1c2VyOm15cGFzcw==",
            } } },
        }),
    ));
}

#[test]
fn giant_swarm_credentials() {
    let out = outputs("giant-swarm-credentials", &[]);
    let hosts = out["hosts_toml"].as_str().expect("hosts_toml is a string");
    assert!(
        hosts.contains("[host.\"https://giantswarm.azurecr.io\"]"),
        "{hosts}"
    );
    assert!(
        !hosts.contains("acr-token"),
        "config.toml credentials must stay out of hosts.toml"
    );
    let cloud_config = out["cloud_config"].as_str().expect("cloud_config");
    assert!(cloud_config.contains("\"giantswarm.azurecr.io\"\t\"giantswarm\"\t\"acr-token\""));
    run_on_all_cores(&example("giant-swarm-credentials", &[], json!({})));
}

#[test]
fn gardener_mirror() {
    run_on_all_cores(&example(
        "gardener-mirror",
        &[],
        json!({
            "paths": [
                "/etc/containerd/certs.d/docker.io/hosts.toml",
                "/etc/containerd/certs/docker.io/public-mirror.example.com-ca.crt",
                PROGRAM,
            ],
        }),
    ));
}

#[test]
fn scs_presets_match_the_shipped_files() {
    let out = outputs("scs-presets", &[]);
    let cloud_config = out["cloud_config"].as_str().expect("cloud_config");
    for name in [
        "docker.io",
        "ghcr.io",
        "quay.io",
        "registry.gitlab.com",
        "registry.k8s.io",
    ] {
        let shipped = hosts_file("scs-proxy-cache", name);
        let indented: String = shipped
            .lines()
            .map(|l| {
                if l.is_empty() {
                    "\n".to_string()
                } else {
                    format!("      {l}\n")
                }
            })
            .collect();
        assert!(
            cloud_config.contains(&indented),
            "{name}: the preset's hosts.toml differs from SCS's shipped file:\n{shipped}\n---\n{cloud_config}"
        );
    }
    run_on_all_cores(&example("scs-presets", &[], json!({})));
}

#[test]
fn kubeadm_config_template() {
    run_on_all_cores(&example("kubeadm-config-template", &[], json!({})));
}

#[test]
fn kubeadm_config_template_manifest() {
    let out = outputs("kubeadm-config-template", &[]);
    let manifest = out["kubeadm_config_template"].as_str().expect("a string");
    let docs = yaml_rust2::YamlLoader::load_from_str(manifest).expect("valid YAML");
    let doc = &docs[0];
    assert_eq!(
        doc["kind"].as_str(),
        Some("KubeadmConfigTemplate"),
        "{manifest}"
    );
    assert_eq!(
        doc["apiVersion"].as_str(),
        Some("bootstrap.cluster.x-k8s.io/v1beta1")
    );
    let spec = &doc["spec"]["template"]["spec"];
    let files = spec["files"].as_vec().expect("files list");
    assert_eq!(files.len(), 2, "the hosts file and the program: {manifest}");
    assert_eq!(files[1]["path"].as_str(), Some(PROGRAM));
    assert_eq!(files[1]["encoding"].as_str(), Some("gzip+base64"));
    assert_eq!(
        files[0]["path"].as_str(),
        Some("/etc/containerd/certs.d/docker.io/hosts.toml")
    );
    assert_eq!(files[0]["owner"].as_str(), Some("root:root"));
    assert_eq!(files[0]["permissions"].as_str(), Some("0644"));
    assert_eq!(
        files[0]["content"].as_str(),
        Some(hosts_file("kubeadm-config-template", "docker.io").as_str())
    );
    assert!(
        files[0]["encoding"].is_badvalue(),
        "text needs no encoding: {manifest}"
    );
    // Every key is one Cluster API's KubeadmConfig files accept.
    for f in files {
        for (k, _) in f.as_hash().unwrap() {
            let k = k.as_str().unwrap();
            assert!(
                [
                    "path",
                    "owner",
                    "permissions",
                    "content",
                    "encoding",
                    "append"
                ]
                .contains(&k),
                "key {k} is not a KubeadmConfig files field"
            );
        }
    }

    // The preKubeadmCommands, read back by sh, are the cloud-config's runcmd argv lists.
    let commands: Vec<&str> = spec["preKubeadmCommands"]
        .as_vec()
        .expect("preKubeadmCommands")
        .iter()
        .map(|c| c.as_str().expect("a string command"))
        .collect();
    let cc = yaml_rust2::YamlLoader::load_from_str(out["cloud_config"].as_str().unwrap()).unwrap();
    let runcmd = cc[0]["runcmd"].as_vec().expect("runcmd");
    assert_eq!(commands.len(), runcmd.len());
    assert!(!commands.is_empty());
    for (command, argv) in commands.iter().zip(runcmd) {
        let want: Vec<&str> = argv
            .as_vec()
            .expect("argv list")
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        let got = Command::new("sh")
            .arg("-c")
            .arg("eval \"set -- $1\"; for a; do printf '%s\\0' \"$a\"; done")
            .arg("sh")
            .arg(command)
            .output()
            .unwrap();
        assert!(got.status.success());
        let got: Vec<String> = String::from_utf8(got.stdout)
            .unwrap()
            .split_terminator('\0')
            .map(String::from)
            .collect();
        assert_eq!(got, want, "sh reads {command:?} differently");
    }
}

#[test]
fn cloudinit_compose() {
    run_on_all_cores(&example("cloudinit-compose", &[], json!({})));
}

/// The merge settings the example's own part carries.
const MERGE_HOW: &str = "\"merge_how\": \"list(append)+dict(no_replace,recurse_list)+str()\"\n";

/// What a boot must show when both parts were merged, or (`merged` false) when the own part
/// replaced the provider's lists: the provider's hosts.toml files and its config.toml edit and
/// containerd restart, the own part's sysctl file and command.
fn check_boot(boot: &cloud_init_boot::Boot, merged: bool, what: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut want = |ok: bool, text: String| {
        if !ok {
            problems.push(format!("{what}: {text}"));
        }
    };
    for registry in ["docker.io", "ghcr.io"] {
        let path = format!("/etc/containerd/certs.d/{registry}/hosts.toml");
        let written = boot.file(&path);
        if merged {
            let shipped = hosts_file("cloudinit-compose", registry);
            want(
                written.as_deref() == Some(shipped.as_str()),
                format!("{path} should hold the provider's file, got {written:?}"),
            );
        } else {
            want(
                written.is_none(),
                format!("{path} should be missing (the own part replaced write_files)"),
            );
        }
    }
    let sysctl = boot.file("/etc/sysctl.d/90-inotify.conf");
    want(
        sysctl.as_deref() == Some("fs.inotify.max_user_instances = 8192\n"),
        format!("the own part's sysctl file: {sysctl:?}"),
    );
    let restarted = boot
        .calls
        .iter()
        .any(|c| c == "systemctl restart containerd");
    want(
        restarted == merged,
        format!(
            "the provider's `systemctl restart containerd` should {}run: calls {:?}",
            if merged { "" } else { "not " },
            boot.calls
        ),
    );
    let config = boot.file("/etc/containerd/config.toml").unwrap_or_default();
    want(
        config.contains("config_path = \"/etc/containerd/certs.d\"") == merged,
        format!("config.toml after runcmd (config_path set: {merged}):\n{config}"),
    );
    want(
        boot.calls.iter().any(|c| c == "sysctl --system"),
        format!(
            "the own part's `sysctl --system` did not run: {:?}",
            boot.calls
        ),
    );
    if !problems.is_empty() {
        problems.push(format!(
            "--- merged cloud-config ---\n{}\n--- runcmd ---\n{}",
            boot.merged,
            boot.runcmd.as_deref().unwrap_or("(none)")
        ));
    }
    problems
}

fn boot(user_data: &str) -> (tempfile::TempDir, cloud_init_boot::Boot) {
    let dir = tempfile::tempdir().unwrap();
    let boot = cloud_init_boot::boot(user_data, dir.path()).unwrap_or_else(|e| panic!("{e}"));
    (dir, boot)
}

/// The example's outputs (every core must render the same text) through cloud-init as a node
/// boots them: the multipart `user_data`, the two parts packed by `cloud-init devel make-mime`,
/// and the single document merged in HCL; as negative controls the same parts without the merge
/// settings (the provider's files and commands are lost); and the settings as an `X-Merge-Type`
/// header instead (what hashicorp/cloudinit writes for `merge_type`).
#[test]
fn cloudinit_compose_boots_with_cloud_init() {
    cloud_init::cloud_init().unwrap_or_else(|e| panic!("{e}"));
    let cores = terraform::cores().unwrap_or_else(|e| panic!("{e}"));
    let part = |out: &serde_json::Map<String, Value>, name: &str| -> String {
        out[name]
            .as_str()
            .unwrap_or_else(|| panic!("output {name}"))
            .to_string()
    };
    // Every core renders the same parts (so one boot judges them all), and each its own user_data.
    let mut renders: Vec<(String, [String; 4])> = Vec::new();
    for core in cores {
        let out = outputs_with(core, "cloudinit-compose", &[]);
        let user_data = part(&out, "user_data");
        assert_eq!(
            out["user_data_bytes"].as_u64(),
            Some(user_data.len() as u64)
        );
        let parts = [
            user_data,
            part(&out, "registry_part"),
            part(&out, "own_part"),
            part(&out, "cloud_config"),
        ];
        if let Some((first, p)) = renders.first() {
            assert!(
                *p == parts,
                "{} renders the example differently from {first}",
                core.label
            );
        }
        renders.push((core.label.clone(), parts));
    }
    let [user_data, registry_part, own_part, single] = &renders[0].1;
    assert!(own_part.contains(MERGE_HOW), "{own_part}");
    let own_unmerged = own_part.replace(MERGE_HOW, "");
    let tmp = tempfile::tempdir().unwrap();
    let packed = |parts: &[&str]| {
        cloud_init_boot::make_mime(parts, tmp.path()).unwrap_or_else(|e| panic!("{e}"))
    };
    let unmerged_mime = packed(&[registry_part, &own_unmerged]);
    let header_mime = with_merge_type_header(&unmerged_mime, 1);
    let cases = [
        ("user_data", user_data.clone(), true),
        (
            "user_data without merge_how",
            user_data.replace(MERGE_HOW, ""),
            false,
        ),
        ("make-mime", packed(&[registry_part, own_part]), true),
        ("make-mime without merge_how", unmerged_mime, false),
        ("make-mime with an X-Merge-Type header", header_mime, true),
        (
            "cloud_config, the parts merged in HCL",
            single.clone(),
            true,
        ),
    ];
    let mut problems = Vec::new();
    for (what, doc, merged) in cases {
        assert!(merged || doc != *user_data, "{what}: nothing removed");
        let (_dir, b) = boot(&doc);
        problems.extend(check_boot(&b, merged, what));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Adds `X-Merge-Type: list(append)+dict(no_replace,recurse_list)+str()` to the headers of part
/// `index` (0-based) of a make-mime document.
fn with_merge_type_header(mime: &str, index: usize) -> String {
    let marker = "Content-Type: text/cloud-config";
    let mut seen = 0;
    let mut out = String::new();
    for line in mime.split_inclusive('\n') {
        out.push_str(line);
        if line.starts_with(marker) {
            if seen == index {
                out.push_str("X-Merge-Type: list(append)+dict(no_replace,recurse_list)+str()\n");
            }
            seen += 1;
        }
    }
    assert!(seen > index, "no part {index} in:\n{mime}");
    out
}

/// The snippets in examples/{data-sources,resources,functions}/<name>/ that the docs show,
/// run with a `terraform` block added (as main.tf): the whole lifecycle when they render a cloud_config,
/// otherwise a plan that must succeed.
#[test]
fn doc_examples_run() {
    let cores = terraform::cores().unwrap_or_else(|e| panic!("{e}"));
    let mut ran = Vec::new();
    let mut failures = Vec::new();
    let mut dirs = vec![(
        PROVIDER_EXAMPLE.to_string(),
        examples_dir().join(PROVIDER_EXAMPLE),
    )];
    for kind in DOC_EXAMPLE_DIRS {
        let Ok(entries) = std::fs::read_dir(examples_dir().join(kind)) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        found.sort();
        dirs.extend(found.into_iter().map(|dir| {
            (
                format!("{kind}/{}", dir.file_name().unwrap().to_string_lossy()),
                dir,
            )
        }));
    }
    for (name, dir) in dirs {
        let tmp = tempfile::tempdir().unwrap();
        let copy = tmp.path().join("example");
        copy_tree(&dir, &copy);
        let tf_text = || -> String {
            std::fs::read_dir(&copy)
                .unwrap()
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "tf"))
                .map(|e| std::fs::read_to_string(e.path()).unwrap())
                .collect()
        };
        if !tf_text().contains("required_providers") {
            std::fs::write(
                    copy.join("main.tf"),
                    format!(
                        "terraform {{\n  required_providers {{\n    containerd = {{\n      source = \"{}\"\n    }}\n  }}\n}}\n",
                        provider::ADDRESS
                    ),
                )
                .unwrap();
        }
        let text = tf_text();
        for core in cores {
            let result = if text.contains("output \"cloud_config\"") {
                let s = Scenario::load(&name.replace('/', "-"), &copy).unwrap();
                run_one(&s, core, Variant::AUTO_MTLS).map(|_| ())
            } else {
                let (_t, s) = session(core, &copy, &[]);
                let _ = s.run(&["init", "-input=false", "-no-color"]);
                let plan = s.run(&["plan", "-input=false", "-no-color"]);
                if plan.code == Some(0) {
                    Ok(())
                } else {
                    Err(plan.describe())
                }
            };
            match result {
                Ok(()) => ran.push(format!("{name} with {}", core.label)),
                Err(e) => failures.push(format!("{name} with {}: {e}", core.label)),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        ran.iter().any(|r| r.starts_with("provider "))
            && ran
                .iter()
                .any(|r| r.starts_with("data-sources/containerd_registry_files ")),
        "the data source example did not run: {ran:?}"
    );
}

/// Each directory under examples/ (besides the doc snippets) has a test here.
#[test]
fn every_example_has_a_test() {
    const TESTED: &[&str] = &[
        "cloudinit-compose",
        "gardener-mirror",
        "giant-swarm-credentials",
        "kubeadm-config-template",
        "other-runtimes-mirror",
        "private-registry-ca",
        "private-registry-pull-secret",
        "scs-default",
        "scs-presets",
        "scs-proxy-cache",
    ];
    let mut dirs: Vec<String> = std::fs::read_dir(examples_dir())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !DOC_EXAMPLE_DIRS.contains(&n.as_str()) && n != PROVIDER_EXAMPLE)
        .collect();
    dirs.sort();
    assert_eq!(
        dirs, TESTED,
        "examples/ and the tests in tests/examples.rs disagree; add a test for a new example"
    );
    for d in &dirs {
        assert!(
            examples_dir().join(d).join("main.tf").is_file(),
            "examples/{d} has no main.tf"
        );
    }
}

/// `fmt -check -recursive` of every core accepts examples/ (and rejects a misformatted file,
/// so the check can fail).
#[test]
fn examples_are_terraform_fmt_clean() {
    let cores = terraform::cores().unwrap_or_else(|e| panic!("{e}"));
    let bad = tempfile::tempdir().unwrap();
    std::fs::write(
        bad.path().join("bad.tf"),
        "variable \"a\" {\ntype=string\n}\n",
    )
    .unwrap();
    for core in cores {
        let logs = tempfile::tempdir().unwrap();
        let s = Session::new(core, examples_dir(), logs.path().to_path_buf(), false);
        let run = s.run(&["fmt", "-check", "-recursive", "-diff", "-no-color"]);
        assert_eq!(
            run.code,
            Some(0),
            "examples/ is not fmt-clean for {} (run `terraform fmt -recursive examples`):\n{}",
            core.label,
            run.describe()
        );
        let s = Session::new(
            core,
            bad.path().to_path_buf(),
            logs.path().to_path_buf(),
            false,
        );
        let run = s.run(&["fmt", "-check", "-recursive"]);
        assert_ne!(
            run.code,
            Some(0),
            "{} fmt -check accepted a misformatted file",
            core.label
        );
    }
}
