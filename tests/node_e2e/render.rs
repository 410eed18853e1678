//! Stage 1: every Terraform core found (`terraform::cores()`: OpenTofu and Terraform) renders the
//! scenario through the provider cargo built, via the acceptance harness (core discovery, clean
//! environment, dev_overrides CLI config). Every core must render the same `cloud_config` and
//! `files`; the first core's output is used.

use std::path::{Path, PathBuf};

use crate::provider;
use crate::terraform::{self, Session};

/// What the data source produced.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub cloud_config: String,
    pub files: Vec<serde_json::Value>,
    /// "terraform 1.15.x (/path), tofu 1.12.x (/path)": every core that rendered it.
    pub core: String,
    /// What the first core's `apply` printed (the provider's warnings are there).
    pub apply_output: String,
}

/// Renders a structured-input scenario: `data_source` is a `data "containerd_registry_files"
/// "node"` block (HCL, as a user writes it), placed next to e2e/render/structured.tf (the
/// terraform block and the outputs); `files` are (name, content) written to `files/` beside it,
/// for `file("${path.module}/files/<name>")`.
pub fn render_structured(
    dir: &Path,
    data_source: &str,
    files: &[(String, String)],
) -> Result<Rendered, String> {
    let work = dir.join("tf");
    std::fs::create_dir_all(work.join("files")).map_err(|e| e.to_string())?;
    let wrapper = terraform::repo_root().join("e2e/render/structured.tf");
    std::fs::copy(&wrapper, work.join("main.tf"))
        .map_err(|e| format!("{}: {e}", wrapper.display()))?;
    std::fs::write(work.join("registries.tf"), data_source).map_err(|e| e.to_string())?;
    for (name, content) in files {
        std::fs::write(work.join("files").join(name), content).map_err(|e| e.to_string())?;
    }
    apply(dir, &[])
}

/// Renders `hosts` and `certs` (paths of files the test wrote) with e2e/render/main.tf in `dir`,
/// for `containerd_version` (None: the provider's default).
pub fn render(
    dir: &Path,
    hosts: &[PathBuf],
    certs: &[PathBuf],
    containerd_version: Option<&str>,
) -> Result<Rendered, String> {
    let work = dir.join("tf");
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let src = terraform::repo_root().join("e2e/render/main.tf");
    std::fs::copy(&src, work.join("main.tf")).map_err(|e| format!("{}: {e}", src.display()))?;
    let list = |v: &[PathBuf]| {
        serde_json::to_string(
            &v.iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect::<Vec<_>>(),
        )
        .expect("json")
    };
    let mut env = vec![
        ("TF_VAR_hosts".into(), list(hosts)),
        ("TF_VAR_certs".into(), list(certs)),
    ];
    if let Some(v) = containerd_version {
        env.push(("TF_VAR_containerd_version".into(), v.to_string()));
    }
    apply(dir, &env)
}

/// `apply` and `output -json` in `dir`/tf under every core; they must agree.
fn apply(dir: &Path, env: &[(String, String)]) -> Result<Rendered, String> {
    let cores = terraform::cores()?;
    let mut first: Option<Rendered> = None;
    for (i, core) in cores.iter().enumerate() {
        let work = dir.join("tf");
        if i > 0 {
            // A fresh working directory state for the next core.
            for stale in ["terraform.tfstate", "terraform.tfstate.backup"] {
                let _ = std::fs::remove_file(work.join(stale));
            }
        }
        let r = apply_with(dir, core, &format!("tf-logs-{i}"), env)?;
        match &mut first {
            None => first = Some(r),
            Some(f) => {
                if r.cloud_config != f.cloud_config || r.files != f.files {
                    return Err(format!(
                        "stage 1: {} and {} render differently
--- {} cloud_config ---
{}
--- {} cloud_config ---
{}",
                        f.core, r.core, f.core, f.cloud_config, r.core, r.cloud_config
                    ));
                }
                f.core = format!("{}, {}", f.core, r.core);
            }
        }
    }
    first.ok_or_else(|| "no Terraform core".to_string())
}

/// `apply` and `output -json` with one core.
fn apply_with(
    dir: &Path,
    core: &terraform::Core,
    logs: &str,
    env: &[(String, String)],
) -> Result<Rendered, String> {
    let work = dir.join("tf");
    let logs = dir.join(logs);
    std::fs::create_dir_all(&logs).map_err(|e| e.to_string())?;
    let cli_config = dir.join("cli.tfrc");
    provider::write_dev_overrides_config(&cli_config).map_err(|e| e.to_string())?;
    let mut session = Session::new(core, work.clone(), logs, false);
    session.use_cli_config(&cli_config);
    session.env.extend(env.iter().cloned());
    let (apply, v) = session
        .apply_and_outputs()
        .map_err(|e| format!("stage 1 (render): {e}"))?;
    let cloud_config = v["cloud_config"]["value"]
        .as_str()
        .ok_or_else(|| format!("no cloud_config output: {v}"))?
        .to_string();
    let files = v["files"]["value"].as_array().cloned().unwrap_or_default();
    Ok(Rendered {
        cloud_config,
        files,
        core: core.label.clone(),
        apply_output: apply.stdout,
    })
}
