//! A scenario (`acceptance/<name>/`) and its lifecycle through one Terraform core.
//!
//! Success scenario: `init`, `plan -out`, `show -json` of that plan (which outputs are known),
//! `apply`, a second `plan -detailed-exitcode` that must be empty, `output -json` (checked
//! against `expect.json`, every `#cloud-config` through `cloud-init schema -c`), `destroy`.
//! Bad-input scenario (`expect_error.txt`): `init`, then `plan` must fail and its stderr match
//! every regex. No command may show signs of a provider crash.

use std::fmt;
use std::path::{Path, PathBuf};

use regex::Regex;
use serde_json::Value;

use crate::cloud_init;
use crate::provider::{self, DebugProvider};
use crate::terraform::{self, Core, Run, Session};

/// How the core gets the provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plugin {
    /// CLI config `dev_overrides`; the core starts the binary (go-plugin handshake, AutoMTLS).
    DevOverrides,
    /// The same with `TF_DISABLE_PLUGIN_TLS=1` (plaintext gRPC).
    DevOverridesNoTls,
    /// `terraform-provider-containerd --debug`, then `TF_REATTACH_PROVIDERS`.
    Reattach,
}

#[derive(Clone, Copy, Debug)]
pub struct Variant {
    pub plugin: Plugin,
    /// Start the core in the scenario's parent directory and pass `-chdir=<scenario>`.
    pub chdir: bool,
}

impl Variant {
    pub const AUTO_MTLS: Variant = Variant {
        plugin: Plugin::DevOverrides,
        chdir: false,
    };
    pub const AUTO_MTLS_CHDIR: Variant = Variant {
        plugin: Plugin::DevOverrides,
        chdir: true,
    };
    pub const NO_TLS: Variant = Variant {
        plugin: Plugin::DevOverridesNoTls,
        chdir: false,
    };
    pub const REATTACH: Variant = Variant {
        plugin: Plugin::Reattach,
        chdir: false,
    };
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plugin = match self.plugin {
            Plugin::DevOverrides => "dev_overrides, AutoMTLS",
            Plugin::DevOverridesNoTls => "dev_overrides, TF_DISABLE_PLUGIN_TLS=1",
            Plugin::Reattach => "--debug + TF_REATTACH_PROVIDERS",
        };
        write!(f, "{plugin}{}", if self.chdir { ", -chdir" } else { "" })
    }
}

/// A scenario directory and its expectations.
#[derive(Debug)]
pub struct Scenario {
    pub name: String,
    pub dir: PathBuf,
    /// `env.json`: environment for the core (string values verbatim, others as JSON).
    pub env: Vec<(String, String)>,
    /// `expect.json`: expected output values (subset match, see `subset_mismatches`).
    pub expect: Option<serde_json::Map<String, Value>>,
    /// `expect_error.txt`: the plan must fail and its stderr match each regex.
    pub expect_error: Option<Vec<Regex>>,
    /// `expect_unknown_at_plan.txt`: outputs that must be unknown in the first plan; every
    /// other output must be known there.
    pub unknown_at_plan: Vec<String>,
}

/// `acceptance/` in the repository.
pub fn acceptance_dir() -> PathBuf {
    terraform::repo_root().join("acceptance")
}

/// Names of the directories under `acceptance/` that hold a `main.tf`, sorted.
pub fn scenario_dirs() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(acceptance_dir())
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().join("main.tf").is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Non-empty lines that are not `#` comments.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Scenario {
    pub fn load(name: &str, dir: &Path) -> Result<Scenario, String> {
        let read = |file: &str| -> Result<Option<String>, String> {
            let p = dir.join(file);
            match std::fs::read_to_string(&p) {
                Ok(s) => Ok(Some(s)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(format!("cannot read {}: {e}", p.display())),
            }
        };
        if !dir.join("main.tf").is_file() {
            return Err(format!("{} has no main.tf", dir.display()));
        }
        let mut env = Vec::new();
        if let Some(text) = read("env.json")? {
            let v: serde_json::Map<String, Value> = serde_json::from_str(&text)
                .map_err(|e| format!("{}/env.json: not a JSON object: {e}", dir.display()))?;
            for (k, v) in v {
                let v = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                env.push((k, v));
            }
        }
        let expect =
            match read("expect.json")? {
                Some(text) => Some(serde_json::from_str(&text).map_err(|e| {
                    format!("{}/expect.json: not a JSON object: {e}", dir.display())
                })?),
                None => None,
            };
        let expect_error = match read("expect_error.txt")? {
            Some(text) => {
                let res = lines(&text)
                    .map(|l| {
                        Regex::new(l).map_err(|e| {
                            format!("{}/expect_error.txt: bad regex {l:?}: {e}", dir.display())
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if res.is_empty() {
                    return Err(format!("{}/expect_error.txt has no regex", dir.display()));
                }
                Some(res)
            }
            None => None,
        };
        let unknown_at_plan: Vec<String> = read("expect_unknown_at_plan.txt")?
            .map(|t| lines(&t).map(String::from).collect())
            .unwrap_or_default();
        if expect_error.is_some() && (expect.is_some() || !unknown_at_plan.is_empty()) {
            return Err(format!(
                "{}: expect_error.txt cannot go with expect.json or expect_unknown_at_plan.txt",
                dir.display()
            ));
        }
        Ok(Scenario {
            name: name.to_string(),
            dir: dir.to_path_buf(),
            env,
            expect,
            expect_error,
            unknown_at_plan,
        })
    }
}

/// Runs `acceptance/<name>` with every core; panics with every core's failure.
pub fn run_scenario_on_all_cores(name: &str, variant: Variant) {
    let scenario =
        Scenario::load(name, &acceptance_dir().join(name)).unwrap_or_else(|e| panic!("{e}"));
    let cores = terraform::cores().unwrap_or_else(|e| panic!("{e}"));
    if scenario.expect_error.is_none() {
        cloud_init::cloud_init().unwrap_or_else(|e| panic!("{e}"));
    }
    let mut failures = Vec::new();
    for core in cores {
        match run_one(&scenario, core, variant) {
            Ok(transcript) => eprintln!(
                "ok: scenario {} [{variant}] with {}\n{transcript}",
                scenario.name, core.label
            ),
            Err(e) => failures.push(format!(
                "===== scenario {} [{variant}] FAILED with {} =====\n{e}",
                scenario.name, core.label
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} Terraform cores failed scenario {} [{variant}] (TF_ACC_KEEP=1 keeps the temp \
         directories):\n\n{}",
        failures.len(),
        cores.len(),
        scenario.name,
        failures.join("\n\n")
    );
}

/// Runs the scenario's lifecycle with one core. Ok: a short transcript.
pub fn run_one(scenario: &Scenario, core: &Core, variant: Variant) -> Result<String, String> {
    let tmp = tempfile::Builder::new()
        .prefix(&format!("tfacc-{}-", scenario.name))
        .tempdir()
        .map_err(|e| format!("cannot make a temp dir: {e}"))?;
    let result = run_in(scenario, core, variant, tmp.path());
    if std::env::var_os("TF_ACC_KEEP").is_some() {
        let kept = tmp.keep();
        eprintln!("TF_ACC_KEEP: kept {}", kept.display());
    }
    result
}

fn run_in(
    scenario: &Scenario,
    core: &Core,
    variant: Variant,
    root: &Path,
) -> Result<String, String> {
    let work = root.join("work");
    let logs = root.join("logs");
    copy_dir(&scenario.dir, &work).map_err(|e| format!("cannot copy the scenario: {e}"))?;
    std::fs::create_dir_all(&logs).map_err(|e| e.to_string())?;
    let cli_config = root.join("cli.tfrc");

    let mut session = Session::new(core, work.clone(), logs.clone(), variant.chdir);
    let mut debug: Option<DebugProvider> = None;
    match variant.plugin {
        Plugin::DevOverrides | Plugin::DevOverridesNoTls => {
            provider::write_dev_overrides_config(&cli_config).map_err(|e| e.to_string())?
        }
        Plugin::Reattach => provider::write_plain_config(&cli_config).map_err(|e| e.to_string())?,
    }
    session.use_cli_config(&cli_config);
    session.env.extend(scenario.env.iter().cloned());
    match variant.plugin {
        Plugin::DevOverrides => {}
        Plugin::DevOverridesNoTls => session
            .env
            .push(("TF_DISABLE_PLUGIN_TLS".into(), "1".into())),
        Plugin::Reattach => {
            // Started in the working directory: relative paths resolve as for the core.
            let p = DebugProvider::start(&work, logs.join("provider-debug.stderr"))?;
            let v: Value = serde_json::from_str(&p.reattach).map_err(|e| e.to_string())?;
            if v.get(provider::ADDRESS).is_none() {
                return Err(format!(
                    "TF_REATTACH_PROVIDERS printed by --debug has no key {:?}: {}",
                    provider::ADDRESS,
                    p.reattach
                ));
            }
            session
                .env
                .push(("TF_REATTACH_PROVIDERS".into(), p.reattach.clone()));
            debug = Some(p);
        }
    }

    let mut lc = Lifecycle {
        session: &session,
        transcript: String::new(),
        debug: debug.as_ref(),
    };
    let result = lc.run(scenario, variant);
    let mut transcript = lc.transcript;
    if let Some(mut p) = debug {
        if result.is_ok() && !p.alive() {
            return Err(format!(
                "the --debug provider exited during the run (a reattached provider must keep serving)\n\
                 --- provider stderr ---\n{}",
                p.stderr()
            ));
        }
        transcript.push_str("  --debug provider still serving at the end: ok\n");
    }
    result.map(|()| transcript)
}

struct Lifecycle<'s, 'c> {
    session: &'s Session<'c>,
    transcript: String,
    debug: Option<&'s DebugProvider>,
}

impl Lifecycle<'_, '_> {
    /// Runs a command; Err (with everything needed to see why) unless `ok(code)`.
    fn step(
        &mut self,
        args: &[&str],
        ok: impl Fn(Option<i32>) -> bool,
        want: &str,
    ) -> Result<Run, String> {
        let run = self.session.run(args);
        self.transcript.push_str(&format!(
            "  {} -> exit {}\n",
            args.join(" "),
            code_str(run.code)
        ));
        let crash = run.crash_signs();
        if !crash.is_empty() {
            return Err(self.fail(&run, &format!("signs of a provider crash: {crash:?}")));
        }
        if run.timed_out || !ok(run.code) {
            return Err(self.fail(&run, &format!("expected {want}")));
        }
        Ok(run)
    }

    fn fail(&self, run: &Run, why: &str) -> String {
        let mut s = format!("{why}\n{}", run.describe());
        if let Some(p) = self.debug {
            s.push_str(&format!(
                "--- provider --debug stderr ---\n{}\n",
                p.stderr().trim_end()
            ));
        }
        s.push_str(&format!("--- transcript ---\n{}", self.transcript));
        s
    }

    fn run(&mut self, scenario: &Scenario, variant: Variant) -> Result<(), String> {
        let dev_overrides = variant.plugin != Plugin::Reattach;

        // init: with dev_overrides the core says to skip it ("Skip terraform init ..." or "Skip
        // tofu init ..."), and every core but Terraform 1.15 still tries to install the
        // overridden provider, which fails (the CLI config has no installation method); that one
        // failure is accepted.
        let init = self.session.run(&["init", "-input=false", "-no-color"]);
        let init_text = format!("{}{}", init.stdout, init.stderr);
        let crash = init.crash_signs();
        if !crash.is_empty() {
            return Err(self.fail(&init, &format!("signs of a provider crash: {crash:?}")));
        }
        if init.code == Some(0) {
            self.transcript.push_str("  init -> exit 0\n");
        } else if dev_overrides
            && init_text.contains("init when using provider development overrides")
        {
            self.transcript.push_str(&format!(
                "  init -> exit {} (accepted: this core tries to install dev_overrides providers)\n",
                code_str(init.code)
            ));
        } else {
            return Err(self.fail(&init, "expected init to succeed"));
        }

        if let Some(regexes) = &scenario.expect_error {
            let plan = self.step(
                &["plan", "-input=false", "-no-color"],
                |c| matches!(c, Some(c) if c != 0),
                "plan to FAIL (bad input)",
            )?;
            let text = diagnostics_text(&plan.stderr);
            let missing: Vec<&str> = regexes
                .iter()
                .filter(|re| !re.is_match(&text))
                .map(Regex::as_str)
                .collect();
            if !missing.is_empty() {
                return Err(self.fail(
                    &plan,
                    &format!(
                        "the failing plan's stderr does not match {missing:?} (from expect_error.txt)\n\
                         --- stderr as matched (snippets removed, whitespace collapsed) ---\n{text}"
                    ),
                ));
            }
            return Ok(());
        }

        let plan = self.step(
            &["plan", "-input=false", "-no-color", "-out=tfplan"],
            |c| c == Some(0),
            "the first plan to succeed",
        )?;
        if dev_overrides
            && !format!("{}{}", plan.stdout, plan.stderr)
                .to_lowercase()
                .contains("development overrides")
        {
            return Err(self.fail(
                &plan,
                "no 'development overrides' warning: the core did not use the dev_overrides CLI config",
            ));
        }

        let show = self.step(
            &["show", "-json", "-no-color", "tfplan"],
            |c| c == Some(0),
            "show -json of the plan to succeed",
        )?;
        let plan_json: Value = serde_json::from_str(&show.stdout)
            .map_err(|e| self.fail(&show, &format!("show -json printed no JSON: {e}")))?;
        let problems = check_unknown_at_plan(&plan_json, &scenario.unknown_at_plan);
        if !problems.is_empty() {
            return Err(self.fail(&show, &problems.join("\n")));
        }

        self.step(
            &[
                "apply",
                "-input=false",
                "-no-color",
                "-auto-approve",
                "tfplan",
            ],
            |c| c == Some(0),
            "apply of the saved plan to succeed",
        )?;
        self.step(
            &["plan", "-input=false", "-no-color", "-detailed-exitcode"],
            |c| c == Some(0),
            "the second plan to be empty (exit 0; 2 means changes: the provider's result is not stable)",
        )?;

        let out = self.step(
            &["output", "-json", "-no-color"],
            |c| c == Some(0),
            "output -json to succeed",
        )?;
        let outputs: serde_json::Map<String, Value> = serde_json::from_str(&out.stdout)
            .map_err(|e| self.fail(&out, &format!("output -json printed no JSON object: {e}")))?;
        let mut problems = Vec::new();
        if let Some(expect) = &scenario.expect {
            for (name, want) in expect {
                match outputs.get(name) {
                    None => problems.push(format!(
                        "expect.json names output {name:?}, which does not exist"
                    )),
                    Some(o) => subset_mismatches(want, &o["value"], name, &mut problems),
                }
            }
        }
        if !outputs.contains_key("cloud_config") {
            problems
                .push("no output \"cloud_config\" (every success scenario must render one)".into());
        }
        let mut n = 0;
        for (name, o) in &outputs {
            let Some(doc) = o["value"].as_str() else {
                continue;
            };
            if name != "cloud_config" && !doc.starts_with("#cloud-config") {
                continue;
            }
            n += 1;
            let file = self.session.logdir.join(format!("{name}.yaml"));
            match cloud_init::validate(doc, &file) {
                Ok(text) => self.transcript.push_str(&format!(
                    "  cloud-init schema -c {name}.yaml: {}\n",
                    text.trim()
                )),
                Err(e) => problems.push(format!("output {name:?}: {e}")),
            }
        }
        if n == 0 {
            problems.push("no #cloud-config output to check with cloud-init".into());
        }
        if !problems.is_empty() {
            return Err(self.fail(&out, &problems.join("\n")));
        }

        self.step(
            &["destroy", "-input=false", "-no-color", "-auto-approve"],
            |c| c == Some(0),
            "destroy to succeed",
        )?;
        Ok(())
    }
}

/// Checks `output_changes` of a `show -json` plan: outputs in `unknown` must be unknown, all
/// others known.
pub fn check_unknown_at_plan(plan: &Value, unknown: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(changes) = plan["output_changes"].as_object() else {
        return vec![format!("show -json: no output_changes in the plan: {plan}")];
    };
    for name in unknown {
        if !changes.contains_key(name) {
            problems.push(format!(
                "expect_unknown_at_plan.txt names output {name:?}, which is not in the plan"
            ));
        }
    }
    for (name, change) in changes {
        let is_unknown = contains_true(&change["after_unknown"]);
        let want_unknown = unknown.iter().any(|u| u == name);
        if is_unknown != want_unknown {
            problems.push(format!(
                "output {name:?} is {} in the first plan but should be {} (after = {}, after_unknown = {})",
                if is_unknown { "unknown" } else { "known" },
                if want_unknown { "unknown (expect_unknown_at_plan.txt)" } else { "known" },
                change["after"],
                change["after_unknown"]
            ));
        }
    }
    problems
}

fn code_str(code: Option<i32>) -> String {
    code.map_or_else(|| "none (killed)".to_string(), |c| c.to_string())
}

fn contains_true(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Array(a) => a.iter().any(contains_true),
        Value::Object(o) => o.values().any(contains_true),
        _ => false,
    }
}

/// `expected` ⊆ `actual`: objects need the expected keys (extra keys are fine), arrays the same
/// length with each element matching, anything else equality.
pub fn subset_mismatches(expected: &Value, actual: &Value, at: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => subset_mismatches(ev, av, &format!("{at}.{k}"), out),
                    None => out.push(format!("{at}.{k}: missing (expected {ev})")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!(
                    "{at}: expected {} elements, got {}: {actual}",
                    e.len(),
                    a.len()
                ));
            } else {
                for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                    subset_mismatches(ev, av, &format!("{at}[{i}]"), out);
                }
            }
        }
        _ if expected == actual => {}
        _ => out.push(format!("{at}: expected {expected}, got {actual}")),
    }
}

/// Terraform's diagnostics with the core's own source snippets removed (`on main.tf line N`,
/// `N: <source>`, `with data.x`, expression values) and all whitespace collapsed, so that regexes
/// see the provider's words only and line wrapping does not matter.
pub fn diagnostics_text(stderr: &str) -> String {
    // Terraform's snippet lines, always indented under the summary:
    //   with data.containerd_registry_files.this,
    //   on main.tf line 18, in data "containerd_registry_files" "this":
    //   18:   hosts = local.hosts
    //     ├────────────────
    //     │ local.hosts is set of string with 1 element
    let snippet =
        Regex::new(r"^(with \S+,|on \S+ line \d+(, in .*)?:|\d+:( .*)?|[├│].*)$").unwrap();
    let mut kept = Vec::new();
    for line in stderr.lines() {
        // Boxed diagnostics put a box character in column 0 and one space before the text;
        // plain ones (-no-color) start the text in column 0. Snippets are indented further.
        let body = line
            .strip_prefix(['│', '╷', '╵'])
            .map_or(line, |b| b.strip_prefix(' ').unwrap_or(b));
        let t = body.trim_start();
        if body.starts_with("  ") && snippet.is_match(t) {
            continue;
        }
        kept.push(t);
    }
    kept.join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Copies a scenario directory, leaving out Terraform's own leftovers.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let n = name.to_string_lossy();
        if n == ".terraform"
            || n == ".terraform.lock.hcl"
            || n.starts_with("terraform.tfstate")
            || n == "tfplan"
        {
            continue;
        }
        let ty = entry.file_type()?;
        if ty.is_dir() {
            copy_dir(&entry.path(), &to.join(&name))?;
        } else {
            std::fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}
