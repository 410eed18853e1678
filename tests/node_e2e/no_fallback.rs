//! `skip_fallback`: pull only from the mirrors. The upstream is up, serves the image and logs
//! every request (nginx in front of a registry), yet with `skip_fallback = true` it must get
//! none: with the mirror up the pull succeeds from the mirror, with the mirror down the pull
//! fails. Negative control: the same mirror down with `skip_fallback = false`: the pull
//! succeeds, from the upstream, whose access log shows it.
//!
//! The upstream is the loopback registry `127.0.0.1:<nginx port>` (no `server` is written for
//! it, containerd's own default applies); nginx maps `/v2/e2e/…` to the registry's `/v2/…`.

use std::cell::Cell;

use super::registry::{self, PathPrefixProxy, Registry, RegistryOptions, Seed};
use super::{oci, procs, run_scenario, setup, Variant};

fn block(namespace: &str, mirror: &str, skip_fallback: bool) -> String {
    format!(
        "data \"containerd_registry_files\" \"node\" {{\n  formats = [\"files\", \"cloud_config\"]\n  registries = {{\n    \"{namespace}\" = {{\n      skip_fallback = {skip_fallback}\n      mirrors = [{{ url = \"{mirror}\" }}]\n    }}\n  }}\n}}\n"
    )
}

#[test]
fn skip_fallback_never_contacts_the_upstream() {
    let name = "no_fallback";
    let scratch = setup(name);
    let dir = scratch.path();
    let layout = oci::build(&dir.join("oci"), &["ok", "control"], name);
    let upstream_registry = Registry::start(&dir.join("upstream"), &RegistryOptions::default())
        .expect("upstream registry");
    registry::seed(&layout, &upstream_registry, "app", &Seed::default()).expect("seed upstream");
    let upstream = PathPrefixProxy::start(&dir.join("nginx"), "e2e", &upstream_registry)
        .expect("nginx in front of the upstream");
    let mirror = Registry::start(&dir.join("mirror"), &RegistryOptions::default()).expect("mirror");
    registry::seed(&layout, &mirror, "e2e/app", &Seed::default()).expect("seed mirror");
    let dead = procs::free_port();
    assert!(!procs::port_open(dead), "port {dead} should be closed");

    let namespace = format!("127.0.0.1:{}", upstream.port);
    let reference = format!("{namespace}/e2e/app:ok");
    let ok = layout.image("ok").config_digest.clone();
    let variant = |vname: &'static str, mirror_port: u16, skip: bool, expect: bool| Variant {
        name: vname,
        structured: Some((
            block(&namespace, &format!("http://127.0.0.1:{mirror_port}"), skip),
            vec![],
        )),
        namespaces: vec![namespace.clone()],
        reference: reference.clone(),
        expect: expect.then(|| ok.clone()),
        fail_because: if expect { &[] } else { &["connection refused"] },
        ..Default::default()
    };
    let variants = [
        variant("skip_fallback_mirror_up", mirror.port, true, true),
        variant("skip_fallback_mirror_down", dead, true, false),
        variant("control_fallback_mirror_down", dead, false, true),
    ];
    // The access log grows across variants; each looks at its own part.
    let seen = Cell::new(0usize);
    run_scenario(name, dir, &variants, |vname, out| {
        let log = upstream.access_log();
        let mine = log.get(seen.get()..).unwrap_or_default().to_string();
        seen.set(log.len());
        let hosts =
            std::fs::read_to_string(out.node.etc.join(format!("certs.d/{namespace}/hosts.toml")))
                .unwrap_or_default();
        let contacted = mine.contains("/v2/");
        if vname.starts_with("skip_fallback") {
            if !hosts.contains("server = \"http://127.0.0.1:") || hosts.contains("[host.") {
                return Err(format!(
                    "skip_fallback must make the mirror the server, with no [host] tables:\n{hosts}"
                ));
            }
            if contacted {
                return Err(format!(
                    "the upstream was contacted although skip_fallback is set:\n{mine}"
                ));
            }
        } else if !contacted {
            return Err(format!(
                "control: with the mirror down and fallback allowed the upstream must serve the pull, but its access log shows no request:\n{mine}\n{hosts}"
            ));
        }
        Ok(())
    });
}
