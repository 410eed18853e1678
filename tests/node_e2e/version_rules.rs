//! The version rules the provider enforces, judged by each release: the `referrers` capability
//! (2.2+) and `dial_timeout` (2.0.7+). Where a release lacks the feature, the provider must
//! refuse it at plan (a provider-side control), and the release itself shows why: the positive
//! rendering with the feature added to the written hosts.toml by hand fails on it.
//! (A file with no `[host]` table is `structured_upstream_only_host_table_per_release`.)

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::node::Node;
use crate::procs::{self, Daemon};
use crate::releases::Release;
use crate::{
    dead_mirror_was_tried, oci, plain_registry, run_scenario_per_release, setup,
    structured_template, NodeHook, Variant,
};

/// A variant rendered from e2e/structured/<scenario>/<template>.tf for `namespace`, pulling
/// `e2e/app:ok` (which must succeed) or, for a control, `e2e/app:control`.
fn pulling(
    scenario: &str,
    vname: &'static str,
    template: &str,
    vars: &[(&str, String)],
    namespace: &str,
    layout: &oci::Layout,
    expect: bool,
) -> Variant {
    Variant {
        name: vname,
        structured: Some((structured_template(scenario, template, vars), vec![])),
        namespaces: vec![namespace.into()],
        reference: format!(
            "{namespace}/e2e/app:{}",
            if expect { "ok" } else { "control" }
        ),
        expect: expect.then(|| layout.image("ok").config_digest.clone()),
        ..Default::default()
    }
}

/// A hook that rewrites the written hosts.toml of `namespace` with `edit` (which must change it).
fn edit_hosts(namespace: &str, edit: fn(&str) -> String) -> NodeHook {
    let rel = format!("certs.d/{namespace}/hosts.toml");
    Box::new(move |node: &Node| {
        let p = node.etc.join(&rel);
        let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        let edited = edit(&text);
        if edited == text {
            return Err(format!("the edit changed nothing in:\n{text}"));
        }
        std::fs::write(&p, edited).map_err(|e| e.to_string())
    })
}

/// Where containerd pulls `referrers.registry.invalid` from without a usable mirror.
const REFERRERS_UPSTREAM: &str = "https://referrers.registry.invalid/v2/";

/// A mirror with `capabilities = ["pull", "resolve", "referrers"]`.
/// - 2.2 and later: it serves. Control: a mirror with only `referrers` is never pulled from,
///   so the pull goes to `https://<namespace>`, which does not resolve.
/// - earlier: the provider refuses `referrers` at plan. The same mirror without it serves;
///   control: that rendering with `referrers` added to the written file, which the release
///   rejects ("unknown capability"), dropping the whole file: the pull goes upstream and fails.
#[test]
fn referrers_capability_per_release() {
    let name = "referrers";
    let scratch = setup(name);
    let dir = scratch.path();
    let (layout, reg) = plain_registry(dir, name);
    let ns = "referrers.registry.invalid";
    let variant = |release: &Release, vname: &'static str, template: &str, expect: bool| {
        let vars = [
            ("PORT", reg.port.to_string()),
            ("CONTAINERD_VERSION", release.version.clone()),
        ];
        Variant {
            fail_because: if expect { &[] } else { &[REFERRERS_UPSTREAM] },
            ..pulling(name, vname, template, &vars, ns, &layout, expect)
        }
    };
    let variants = |r: &Release| {
        if r.at_least(2, 2, 0) {
            return vec![
                variant(r, "with_referrers", "with_referrers", true),
                variant(r, "control_referrers_only", "control_referrers_only", false),
            ];
        }
        vec![
            Variant {
                render_fails_because: Some("the referrers capability is known from containerd 2.2"),
                ..variant(r, "refused_at_plan", "with_referrers", true)
            },
            variant(r, "without_referrers", "without_referrers", true),
            Variant {
                after_enable: Some(edit_hosts(ns, |t| {
                    t.replace(
                        "capabilities = [\"pull\", \"resolve\"]",
                        "capabilities = [\"pull\", \"resolve\", \"referrers\"]",
                    )
                })),
                ..variant(r, "control_referrers_added", "without_referrers", false)
            },
        ]
    };
    run_scenario_per_release(name, dir, variants, |release, vname, out| {
        let hosts = std::fs::read_to_string(out.node.etc.join(format!("certs.d/{ns}/hosts.toml")))
            .unwrap_or_default();
        let log = out.node.containerd_log();
        match vname {
            "with_referrers" if !hosts.contains("\"referrers\"") => {
                Err(format!("no referrers capability in hosts.toml:\n{hosts}"))
            }
            "control_referrers_added" if !log.contains("unknown capability referrers") => {
                Err(format!(
                    "containerd {} never logged `unknown capability referrers`:\n{}",
                    release.version,
                    procs::tail(&log, 30)
                ))
            }
            _ => Ok(()),
        }
    });
}

/// A port that never answers (e2e/blackhole.py), checked: a connect to it times out.
struct Blackhole {
    _daemon: Daemon,
    port: u16,
}

impl Blackhole {
    fn start(dir: &Path) -> Result<Blackhole, String> {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        let port = procs::free_port();
        let mut cmd = Command::new("/usr/bin/python3");
        cmd.arg(crate::terraform::repo_root().join("e2e/blackhole.py"))
            .arg(port.to_string());
        let mut daemon = Daemon::spawn("blackhole", cmd, &dir.join("blackhole.log"))?;
        let log = daemon.log.clone();
        daemon.wait_until("its full accept queue", Duration::from_secs(10), || {
            std::fs::read_to_string(&log).is_ok_and(|l| l.contains("ready"))
        })?;
        match std::net::TcpStream::connect_timeout(
            &([127, 0, 0, 1], port).into(),
            Duration::from_millis(500),
        ) {
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => Ok(Blackhole {
                _daemon: daemon,
                port,
            }),
            other => Err(format!(
                "127.0.0.1:{port} should make a connect time out, got {other:?}"
            )),
        }
    }
}

/// How long each pull may take here: far more than the positive needs (every request dials
/// the silent mirror for 1s before the live one), far less than containerd's default 30s
/// dial timeout, which the controls must wait out.
const DIAL_PULL_BOUND: Duration = Duration::from_secs(15);

/// Two mirrors: the first never answers a connection attempt, the second serves.
/// - 2.0.7 and later: `dial_timeout = "1s"` on the first makes containerd give up on it and
///   pull from the second within the bound ([`DIAL_PULL_BOUND`]); control: without it
///   containerd waits its default 30s per dial and the pull does not finish in time.
/// - earlier: the provider refuses `dial_timeout` at plan; control: the rendering without it
///   with `dial_timeout = "1s"` added to the written file by hand times out just the same (the
///   release ignores the key).
///
/// The suite's longest test (its controls wait out the bound): `crate::dial_timeout_per_release`
/// runs it under a name the test harness starts first.
pub fn dial_timeout_per_release() {
    let name = "dial_timeout";
    let scratch = setup(name);
    let dir = scratch.path();
    let (layout, live) = plain_registry(dir, name);
    let blackhole = Blackhole::start(&dir.join("blackhole")).expect("blackhole");
    let ns = "dial.registry.invalid";
    let variant = |release: &Release, vname: &'static str, template: &str, expect: bool| {
        let vars = [
            ("BLACKHOLE_PORT", blackhole.port.to_string()),
            ("LIVE_PORT", live.port.to_string()),
            ("CONTAINERD_VERSION", release.version.clone()),
        ];
        Variant {
            fail_because: if expect { &[] } else { &["timed out"] },
            pull_timeout: Some(DIAL_PULL_BOUND),
            ..pulling(name, vname, template, &vars, ns, &layout, expect)
        }
    };
    let variants = |r: &Release| {
        if r.at_least(2, 0, 7) {
            return vec![
                variant(r, "with_dial_timeout", "with_dial_timeout", true),
                variant(
                    r,
                    "control_without_dial_timeout",
                    "control_without_dial_timeout",
                    false,
                ),
            ];
        }
        vec![
            Variant {
                render_fails_because: Some("dial_timeout is read from containerd 2.0.7"),
                ..variant(r, "refused_at_plan", "with_dial_timeout", true)
            },
            Variant {
                after_enable: Some(edit_hosts(ns, add_dial_timeout)),
                ..variant(
                    r,
                    "control_dial_timeout_ignored",
                    "control_without_dial_timeout",
                    false,
                )
            },
        ]
    };
    run_scenario_per_release(name, dir, variants, |_, vname, out| {
        if vname == "with_dial_timeout" {
            dead_mirror_was_tried(out, blackhole.port)?;
        }
        Ok(())
    });
}

/// `dial_timeout = "1s"` under the first `[host."…"]` table.
fn add_dial_timeout(hosts: &str) -> String {
    let mut out = String::new();
    let mut added = false;
    for line in hosts.lines() {
        out.push_str(line);
        out.push('\n');
        if !added && line.trim_start().starts_with("[host.\"") {
            out.push_str("  dial_timeout = \"1s\"\n");
            added = true;
        }
    }
    out
}
