//! Ignition judges the `ignition` format. `scripts/install-ignition` builds Ignition v2.24.0
//! from the Go module proxy; the test calls it (a warm run builds nothing).
//!
//! - The provider's own `ignition` output (the `registries_from_config_toml` example, through the
//!   first Terraform core found) passes `ignition-validate` and `ignition-apply`.
//! - `ignition-validate` accepts the config, plain and gzip-compressed, without a warning; the
//!   same config broken in one place (a file mode, a URL, a path, the spec version) must fail.
//! - Ignition's own engine (`ignition-apply --root DIR`, the fetch-offline, disks, mount and
//!   files stages Flatcar and Fedora CoreOS run in their initramfs) writes the config into a
//!   directory: every node file with its bytes, mode and owner, the unit and its preset. The
//!   script the unit starts then runs against that directory (paths moved into it, `systemctl`
//!   recorded by a stand-in): it sets `config_path` in containerd 1.6.20's default config.toml
//!   and restarts containerd. Control: a config.toml with `registry.mirrors` is refused, left
//!   as it was, containerd is not restarted, and the message names the migration function.
//!   `systemd-analyze verify` (Debian's systemd) reads the unit without a complaint; a typo in
//!   it must make it complain.

#[allow(dead_code)]
#[path = "acceptance/provider.rs"]
mod provider;
#[path = "../src/domain/containerd_config/systemctl_stand_in.rs"]
mod systemctl_stand_in;
#[allow(dead_code)]
#[path = "acceptance/terraform.rs"]
mod terraform;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output as ProcessOutput};
use std::sync::OnceLock;

use base64::Engine as _;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use serde_json::Value;
use systemctl_stand_in::SystemctlStandIn;
use terraform_provider_containerd::domain::bootstrap::{
    NodeSetup, Options, Output, OutputFormat, FORMATS,
};
use terraform_provider_containerd::domain::node_files::NodeFile;
use terraform_provider_containerd::domain::registry::versions::default_containerd_version;
use terraform_provider_containerd::domain::registry::{
    render_registries, scs_preset, CertSource, ClientPair, ConfigMode, Credentials,
    CredentialsMode, Registry, RenderOptions,
};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `target/tools/bin/NAME` after scripts/install-ignition ran once.
fn tool(name: &str) -> PathBuf {
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    let root = repo_root();
    let installed = INSTALLED.get_or_init(|| {
        let out = Command::new(root.join("scripts/install-ignition"))
            .output()
            .map_err(|e| format!("cannot run scripts/install-ignition: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    });
    if let Err(e) = installed {
        panic!("scripts/install-ignition failed (Ignition is built with Go from the Go module proxy):\n{e}");
    }
    root.join("target/tools/bin").join(name)
}

fn ignition_format() -> &'static dyn OutputFormat {
    *FORMATS
        .iter()
        .find(|f| f.name() == "ignition")
        .expect("the ignition format is registered")
}

fn ca_pem() -> String {
    let key = KeyPair::generate().expect("key");
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params
        .distinguished_name
        .push(DnType::CommonName, "ignition test CA");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.self_signed(&key).expect("self-signed").pem()
}

fn client_pair() -> ClientPair {
    let key = KeyPair::generate().expect("key");
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params
        .distinguished_name
        .push(DnType::CommonName, "ignition test node");
    let cert = params.self_signed(&key).expect("self-signed").pem();
    ClientPair {
        cert: CertSource::Inline(cert),
        key: CertSource::Inline(key.serialize_pem()),
    }
}

/// SCS's docker.io mirror and a private registry with its CA, a client certificate and
/// config.toml credentials: hosts files, certificates, a key and a command with a secret.
fn node_setup() -> (Vec<NodeFile>, Vec<Vec<String>>) {
    let private = Registry {
        namespace: "registry.example:5000".into(),
        ca: vec![CertSource::Inline(ca_pem())],
        client: Some(client_pair()),
        credentials: Some(Credentials {
            username: "node".into(),
            password: "s3cret'pass".into(),
            mode: CredentialsMode::ConfigTomlAuth,
        }),
        ..Default::default()
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let rendered = render_registries(
        &[scs_preset("docker.io").expect("preset"), private],
        &RenderOptions {
            version: default_containerd_version(),
            now_unix: now,
        },
        ConfigMode::AppendEdit,
    );
    assert!(!rendered.problems.has_errors(), "{:?}", rendered.problems);
    assert!(
        rendered.files.iter().any(|f| f.permissions == "0600"),
        "the scenario must hold a key"
    );
    (rendered.files, rendered.commands)
}

fn render(files: &[NodeFile], commands: &[Vec<String>], gzip: bool) -> String {
    let options = Options {
        gzip,
        ..Default::default()
    };
    let (output, problems) = ignition_format().render(NodeSetup::new(files, commands), &options);
    assert!(problems.is_empty(), "{problems:?}");
    match output {
        Output::Document(text) => text,
        other => panic!("ignition renders a document, got {other:?}"),
    }
}

fn run(mut command: Command) -> ProcessOutput {
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"))
}

fn describe(out: &ProcessOutput) -> String {
    format!(
        "exit {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn validate(dir: &Path, name: &str, config: &str) -> ProcessOutput {
    let path = dir.join(name);
    std::fs::write(&path, config).expect("write config");
    let mut command = Command::new(tool("ignition-validate"));
    command.arg(&path);
    run(command)
}

#[test]
fn ignition_validate_accepts_the_config_and_rejects_it_broken() {
    let dir = tempfile::tempdir().expect("tmp");
    let (files, commands) = node_setup();
    for gzip in [false, true] {
        let config = render(&files, &commands, gzip);
        let out = validate(dir.path(), "node.ign", &config);
        assert!(
            out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(),
            "gzip={gzip}: ignition-validate must accept the config without a warning: {}\n{config}",
            describe(&out)
        );
    }
    let config: Value = serde_json::from_str(&render(&files, &commands, false)).expect("JSON");
    type Break = fn(&mut Value);
    let broken: [(&str, &str, Break); 4] = [
        ("a mode beyond 07777", "illegal file mode", |c| {
            c["storage"]["files"][0]["mode"] = 0o20000.into()
        }),
        ("an unsupported URL scheme", "invalid url scheme", |c| {
            c["storage"]["files"][0]["contents"]["source"] = "bogus://node/file".into()
        }),
        ("a relative path", "path not absolute", |c| {
            c["storage"]["files"][0]["path"] = "etc/containerd/x".into()
        }),
        (
            "an unknown spec version",
            "unsupported config version",
            |c| c["ignition"]["version"] = "9.9.9".into(),
        ),
    ];
    for (what, reason, break_it) in broken {
        let mut config = config.clone();
        break_it(&mut config);
        let out = validate(dir.path(), "broken.ign", &config.to_string());
        assert!(
            !out.status.success() && describe(&out).contains(reason),
            "negative control: ignition-validate must reject {what} ({reason:?}), but: {}",
            describe(&out)
        );
    }
}

/// `ignition-apply --root root config`: Ignition's files stage writing into `root`.
fn ignition_apply(root: &Path, config: &str) -> ProcessOutput {
    // User and group names are looked up in the target root.
    std::fs::create_dir_all(root.join("etc")).expect("mkdir");
    std::fs::write(root.join("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n").expect("passwd");
    std::fs::write(root.join("etc/group"), "root:x:0:\n").expect("group");
    let path = root.with_extension("ign");
    std::fs::write(&path, config).expect("write config");
    let mut command = Command::new(tool("ignition-apply"));
    // ignition-apply refuses to run outside what it takes for a container.
    command
        .env("container", "test")
        .arg("--root")
        .arg(root)
        .arg(&path);
    run(command)
}

fn written(root: &Path, path: &str) -> PathBuf {
    root.join(path.trim_start_matches('/'))
}

/// Runs the script the unit starts, with /etc/containerd moved under `root`; returns the
/// process output and the recorded systemctl calls.
fn run_unit_script(root: &Path) -> (ProcessOutput, Vec<String>) {
    let unit = std::fs::read_to_string(written(
        root,
        "/etc/systemd/system/containerd-registry-config.service",
    ))
    .expect("the unit was written");
    let script_path = unit
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart=/bin/sh "))
        .expect("ExecStart runs a script with /bin/sh");
    let script = std::fs::read_to_string(written(root, script_path)).expect("the unit's script");
    let moved = format!("{}/etc/containerd", root.display());
    let script = script.replace("/etc/containerd", &moved);
    let scratch = tempfile::tempdir().expect("tmp");
    let systemctl = SystemctlStandIn::new(scratch.path()).expect("systemctl stand-in");
    let mut command = Command::new("sh");
    command.arg("-c").arg(script).envs(systemctl.env());
    (run(command), systemctl.calls())
}

fn systemd_analyze_verify(unit: &Path) -> ProcessOutput {
    let mut command = Command::new("systemd-analyze");
    command.arg("verify").arg(unit);
    command.output().unwrap_or_else(|e| {
        panic!("systemd-analyze (Debian's systemd) is needed to check the unit: {e}")
    })
}

#[test]
fn ignitions_files_stage_writes_every_file_and_the_unit_enables_config_path() {
    let dir = tempfile::tempdir().expect("tmp");
    let (files, commands) = node_setup();
    for gzip in [false, true] {
        let root = dir.path().join(if gzip { "gzip" } else { "plain" });
        let out = ignition_apply(&root, &render(&files, &commands, gzip));
        assert!(out.status.success(), "ignition-apply: {}", describe(&out));
        for file in &files {
            let on_disk = written(&root, &file.path);
            let bytes = std::fs::read(&on_disk)
                .unwrap_or_else(|e| panic!("{} was not written: {e}", file.path));
            assert_eq!(bytes, file.content, "{}: content", file.path);
            let meta = std::fs::metadata(&on_disk).expect("stat");
            assert_eq!(
                format!("{:04o}", meta.permissions().mode() & 0o7777),
                file.permissions,
                "{}: mode",
                file.path
            );
            assert_eq!((meta.uid(), meta.gid()), (0, 0), "{}: owner", file.path);
        }
        let preset = std::fs::read_to_string(written(
            &root,
            "/etc/systemd/system-preset/20-ignition.preset",
        ))
        .expect("Ignition writes a preset for enabled units");
        assert!(
            preset
                .lines()
                .any(|l| l == "enable containerd-registry-config.service"),
            "{preset}"
        );
        let script_meta =
            std::fs::metadata(written(&root, "/etc/containerd/registry-config.sh")).expect("stat");
        assert_eq!(script_meta.permissions().mode() & 0o777, 0o700);
    }

    // systemd's own parser reads the unit without a complaint; the same unit with a typo in
    // `Type=` makes it complain.
    let unit = written(
        &dir.path().join("plain"),
        "/etc/systemd/system/containerd-registry-config.service",
    );
    let out = systemd_analyze_verify(&unit);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "systemd-analyze verify: {}",
        describe(&out)
    );
    let typo = dir.path().join("typo/containerd-registry-config.service");
    std::fs::create_dir_all(typo.parent().expect("parent")).expect("mkdir");
    let text = std::fs::read_to_string(&unit).expect("unit");
    std::fs::write(&typo, text.replace("Type=oneshot", "Type=oneshoot")).expect("write");
    let out = systemd_analyze_verify(&typo);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("oneshoot"),
        "negative control: systemd-analyze must complain about Type=oneshoot: {}",
        describe(&out)
    );

    // The unit's script on containerd 1.6.20's default config.toml.
    let root = dir.path().join("plain");
    let config_toml = root.join("etc/containerd/config.toml");
    let default = std::fs::read_to_string(
        repo_root().join("src/domain/containerd_config/default-1.6.20.toml"),
    )
    .expect("default config");
    std::fs::write(&config_toml, &default).expect("write config.toml");
    let (out, calls) = run_unit_script(&root);
    assert!(
        out.status.success(),
        "the unit's script: {}",
        describe(&out)
    );
    let edited: toml_edit::DocumentMut = std::fs::read_to_string(&config_toml)
        .expect("config.toml")
        .parse()
        .expect("config.toml stays TOML");
    let registry = &edited["plugins"]["io.containerd.grpc.v1.cri"]["registry"];
    let want = format!("{}/etc/containerd/certs.d", root.display());
    assert_eq!(registry["config_path"].as_str(), Some(want.as_str()));
    let auth = &registry["configs"]["registry.example:5000"]["auth"];
    assert_eq!(auth["password"].as_str(), Some("s3cret'pass"));
    assert_eq!(calls, ["restart containerd"], "containerd restarted once");

    // Control: config.toml mirrors cannot be combined with config_path.
    let with_mirrors = format!(
        "{default}\n[plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors.\"docker.io\"]\n  endpoint = [\"https://mirror.example\"]\n"
    );
    std::fs::write(&config_toml, &with_mirrors).expect("write config.toml");
    let (out, calls) = run_unit_script(&root);
    assert!(
        !out.status.success(),
        "negative control: the script must refuse a config.toml with mirrors: {}",
        describe(&out)
    );
    assert!(
        calls.is_empty(),
        "containerd must not be restarted: {calls:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&config_toml).expect("config.toml"),
        with_mirrors,
        "a refused config.toml stays as it was"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("registries_from_config_toml"),
        "the refusal points to the migration function: {stderr}"
    );
}

/// The data URLs decode to the node files (what Ignition's fetcher reads is what the files
/// output holds).
#[test]
fn data_urls_hold_the_node_files() {
    let (files, commands) = node_setup();
    let config: Value = serde_json::from_str(&render(&files, &commands, false)).expect("JSON");
    let entries = config["storage"]["files"].as_array().expect("files");
    assert_eq!(entries.len(), files.len() + 1, "every file plus the script");
    for file in &files {
        let entry = entries
            .iter()
            .find(|e| e["path"] == file.path.as_str())
            .unwrap_or_else(|| panic!("{} missing", file.path));
        let source = entry["contents"]["source"].as_str().expect("source");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(source.trim_start_matches("data:;base64,"))
            .expect("base64");
        assert_eq!(bytes, file.content, "{}", file.path);
    }
}

/// The `ignition` attribute as Terraform gets it from the provider, for the function's doc
/// example (Giant Swarm's config.toml migrated, `formats = ["files", "ignition"]`).
#[test]
fn the_providers_ignition_output_passes_ignition() {
    let core = &terraform::cores().unwrap_or_else(|e| panic!("{e}"))[0];
    let dir = tempfile::tempdir().expect("tmp");
    let work = dir.path().join("tf");
    std::fs::create_dir_all(&work).expect("mkdir");
    std::fs::copy(
        repo_root().join("examples/functions/registries_from_config_toml/function.tf"),
        work.join("example.tf"),
    )
    .expect("copy the example");
    std::fs::write(
        work.join("main.tf"),
        format!(
            "terraform {{\n  required_providers {{\n    containerd = {{\n      source = \"{}\"\n    }}\n  }}\n}}\n",
            provider::ADDRESS
        ),
    )
    .expect("main.tf");
    let cli_config = dir.path().join("cli.tfrc");
    provider::write_dev_overrides_config(&cli_config).expect("cli config");
    let logs = dir.path().join("logs");
    std::fs::create_dir_all(&logs).expect("mkdir");
    let mut session = terraform::Session::new(core, work, logs, false);
    session.use_cli_config(&cli_config);
    let (_, outputs) = session
        .apply_and_outputs()
        .unwrap_or_else(|e| panic!("{e}"));
    let config = outputs["ignition"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("no ignition output: {outputs}"));
    let out = validate(dir.path(), "provider.ign", config);
    assert!(
        out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(),
        "ignition-validate: {}\n{config}",
        describe(&out)
    );
    let root = dir.path().join("root");
    let out = ignition_apply(&root, config);
    assert!(out.status.success(), "ignition-apply: {}", describe(&out));
    let hosts = std::fs::read_to_string(written(
        &root,
        "/etc/containerd/certs.d/docker.io/hosts.toml",
    ))
    .expect("hosts.toml written");
    assert!(
        hosts.contains("[host.\"https://giantswarm.azurecr.io\"]"),
        "{hosts}"
    );
    let script = std::fs::read_to_string(written(&root, "/etc/containerd/registry-config.sh"))
        .expect("the script");
    assert!(
        script.contains("registry-1.docker.io") && script.contains("systemctl restart containerd"),
        "the script writes Docker Hub's credentials and restarts containerd:\n{script}"
    );
}
