//! An Ignition config (Flatcar Container Linux, Fedora CoreOS): every node file in
//! `storage.files` as a data URL, and the commands in a script that a oneshot systemd unit runs
//! at boot.
//!
//! Spec 3.4.0: stable since Ignition 2.15.0 (2023-02-21), so every Flatcar and Fedora CoreOS
//! release of the last years reads it, and Butane's current `fcos`/`flatcar` variants produce
//! it or newer (Ignition merges older child configs into newer ones). Nothing used here needs
//! more than 3.1.0 (`compression`).
//!
//! The commands end with `systemctl restart containerd`, so the unit is ordered after
//! containerd (a unit ordered before it would wait for its own restart job). The script is
//! idempotent, so running it on every boot is harmless; it is mode 0700 because config.toml
//! credentials are part of it.

use serde_json::{json, Value};

use super::{b64, format_location, gzip, NodeSetup, Options, Output, OutputFormat, Shape};
use crate::domain::containerd_config::sh_quote;
use crate::domain::node_files::NodeFile;
use crate::domain::{Finding, Findings};

/// The Ignition config spec version written.
pub const IGNITION_VERSION: &str = "3.4.0";
/// The script running the commands.
pub const SCRIPT_PATH: &str = "/etc/containerd/registry-config.sh";
/// The unit running [`SCRIPT_PATH`].
pub const UNIT_NAME: &str = "containerd-registry-config.service";

/// The `ignition` format.
pub struct Ignition;

impl OutputFormat for Ignition {
    fn name(&self) -> &'static str {
        "ignition"
    }

    fn description(&self) -> &'static str {
        "An Ignition config (spec 3.4.0, JSON) for Flatcar Container Linux and Fedora CoreOS: \
         every file in `storage.files` as a base64 `data:` URL (gzip-compressed with `gzip`), \
         with the owner and mode `files` gives it (`0600` for keys and credentials) and \
         `overwrite`; and, \
         unless `config_mode` is `none`, the `config_path` change as the script \
         `/etc/containerd/registry-config.sh` (mode `0700`: config.toml credentials are part \
         of it), run by the enabled oneshot unit `containerd-registry-config.service` after \
         `containerd.service`; the script restarts containerd when the change succeeded and \
         is idempotent, so it may run on every boot. Merge it into your own config with \
         `ignition.config.merge`, or use it as is. Sensitive, like `files`."
    }

    fn shape(&self) -> Shape {
        Shape::Document
    }

    fn render(&self, setup: NodeSetup, options: &Options) -> (Output, Findings) {
        let mut problems = Findings::new();
        let config = ignition_config(setup, options.gzip, &mut problems);
        (Output::Document(config), problems)
    }
}

/// The config as compact JSON with sorted keys (serde_json's map), so equal input gives equal
/// bytes.
pub fn ignition_config(setup: NodeSetup, compress: bool, problems: &mut Findings) -> String {
    let mut files: Vec<Value> = setup
        .files
        .iter()
        .map(|file| storage_file(file, compress, problems))
        .collect();
    let mut units = Vec::new();
    if !setup.commands.is_empty() {
        let script = NodeFile {
            path: SCRIPT_PATH.to_string(),
            content: commands_script(setup.commands).into_bytes(),
            permissions: "0700".to_string(),
            owner: "root:root".to_string(),
        };
        files.push(storage_file(&script, compress, problems));
        units.push(json!({
            "name": UNIT_NAME,
            "enabled": true,
            "contents": unit_text(),
        }));
    }
    let mut config = json!({
        "ignition": { "version": IGNITION_VERSION },
        "storage": { "files": files },
    });
    if !units.is_empty() {
        config["systemd"] = json!({ "units": units });
    }
    config.to_string()
}

fn storage_file(file: &NodeFile, compress: bool, problems: &mut Findings) -> Value {
    let (user, group) = file.owner.split_once(':').unwrap_or((&file.owner, "root"));
    let mode = u32::from_str_radix(&file.permissions, 8).unwrap_or_else(|_| {
        problems.push(Finding::error(
            format_location(Ignition.name()),
            format!(
                "{}: permissions {:?} are not an octal mode",
                file.path, file.permissions
            ),
        ));
        0o600
    });
    let mut contents = json!({});
    if compress {
        contents["source"] = json!(format!("data:;base64,{}", b64(&gzip(&file.content))));
        contents["compression"] = json!("gzip");
    } else {
        contents["source"] = json!(format!("data:;base64,{}", b64(&file.content)));
    }
    json!({
        "path": file.path,
        "mode": mode,
        "overwrite": true,
        "user": { "name": user },
        "group": { "name": group },
        "contents": contents,
    })
}

/// A POSIX sh script running each argv list in turn, stopping at the first failure.
pub fn commands_script(commands: &[Vec<String>]) -> String {
    let mut out = String::from("#!/bin/sh\nset -eu\n");
    for command in commands {
        let words: Vec<String> = command.iter().map(|arg| sh_quote(arg)).collect();
        out.push_str(&words.join(" "));
        out.push('\n');
    }
    out
}

fn unit_text() -> String {
    format!(
        "[Unit]\n\
         Description=Let containerd read registry hosts from /etc/containerd/certs.d\n\
         Wants=containerd.service\n\
         After=containerd.service\n\
         \n\
         [Service]\n\
         Type=oneshot\n\
         RemainAfterExit=yes\n\
         ExecStart=/bin/sh {SCRIPT_PATH}\n\
         \n\
         [Install]\n\
         WantedBy=multi-user.target\n"
    )
}

#[cfg(test)]
mod tests;
