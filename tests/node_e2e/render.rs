//! Stage 1: a real Terraform core renders the scenario through the provider cargo built, via the
//! acceptance harness (core discovery, clean environment, dev_overrides CLI config).

use std::path::{Path, PathBuf};

use crate::provider;
use crate::terraform::{self, Session};

/// What the data source produced.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub cloud_config: String,
    pub files: Vec<serde_json::Value>,
    /// "terraform 1.11.x (/path)".
    pub core: String,
    /// What `terraform apply` printed (the provider's warnings are there).
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

/// Renders `hosts` and `certs` (paths of files the test wrote) with e2e/render/main.tf in `dir`.
pub fn render(dir: &Path, hosts: &[PathBuf], certs: &[PathBuf]) -> Result<Rendered, String> {
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
    apply(
        dir,
        &[
            ("TF_VAR_hosts".into(), list(hosts)),
            ("TF_VAR_certs".into(), list(certs)),
        ],
    )
}

/// `terraform apply` and `output -json` in `dir`/tf with the provider cargo built.
fn apply(dir: &Path, env: &[(String, String)]) -> Result<Rendered, String> {
    let cores = terraform::cores()?;
    let core = &cores[0];
    let work = dir.join("tf");
    let logs = dir.join("tf-logs");
    std::fs::create_dir_all(&logs).map_err(|e| e.to_string())?;
    let cli_config = dir.join("cli.tfrc");
    provider::write_dev_overrides_config(&cli_config).map_err(|e| e.to_string())?;
    let mut session = Session::new(core, work.clone(), logs, false);
    session.env.push((
        "TF_CLI_CONFIG_FILE".into(),
        cli_config.to_string_lossy().into_owned(),
    ));
    session.env.extend(env.iter().cloned());

    let apply = session.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    if apply.code != Some(0) {
        return Err(format!(
            "stage 1 (render) failed with {}:\n{}",
            core.label,
            apply.describe()
        ));
    }
    let output = session.run(&["output", "-json", "-no-color"]);
    if output.code != Some(0) {
        return Err(format!("terraform output failed:\n{}", output.describe()));
    }
    let v: serde_json::Value = serde_json::from_str(&output.stdout).map_err(|e| {
        format!(
            "terraform output -json printed no JSON ({e}):\n{}",
            output.stdout
        )
    })?;
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
