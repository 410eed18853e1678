//! The resource across a change: editing a hosts file, and then asking for another output
//! format, each show as an in-place update of exactly that resource in the next plan, and after
//! apply the plan is empty again.

use super::provider;
use super::scenario::acceptance_dir;
use super::terraform::{cores, Session};

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn resource_updates_in_place_when_a_file_changes() {
    for core in cores().unwrap_or_else(|e| panic!("{e}")) {
        let temp = tempfile::tempdir().unwrap();
        let work = temp.path().join("work");
        let logs = temp.path().join("logs");
        std::fs::create_dir_all(&logs).unwrap();
        copy_dir(&acceptance_dir().join("resource_scs_default"), &work);
        let cli_config = temp.path().join("cli.tfrc");
        provider::write_dev_overrides_config(&cli_config).unwrap();
        let mut session = Session::new(core, work.clone(), logs, false);
        session.use_cli_config(&cli_config);
        let must = |args: &[&str], code: i32| {
            let run = session.run(args);
            assert_eq!(run.code, Some(code), "{}\n{}", core.label, run.describe());
            run
        };
        must(&["apply", "-auto-approve", "-input=false", "-no-color"], 0);
        must(
            &["plan", "-detailed-exitcode", "-input=false", "-no-color"],
            0,
        );

        let hosts = work.join("files/containerd/docker.io");
        let edited = std::fs::read_to_string(&hosts).unwrap().replace(
            "capabilities = [\"pull\"]",
            "capabilities = [\"pull\", \"resolve\"]",
        );
        std::fs::write(&hosts, edited).unwrap();

        let plan = must(
            &["plan", "-detailed-exitcode", "-input=false", "-no-color"],
            2,
        );
        assert!(
            plan.stdout
                .contains("containerd_registry_files.this will be updated in-place"),
            "{}\n{}",
            core.label,
            plan.describe()
        );
        // The contents are sensitive; the per-file hashes show which file changes.
        let changed = plan
            .stdout
            .lines()
            .find(|l| l.contains("\"/etc/containerd/certs.d/docker.io/hosts.toml\""))
            .unwrap_or_default();
        assert!(
            changed.trim_start().starts_with('~') && changed.contains("->"),
            "the plan should show the hosts.toml hash changing:\n{}",
            plan.stdout
        );
        assert!(
            !plan.stdout.contains("registry.scs.community"),
            "contents must stay hidden"
        );
        must(&["apply", "-auto-approve", "-input=false", "-no-color"], 0);
        must(
            &["plan", "-detailed-exitcode", "-input=false", "-no-color"],
            0,
        );

        // Another format: rendered and stored in place, no replacement.
        let main_tf = work.join("main.tf");
        let config = std::fs::read_to_string(&main_tf).unwrap();
        let more = config.replace(
            "formats = [\"files\", \"cloud_config\", \"file_sha256\"]",
            "formats = [\"files\", \"cloud_config\", \"file_sha256\", \"kubeadm_files\"]",
        );
        assert_ne!(config, more, "resource_scs_default/main.tf sets formats");
        std::fs::write(&main_tf, more).unwrap();
        let plan = must(
            &["plan", "-detailed-exitcode", "-input=false", "-no-color"],
            2,
        );
        assert!(
            plan.stdout
                .contains("containerd_registry_files.this will be updated in-place")
                && !plan.stdout.contains("must be replaced"),
            "{}\n{}",
            core.label,
            plan.describe()
        );
        let added = plan
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with("+ kubeadm_files "))
            .unwrap_or_default();
        assert!(
            added.contains("(sensitive value)"),
            "the plan should add kubeadm_files, hidden:\n{}",
            plan.stdout
        );
        must(&["apply", "-auto-approve", "-input=false", "-no-color"], 0);
        must(
            &["plan", "-detailed-exitcode", "-input=false", "-no-color"],
            0,
        );
        must(
            &["destroy", "-auto-approve", "-input=false", "-no-color"],
            0,
        );
    }
}
