//! The README's installation instructions, followed as written, with every core: its complete
//! example (and `files/containerd/docker.io`), the `dev_overrides` block in `~/.terraformrc` or
//! `~/.tofurc` (HOME is a scratch directory; no TF_CLI_CONFIG_FILE), the unpacked filesystem
//! mirror with `init` and its lock file, and a `source` address with and without the host.

use std::path::PathBuf;

use crate::dirhash;
use crate::provider;
use crate::terraform::{cores, repo_root, Core, Run, Session};

fn readme() -> String {
    std::fs::read_to_string(repo_root().join("README.md")).expect("README.md")
}

/// The README's fenced code blocks of language `lang` (```lang … ```), in order.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in text.lines() {
        match open.take() {
            None => {
                if let Some(l) = line.strip_prefix("```") {
                    open = Some((l.trim().to_string(), String::new()));
                }
            }
            Some((l, body)) if line.trim_end() == "```" => {
                if l == lang {
                    out.push(body);
                }
            }
            Some((l, mut body)) => {
                body.push_str(line);
                body.push('\n');
                open = Some((l, body));
            }
        }
    }
    out
}

/// The one block of `lang` containing `needle`.
fn block_with(lang: &str, needle: &str) -> String {
    let found: Vec<String> = blocks(&readme(), lang)
        .into_iter()
        .filter(|b| b.contains(needle))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "README.md should have exactly one ```{lang} block with {needle:?}: {found:?}"
    );
    found.into_iter().next().unwrap()
}

/// The complete example: its configuration and its `files/containerd/docker.io`.
fn complete_example() -> (String, String) {
    let main_tf = block_with("hcl", "variable \"containerd_registry_files\"");
    let hosts = block_with("toml", "registry.scs.community");
    (main_tf, hosts)
}

/// The README's file name for the CLI configuration of this core.
fn cli_config_name(core: &Core) -> &'static str {
    if core.tofu {
        ".tofurc"
    } else {
        ".terraformrc"
    }
}

/// A user's machine: HOME with the CLI config, and the complete example as the working directory.
struct User<'c> {
    _tmp: tempfile::TempDir,
    session: Session<'c>,
}

impl<'c> User<'c> {
    fn new(core: &'c Core, cli_config: &str, main_tf: &str) -> User<'c> {
        Self::with_config_file(core, cli_config_name(core), cli_config, main_tf)
    }

    /// The CLI config in `~/<config_file>`.
    fn with_config_file(
        core: &'c Core,
        config_file: &str,
        cli_config: &str,
        main_tf: &str,
    ) -> User<'c> {
        let tmp = tempfile::Builder::new()
            .prefix("tfacc-readme-")
            .tempdir()
            .unwrap();
        let root = tmp.path().to_path_buf();
        let home = root.join("home");
        let work = root.join("work");
        let logs = root.join("logs");
        for d in [&home, &work.join("files/containerd"), &logs] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(home.join(config_file), cli_config).unwrap();
        std::fs::write(work.join("main.tf"), main_tf).unwrap();
        std::fs::write(
            work.join("files/containerd/docker.io"),
            complete_example().1,
        )
        .unwrap();
        let mut session = Session::new(core, work, logs, false);
        session
            .env
            .push(("HOME".into(), home.to_string_lossy().into_owned()));
        session.env.push((
            "XDG_CONFIG_HOME".into(),
            root.join("xdg").to_string_lossy().into_owned(),
        ));
        User { _tmp: tmp, session }
    }

    fn must(&self, args: &[&str], code: i32) -> Run {
        let run = self.session.run(args);
        assert_eq!(
            run.code,
            Some(code),
            "{}: README instructions, expected exit {code}\n{}",
            self.session.core.label,
            run.describe()
        );
        run
    }

    /// apply, an empty second plan, and the complete example's outputs.
    fn apply_and_check_outputs(&self) {
        self.must(&["apply", "-auto-approve", "-input=false", "-no-color"], 0);
        self.must(
            &["plan", "-detailed-exitcode", "-input=false", "-no-color"],
            0,
        );
        let out = self.must(&["output", "-json", "-no-color"], 0);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let user_data = v["user_data"]["value"].as_str().unwrap_or_default();
        assert!(
            user_data.starts_with("#cloud-config\n")
                && user_data.contains("path: /etc/containerd/certs.d/docker.io/hosts.toml")
                && user_data.contains("registry.scs.community/v2/docker.io"),
            "{}: user_data is not the rendered docker.io file:\n{user_data}",
            self.session.core.label
        );
        let trigger = v["rollout_trigger"]["value"].as_str().unwrap_or_default();
        assert!(
            trigger.len() == 64 && trigger.bytes().all(|b| b.is_ascii_hexdigit()),
            "rollout_trigger: {trigger:?}"
        );
    }
}

/// The README's dev_overrides block with its placeholder replaced by the built binary's directory.
fn dev_overrides_config() -> String {
    let block = block_with("hcl", "dev_overrides");
    let placeholder = "/path/to/terraform-provider-containerd/target/release";
    assert!(block.contains(placeholder), "{block}");
    let dir = provider::binary().parent().unwrap().to_path_buf();
    block.replace(placeholder, &dir.to_string_lossy())
}

#[test]
fn readme_dev_overrides_in_the_users_cli_config() {
    let (main_tf, _) = complete_example();
    assert!(main_tf.contains("source = \"registry.terraform.io/kaas-tools/containerd\""));
    for core in cores().unwrap_or_else(|e| panic!("{e}")) {
        let user = User::new(core, &dev_overrides_config(), &main_tf);
        let plan = user.must(&["plan", "-input=false", "-no-color"], 0);
        assert!(
            format!("{}{}", plan.stdout, plan.stderr).contains("development overrides"),
            "{}: no dev_overrides warning, ~/{} was not used:\n{}",
            core.label,
            cli_config_name(core),
            plan.describe()
        );
        user.apply_and_check_outputs();
        if core.tofu {
            // OpenTofu falls back to ~/.terraformrc when there is no ~/.tofurc.
            let user =
                User::with_config_file(core, ".terraformrc", &dev_overrides_config(), &main_tf);
            let plan = user.must(&["plan", "-input=false", "-no-color"], 0);
            assert!(
                plan.stdout.contains("development overrides"),
                "{}: ~/.terraformrc was not used without ~/.tofurc:\n{}",
                core.label,
                plan.describe()
            );
        }
    }
}

/// `source = "kaas-tools/containerd"`: Terraform reads registry.terraform.io and uses the override;
/// OpenTofu reads registry.opentofu.org/kaas-tools/containerd, which the README's override does
/// not name, so the plan fails without contacting a registry (why the README spells the host out),
/// and works with the extra line the README gives for it.
#[test]
fn readme_source_without_the_host() {
    let (main_tf, _) = complete_example();
    let hostless = main_tf.replace(
        "source = \"registry.terraform.io/kaas-tools/containerd\"",
        "source = \"kaas-tools/containerd\"",
    );
    assert_ne!(hostless, main_tf);
    for core in cores().unwrap_or_else(|e| panic!("{e}")) {
        let user = User::new(core, &dev_overrides_config(), &hostless);
        if core.tofu {
            let plan = user.must(&["plan", "-input=false", "-no-color"], 1);
            let text = format!("{}{}", plan.stdout, plan.stderr);
            assert!(
                text.contains("registry.opentofu.org/kaas-tools/containerd")
                    && text.contains("no version is selected"),
                "{}: the failure should be the one the README quotes:\n{}",
                core.label,
                plan.describe()
            );
            // The README's extra dev_overrides line for the short form.
            let with_line = dev_overrides_config().replacen(
                "  }\n",
                &format!("    {}\n  }}\n", opentofu_override_line()),
                1,
            );
            let user = User::new(core, &with_line, &hostless);
            user.must(&["plan", "-input=false", "-no-color"], 0);
            user.apply_and_check_outputs();
        } else {
            user.must(&["plan", "-input=false", "-no-color"], 0);
            user.apply_and_check_outputs();
        }
    }
}

/// The line the README gives OpenTofu users of the short source, placeholder replaced.
fn opentofu_override_line() -> String {
    let text = readme();
    let start = text
        .find("`\"registry.opentofu.org/kaas-tools/containerd\" = ")
        .expect("README.md gives the dev_overrides line for registry.opentofu.org");
    let line = &text[start + 1..];
    let line = &line[..line.find('`').unwrap()];
    let dir = provider::binary().parent().unwrap().to_path_buf();
    line.replace(
        "/path/to/terraform-provider-containerd/target/release",
        &dir.to_string_lossy(),
    )
}

/// The README's mirror tree, as (mirror root, path of the binary below it).
fn mirror_layout() -> (String, PathBuf) {
    let tree = blocks(&readme(), "")
        .into_iter()
        .find(|b| b.contains("terraform-provider-containerd_v"))
        .expect("README.md shows the filesystem mirror's tree");
    let names: Vec<&str> = tree
        .lines()
        .map(|l| l.trim_start_matches(['│', '├', '└', '─', ' ']))
        .filter(|l| !l.is_empty())
        .collect();
    let root = names[0].trim_end_matches('/').to_string();
    let below: PathBuf = names[1..].iter().map(|n| n.trim_end_matches('/')).collect();
    (root, below)
}

fn os_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "linux_amd64",
        "aarch64" => "linux_arm64",
        other => panic!("no Terraform platform name for {other}"),
    }
}

#[test]
fn readme_filesystem_mirror_with_init_and_lock_file() {
    let (root, below) = mirror_layout();
    let block = block_with("hcl", "filesystem_mirror");
    assert!(block.contains(&format!("path    = \"{root}\"")), "{block}");
    let platform = below
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    assert_eq!(platform, os_arch(), "README's mirror tree: {below:?}");
    let binary_name = below.file_name().unwrap().to_str().unwrap().to_string();
    let (main_tf, _) = complete_example();
    for core in cores().unwrap_or_else(|e| panic!("{e}")) {
        let mirror_root = tempfile::tempdir().unwrap();
        let mirror = mirror_root.path().join("mirror");
        let bin = mirror.join(&below);
        std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
        std::fs::copy(provider::binary(), &bin).unwrap();
        let config = block.replace(&root, &mirror.to_string_lossy());
        let user = User::new(core, &config, &main_tf);
        user.must(&["init", "-input=false", "-no-color"], 0);
        let lock = std::fs::read_to_string(user.session.workdir.join(".terraform.lock.hcl"))
            .unwrap_or_else(|e| panic!("{}: init wrote no lock file: {e}", core.label));
        let h1 = dirhash::hash1(&[(&binary_name, &std::fs::read(&bin).unwrap())]);
        let version = below.iter().nth(3).unwrap().to_str().unwrap();
        for want in [
            "provider \"registry.terraform.io/kaas-tools/containerd\"".to_string(),
            format!("version = \"{version}\""),
            format!("\"{h1}\""),
        ] {
            let flat = lock.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                flat.contains(&want),
                "{}: the lock file lacks {want}:\n{lock}",
                core.label
            );
        }
        user.apply_and_check_outputs();

        // A different binary under the locked version: init refuses it.
        let mut bytes = std::fs::read(&bin).unwrap();
        bytes.extend_from_slice(b"tampered");
        std::fs::write(&bin, bytes).unwrap();
        std::fs::remove_dir_all(user.session.workdir.join(".terraform")).unwrap();
        let init = user.must(&["init", "-input=false", "-no-color"], 1);
        assert!(
            format!("{}{}", init.stdout, init.stderr).contains("checksum"),
            "{}: init should reject a binary whose hash is not in the lock file:\n{}",
            core.label,
            init.describe()
        );
        user.must(&["init", "-upgrade", "-input=false", "-no-color"], 1);
        std::fs::remove_file(user.session.workdir.join(".terraform.lock.hcl")).unwrap();
        user.must(&["init", "-input=false", "-no-color"], 0);
        let upgraded =
            std::fs::read_to_string(user.session.workdir.join(".terraform.lock.hcl")).unwrap();
        let tampered = dirhash::hash1(&[(&binary_name, &std::fs::read(&bin).unwrap())]);
        assert!(
            upgraded.contains(&tampered) && !upgraded.contains(&h1),
            "{}: init without the lock file should record the new binary's {tampered}, not {h1}:\n{upgraded}",
            core.label
        );
        eprintln!(
            "ok: {} installed through the README's mirror:\n{lock}",
            core.label
        );
    }
}
