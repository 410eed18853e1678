//! Rendering node files as a `#cloud-config` document.
//!
//! The document writes every file with `write_files` (byte for byte: UTF-8
//! text as a YAML scalar that reads back unchanged, anything else base64
//! with `encoding: b64`), then in `runcmd` sets containerd's `config_path`
//! (see [`containerd_config`](super::containerd_config)) and restarts
//! containerd so the new path takes effect. The output depends only on the
//! files, so identical input renders byte-identical documents.

use base64::Engine;

use super::containerd_config::{enable_config_path_script, CONFIG_FILE};
use super::node_files::{NodeFile, CERTS_D_DIR};
use super::yaml::{block_value, inline_scalar, single_quoted};

/// Renders the complete cloud-config document.
pub fn render_cloud_config(files: &[NodeFile]) -> String {
    let mut out = String::from("#cloud-config\n");
    if files.is_empty() {
        out.push_str("write_files: []\n");
    } else {
        out.push_str("write_files:\n");
        for file in files {
            write_file_entry(&mut out, file);
        }
    }
    out.push_str("runcmd:\n");
    let script = enable_config_path_script(CONFIG_FILE, CERTS_D_DIR);
    out.push_str("  - - sh\n");
    out.push_str(&format!("    - {}\n", inline_scalar("-c")));
    out.push_str("    -");
    out.push_str(&block_value(&script, 4));
    out.push_str("  - - systemctl\n    - restart\n    - containerd\n");
    out
}

fn write_file_entry(out: &mut String, file: &NodeFile) {
    out.push_str(&format!("  - path: {}\n", inline_scalar(&file.path)));
    out.push_str(&format!("    owner: {}\n", inline_scalar(&file.owner)));
    out.push_str(&format!(
        "    permissions: {}\n",
        single_quoted(&file.permissions)
    ));
    match std::str::from_utf8(&file.content) {
        Ok(text) => {
            out.push_str("    content:");
            out.push_str(&block_value(text, 4));
        }
        Err(_) => {
            let encoded = base64::engine::general_purpose::STANDARD.encode(&file.content);
            out.push_str("    encoding: b64\n");
            out.push_str(&format!("    content: {}\n", inline_scalar(&encoded)));
        }
    }
}

#[cfg(test)]
mod tests;
