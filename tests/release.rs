//! Release artifacts: `scripts/release` packages the provider (here the binary cargo built for
//! the tests, through `--binary`, so no extra release build is needed), a real Terraform core
//! installs the zip from a packed filesystem mirror with `init`, and the lock file's hashes are
//! the ones this test computes itself (Go dirhash `h1:` over the zip's contents, `zh:` over the
//! zip). Also: CHANGELOG, Cargo.toml and `--version` name the same version.

#[path = "acceptance/dirhash.rs"]
mod dirhash;
#[allow(dead_code)]
#[path = "acceptance/terraform.rs"]
mod terraform;

use base64::Engine;
use dirhash::{hash1, sha256_hex};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;
use terraform::Session;

const NAME: &str = "terraform-provider-containerd";
const ADDRESS: &str = "registry.terraform.io/kaas-tools/containerd";

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-containerd"))
}

fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[test]
fn hash1_matches_go_dirhash() {
    // Go's dirhash.Hash1 line format, with the well-known SHA-256 of "hello\n"; the real check
    // is the lock file comparison below, against hashes the Terraform core computes.
    let lines = format!("{}  a\n", sha256_hex(b"hello\n"));
    assert_eq!(
        lines,
        "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  a\n"
    );
    let h = hash1(&[("a", b"hello\n")]);
    assert_eq!(
        h,
        format!(
            "h1:{}",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(lines.as_bytes()))
        )
    );
    assert_ne!(
        h,
        hash1(&[("b", b"hello\n")]),
        "the name is part of the hash"
    );
}

fn os_arch() -> String {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    format!("{}_{arch}", std::env::consts::OS)
}

/// Runs `scripts/release --binary <bin> --out <dir>`.
fn release_into(bin: &Path, out: &Path) {
    let run = Command::new(terraform::repo_root().join("scripts/release"))
        .arg("--binary")
        .arg(bin)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run scripts/release");
    assert!(
        run.status.success(),
        "scripts/release failed:\n{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn release_artifacts_install_through_a_filesystem_mirror_with_matching_hashes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("artifacts");
    // A copy, so a concurrent cargo build cannot change the binary under the test.
    let bin = tmp.path().join(NAME);
    std::fs::copy(binary(), &bin).unwrap();
    release_into(&bin, &out);
    let v = version();
    let zip_name = format!("{NAME}_{v}_{}.zip", os_arch());
    let zip = out.join(&zip_name);
    let sums_name = format!("{NAME}_{v}_SHA256SUMS");
    let manifest_name = format!("{NAME}_{v}_manifest.json");

    // The three artifacts, and nothing else.
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut want = vec![sums_name.clone(), zip_name.clone(), manifest_name.clone()];
    want.sort();
    assert_eq!(names, want);
    assert_eq!(
        std::fs::read(out.join(&manifest_name)).unwrap(),
        std::fs::read(terraform::repo_root().join("terraform-registry-manifest.json")).unwrap()
    );
    let zip_bytes = std::fs::read(&zip).unwrap();
    let sums = std::fs::read_to_string(out.join(&sums_name)).unwrap();
    assert!(
        sums.contains(&format!("{}  {zip_name}\n", sha256_hex(&zip_bytes))),
        "{sums}"
    );
    let manifest_bytes = std::fs::read(out.join(&manifest_name)).unwrap();
    assert!(
        sums.contains(&format!(
            "{}  {manifest_name}\n",
            sha256_hex(&manifest_bytes)
        )),
        "{sums}"
    );

    // The zip holds exactly terraform-provider-containerd_v<version>, the binary itself.
    let listing = Command::new("unzip").arg("-Z1").arg(&zip).output().unwrap();
    assert!(listing.status.success());
    let member = format!("{NAME}_v{v}");
    assert_eq!(String::from_utf8_lossy(&listing.stdout).trim(), member);
    let unpacked = Command::new("unzip")
        .arg("-p")
        .arg(&zip)
        .arg(&member)
        .output()
        .unwrap();
    let bin_bytes = std::fs::read(&bin).unwrap();
    assert!(
        unpacked.stdout == bin_bytes,
        "the zipped binary differs from the built one"
    );
    let h1 = hash1(&[(member.as_str(), &bin_bytes)]);
    let zh = format!("zh:{}", sha256_hex(&zip_bytes));

    // A packed filesystem mirror: HOST/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip
    let mirror = tmp.path().join("mirror");
    let dest = mirror.join(ADDRESS);
    std::fs::create_dir_all(&dest).unwrap();
    std::fs::copy(&zip, dest.join(&zip_name)).unwrap();
    let cli = tmp.path().join("cli.tfrc");
    std::fs::write(
        &cli,
        format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path    = {}\n    include = [\"{ADDRESS}\"]\n  }}\n  direct {{\n    exclude = [\"{ADDRESS}\"]\n  }}\n}}\n",
            serde_json::to_string(&mirror.to_string_lossy()).unwrap()
        ),
    )
    .unwrap();

    let cores = terraform::cores().unwrap_or_else(|e| panic!("{e}"));
    for core in cores {
        let work = tmp.path().join(format!("work-{}", core.label.len()));
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(&work).unwrap();
        std::fs::write(
            work.join("main.tf"),
            format!(
                "terraform {{\n  required_providers {{\n    containerd = {{\n      source  = \"{ADDRESS}\"\n      version = \"{v}\"\n    }}\n  }}\n}}\n\ndata \"containerd_registry_files\" \"x\" {{}}\n\noutput \"n\" {{\n  value = length(data.containerd_registry_files.x.file_sha256)\n}}\n"
            ),
        )
        .unwrap();
        let logs = tempfile::tempdir().unwrap();
        let mut s = Session::new(core, work.clone(), logs.path().to_path_buf(), false);
        s.env.push((
            "TF_CLI_CONFIG_FILE".into(),
            cli.to_string_lossy().into_owned(),
        ));
        let init = s.run(&["init", "-input=false", "-no-color"]);
        assert_eq!(init.code, Some(0), "{}: {}", core.label, init.describe());
        let lock = std::fs::read_to_string(work.join(".terraform.lock.hcl"))
            .unwrap_or_else(|e| panic!("{}: no lock file: {e}", core.label));
        assert!(
            lock.contains(&format!("provider \"{ADDRESS}\"")),
            "{}: {lock}",
            core.label
        );
        assert!(
            lock.contains(&format!("version     = \"{v}\"")),
            "{}: {lock}",
            core.label
        );
        assert!(
            lock.contains(&format!("\"{h1}\"")),
            "{}: the lock file lacks {h1} (computed from the zip's contents):\n{lock}",
            core.label
        );
        if lock.contains("\"zh:") {
            assert!(
                lock.contains(&format!("\"{zh}\"")),
                "{}: the lock file records a zh: hash but not {zh}:\n{lock}",
                core.label
            );
        }
        // The installed provider runs.
        let apply = s.run(&["apply", "-input=false", "-no-color", "-auto-approve"]);
        assert_eq!(apply.code, Some(0), "{}: {}", core.label, apply.describe());
        eprintln!(
            "ok: {} installed the release zip; lock file:\n{lock}",
            core.label
        );
    }
}

#[test]
fn changelog_cargo_and_binary_agree_on_the_version() {
    let changelog = std::fs::read_to_string(terraform::repo_root().join("CHANGELOG.md")).unwrap();
    let top = changelog
        .lines()
        .find_map(|l| l.strip_prefix("## ["))
        .and_then(|l| l.split(']').next())
        .expect("CHANGELOG.md has a `## [x.y.z]` entry");
    let top = if top == "Unreleased" {
        changelog
            .lines()
            .filter_map(|l| l.strip_prefix("## ["))
            .nth(1)
            .and_then(|l| l.split(']').next())
            .expect("a version after [Unreleased]")
    } else {
        top
    };
    let cargo = std::fs::read_to_string(terraform::repo_root().join("Cargo.toml")).unwrap();
    let cargo_version = cargo
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("version in Cargo.toml");
    let out = Command::new(binary()).arg("--version").output().unwrap();
    let reported = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        top, cargo_version,
        "CHANGELOG.md's top version vs Cargo.toml"
    );
    assert_eq!(
        reported.trim(),
        format!("{NAME} {cargo_version}"),
        "--version vs Cargo.toml"
    );
    assert!(
        changelog.contains(&format!("[{top}]: ")),
        "CHANGELOG.md has no link for [{top}]"
    );
}
