//! `cloud_init_merge`, judged by cloud-init booting a multipart user-data: the provider's part,
//! placed after a part of the user's own that has no merge settings, appends its files and
//! commands (acceptance/cloudinit_compose_merge); without it, the provider's part replaces the
//! own part's `write_files` and `runcmd`.

use crate::cloud_init_boot::{self, Boot};
use crate::provider;
use crate::scenario::acceptance_dir;
use crate::terraform::{cores, Core, Session};

const SCENARIO: &str = "cloudinit_compose_merge";

/// `apply` of the scenario with `core` (TF_VAR_cloud_init_merge=`merge`), then its `user_data`.
fn user_data(core: &Core, merge: bool) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    let logs = tmp.path().join("logs");
    std::fs::create_dir_all(work.join("files/containerd")).unwrap();
    std::fs::create_dir_all(&logs).unwrap();
    let src = acceptance_dir().join(SCENARIO);
    std::fs::copy(src.join("main.tf"), work.join("main.tf")).unwrap();
    std::fs::copy(
        src.join("files/containerd/docker.io"),
        work.join("files/containerd/docker.io"),
    )
    .unwrap();
    let cli = tmp.path().join("cli.tfrc");
    provider::write_dev_overrides_config(&cli).unwrap();
    let mut s = Session::new(core, work, logs, false);
    s.use_cli_config(&cli);
    s.env
        .push(("TF_VAR_cloud_init_merge".into(), merge.to_string()));
    let apply = s.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert_eq!(apply.code, Some(0), "{}\n{}", core.label, apply.describe());
    let out = s.run(&["output", "-raw", "-no-color", "user_data"]);
    assert_eq!(out.code, Some(0), "{}\n{}", core.label, out.describe());
    out.stdout
}

/// What the boot wrote and ran, against what both parts ask for.
fn problems(boot: &Boot, provider_kept: bool, own_kept: bool) -> Vec<String> {
    let hosts = std::fs::read_to_string(
        acceptance_dir()
            .join(SCENARIO)
            .join("files/containerd/docker.io"),
    )
    .unwrap();
    let checks = [
        (
            "the provider's hosts.toml",
            boot.file("/etc/containerd/certs.d/docker.io/hosts.toml") == Some(hosts),
            provider_kept,
        ),
        (
            "the provider's config.toml edit",
            boot.file("/etc/containerd/config.toml")
                .is_some_and(|c| c.contains("config_path = \"/etc/containerd/certs.d\"")),
            provider_kept,
        ),
        (
            "the provider's containerd restart",
            boot.calls
                .iter()
                .any(|c| c == "systemctl restart containerd"),
            provider_kept,
        ),
        (
            "the own part's sysctl file",
            boot.file("/etc/sysctl.d/90-inotify.conf").as_deref()
                == Some("fs.inotify.max_user_instances = 8192\n"),
            own_kept,
        ),
        (
            "the own part's `sysctl --system`",
            boot.calls.iter().any(|c| c == "sysctl --system"),
            own_kept,
        ),
    ];
    checks
        .iter()
        .filter(|(_, present, want)| present != want)
        .map(|(what, present, _)| {
            format!(
                "{what}: {} but should {}be\n--- merged ---\n{}\n--- runcmd ---\n{}\ncalls: {:?}",
                if *present { "present" } else { "missing" },
                if *present { "not " } else { "" },
                boot.merged,
                boot.runcmd.as_deref().unwrap_or("(none)"),
                boot.calls
            )
        })
        .collect()
}

#[test]
fn cloud_init_merge_appends_the_providers_part_to_an_earlier_one() {
    let cores = cores().unwrap_or_else(|e| panic!("{e}"));
    let first = user_data(&cores[0], true);
    for core in &cores[1..] {
        assert_eq!(
            user_data(core, true),
            first,
            "{} renders {SCENARIO} differently from {}",
            core.label,
            cores[0].label
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let boot = cloud_init_boot::boot(&first, dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let found = problems(&boot, true, true);
    assert!(
        found.is_empty(),
        "cloud_init_merge = true:\n{}",
        found.join("\n")
    );

    // Negative control: without merge_how the provider's part replaces the own part's lists.
    let plain = user_data(&cores[0], false);
    assert_ne!(plain, first);
    let dir = tempfile::tempdir().unwrap();
    let boot = cloud_init_boot::boot(&plain, dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let found = problems(&boot, true, false);
    assert!(
        found.is_empty(),
        "cloud_init_merge = false:\n{}",
        found.join("\n")
    );
}
