//! Every example under `examples/` runs through the real Terraform cores with the provider
//! cargo built, by the acceptance harness (`tests/acceptance/*.rs`): `init`, `plan`, `apply`, a
//! second plan that must be empty, `output -json` (every `#cloud-config` through
//! `cloud-init schema -c`), `destroy`. The examples must be `terraform fmt`-clean, and a few
//! outputs get checks of their own (the KubeadmConfigTemplate manifest, the multipart user data
//! merged by cloud-init's own merger).
//!
//! The examples under `examples/data-sources/`, `examples/resources/` and
//! `examples/functions/` are the snippets the docs show (`tfplugin6::docs`); they have no
//! `terraform` block, so each runs with one added.

#[allow(dead_code)]
#[path = "acceptance/cloud_init.rs"]
mod cloud_init;
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
    s.env.push((
        "TF_CLI_CONFIG_FILE".into(),
        cli.to_string_lossy().into_owned(),
    ));
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

/// Applies an example with the newest core and returns `output -json`; destroys afterwards.
fn outputs(name: &str, env: &[(&str, &str)]) -> serde_json::Map<String, Value> {
    let cores = terraform::cores().unwrap_or_else(|e| panic!("{e}"));
    let core = cores.last().expect("a core");
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
        json!({ "paths": ["/etc/containerd/certs.d/docker.io/hosts.toml"] }),
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
            ],
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
    assert_eq!(files.len(), 1, "{manifest}");
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

/// cloud-init's own part handler merges the multipart user data: with the example's merge type
/// the provider's files and the own part's files are all written; with cloud-init's default
/// merge type the later part's write_files replaces the earlier one (why the merge type matters).
#[test]
fn cloudinit_compose_multipart_merges_with_cloud_init() {
    let out = outputs("cloudinit-compose", &[]);
    let user_data = out["user_data"].as_str().expect("user_data");
    assert_eq!(
        out["user_data_bytes"].as_u64(),
        Some(user_data.len() as u64)
    );
    let tmp = tempfile::tempdir().unwrap();

    let merged = cloud_init_merge(user_data, tmp.path());
    cloud_init::validate(&merged, &tmp.path().join("merged-check.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let doc = &yaml_rust2::YamlLoader::load_from_str(&merged).unwrap()[0];
    let paths: Vec<&str> = doc["write_files"]
        .as_vec()
        .expect("write_files")
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "/etc/containerd/certs.d/docker.io/hosts.toml",
            "/etc/containerd/certs.d/ghcr.io/hosts.toml",
            "/etc/sysctl.d/90-inotify.conf",
        ],
        "{merged}"
    );
    // The provider's one command (edit config.toml, then restart containerd) and ours.
    assert_eq!(doc["runcmd"].as_vec().map(Vec::len), Some(2), "{merged}");

    let without = user_data.replace(
        "X-Merge-Type: list(append)+dict(no_replace,recurse_list)+str()\n",
        "",
    );
    assert_ne!(without, user_data);
    let replaced = cloud_init_merge(&without, tmp.path());
    let doc = &yaml_rust2::YamlLoader::load_from_str(&replaced).unwrap()[0];
    assert_eq!(
        doc["write_files"].as_vec().map(Vec::len),
        Some(1),
        "with the default merge type the own part should replace the provider's files: {replaced}"
    );

    // The single merged document holds the same files.
    let single =
        &yaml_rust2::YamlLoader::load_from_str(out["cloud_config"].as_str().unwrap()).unwrap()[0];
    assert_eq!(single["write_files"].as_vec().map(Vec::len), Some(3));
}

/// Runs cloud-init's CloudConfigPartHandler over each part of a multipart document, as
/// cloud-init does at boot, and returns the merged cloud-config it writes.
fn cloud_init_merge(user_data: &str, dir: &Path) -> String {
    const SCRIPT: &str = r#"
import email, sys
from cloudinit import handlers
from cloudinit.handlers.cloud_config import CloudConfigPartHandler

class Paths:
    def get_ipath(self, name):
        return sys.argv[2]

handler = CloudConfigPartHandler(Paths())
message = email.message_from_string(open(sys.argv[1]).read())
handler.handle_part(None, handlers.CONTENT_START, None, None, None, None)
for i, part in enumerate(message.walk()):
    if part.is_multipart():
        continue
    assert part.get_content_type() == "text/cloud-config", part.get_content_type()
    payload = part.get_payload(decode=True).decode()
    handler.handle_part(None, "text/cloud-config", "part-%d" % i, payload, None, dict(part.items()))
handler.handle_part(None, handlers.CONTENT_END, None, None, None, None)
"#;
    let input = dir.join("user-data.mime");
    let output = dir.join("merged.yaml");
    std::fs::write(&input, user_data).unwrap();
    let _ = std::fs::remove_file(&output);
    let python = cloud_init_python();
    let run = Command::new(&python)
        .args(["-c", SCRIPT])
        .arg(&input)
        .arg(&output)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    assert!(
        run.status.success(),
        "cloud-init's merger failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_to_string(&output).expect("the handler wrote the merged cloud-config")
}

/// The Python that runs cloud-init (its script's shebang), which can import `cloudinit`.
fn cloud_init_python() -> String {
    let ci = cloud_init::cloud_init().unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(&ci).unwrap_or_default();
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("#!"))
        .map(|l| l.split_whitespace().next().unwrap_or("python3").to_string())
        .unwrap_or_else(|| "python3".into())
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
        "private-registry-ca",
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
