//! Rendering through the provider: a real core (OpenTofu where one is installed, else the first
//! core found) applies a `data "containerd_registry_files"` block asking for the formats under
//! test, and `output -json` hands back each format's attribute.

use std::path::Path;

use base64::Engine as _;

use crate::provider;
use crate::terraform::{self, Session};

/// One file entry of a files-shaped format.
#[derive(Debug, Clone)]
pub struct File {
    pub path: String,
    pub content: Vec<u8>,
    pub permissions: String,
}

/// What the data source produced.
#[derive(Debug, Clone)]
pub struct Rendered {
    outputs: serde_json::Value,
    /// What `apply` printed (the provider's warnings are there).
    pub apply_output: String,
    pub core: String,
}

impl Rendered {
    /// The entries of the files-shaped format `format`.
    pub fn files(&self, format: &str) -> Result<Vec<File>, String> {
        let list = self.outputs[format]["value"]
            .as_array()
            .ok_or_else(|| format!("no list output {format}: {}", self.outputs))?;
        list.iter()
            .map(|entry| {
                let field = |k: &str| entry[k].as_str().unwrap_or_default().to_string();
                let content = match field("encoding").as_str() {
                    "" | "text/plain" => field("content").into_bytes(),
                    "b64" | "base64" => base64::engine::general_purpose::STANDARD
                        .decode(field("content"))
                        .map_err(|e| format!("{}: {e}", field("path")))?,
                    other => return Err(format!("{}: encoding {other}", field("path"))),
                };
                Ok(File {
                    path: field("path"),
                    content,
                    permissions: field("permissions"),
                })
            })
            .collect()
    }

    /// The document of the document-shaped format `format`.
    pub fn document(&self, format: &str) -> Result<String, String> {
        self.outputs[format]["value"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("no string output {format}: {}", self.outputs))
    }
}

/// The core the suite renders with: OpenTofu if one is found.
fn core() -> Result<&'static terraform::Core, String> {
    let cores = terraform::cores()?;
    Ok(cores.iter().find(|c| c.tofu).unwrap_or(&cores[0]))
}

/// Applies `registries` (the HCL value of the `registries` attribute) asking for `formats`,
/// in `dir`/tf; `files` are (name, content) written to `files/` for
/// `file("${path.module}/files/<name>")`. Err: the apply failed (its output).
pub fn render(
    dir: &Path,
    registries: &str,
    formats: &[&str],
    files: &[(&str, &str)],
) -> Result<Rendered, String> {
    render_with(dir, &format!("registries = {registries}"), formats, files)
}

/// As [`render`], with `inputs` the data source's input attributes (HCL) besides `formats`;
/// file names may have directories (`hosts/docker.io`).
pub fn render_with(
    dir: &Path,
    inputs: &str,
    formats: &[&str],
    files: &[(&str, &str)],
) -> Result<Rendered, String> {
    let work = dir.join("tf");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("files")).map_err(|e| e.to_string())?;
    for (name, content) in files {
        let path = work.join("files").join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&path, content).map_err(|e| e.to_string())?;
    }
    let quoted: Vec<String> = formats.iter().map(|f| format!("\"{f}\"")).collect();
    let mut main = format!(
        "terraform {{\n  required_providers {{\n    containerd = {{\n      source = \"registry.terraform.io/kaas-tools/containerd\"\n    }}\n  }}\n}}\n\n\
         data \"containerd_registry_files\" \"node\" {{\n  formats = [{}]\n  {inputs}\n}}\n",
        quoted.join(", ")
    );
    for format in formats {
        main.push_str(&format!(
            "\noutput \"{format}\" {{\n  value     = data.containerd_registry_files.node.{format}\n  sensitive = true\n}}\n"
        ));
    }
    std::fs::write(work.join("main.tf"), main).map_err(|e| e.to_string())?;

    let core = core()?;
    let logs = dir.join("tf-logs");
    std::fs::create_dir_all(&logs).map_err(|e| e.to_string())?;
    let cli_config = dir.join("cli.tfrc");
    provider::write_dev_overrides_config(&cli_config).map_err(|e| e.to_string())?;
    let mut session = Session::new(core, work, logs, false);
    session.use_cli_config(&cli_config);
    let (apply, outputs) = session
        .apply_and_outputs()
        .map_err(|e| format!("rendering: {e}"))?;
    Ok(Rendered {
        outputs,
        apply_output: format!("{}\n{}", apply.stdout, apply.stderr),
        core: core.label.clone(),
    })
}
