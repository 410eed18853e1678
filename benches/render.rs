//! Speed and memory of the hot paths: rendering the SCS proxy-cache set, rendering structured
//! registries, and the msgpack round trip of a state value. `cargo bench --bench render`
//! measures (`cargo bench --bench render -- TEXT` only the cases whose name contains TEXT);
//! under `cargo test` each case runs once as a smoke test. The timed iterations run with the
//! allocation counter off; one more iteration, counted, gives the peak heap.

use std::sync::atomic::Ordering;
use std::time::Instant;
use terraform_provider_containerd::domain::bootstrap::{
    render_formats, CloudConfig, NodeSetup, Options, OutputFormat,
};
use terraform_provider_containerd::domain::hosts_toml::Rules;
use terraform_provider_containerd::domain::node_files::{render_node_files, SourceFile};
use terraform_provider_containerd::domain::registry::{
    render_registries, scs_preset, versions::default_containerd_version, ConfigMode, RenderOptions,
    SCS_PRESETS,
};
use tfplugin6::{decode_msgpack, encode_msgpack, Type, Value};

#[path = "../crates/tfplugin6/tests/common/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{COUNTING, LIVE, PEAK};

fn case(name: &str, iterations: u32, mut body: impl FnMut() -> usize) {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    if filter.is_some_and(|f| !name.contains(&f)) {
        return;
    }
    COUNTING.store(false, Ordering::Relaxed);
    let start = Instant::now();
    let mut sink = 0;
    for _ in 0..iterations {
        sink += body();
    }
    let per_iteration = start.elapsed() / iterations;
    COUNTING.store(true, Ordering::Relaxed);
    let baseline = LIVE.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    sink += body();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(baseline);
    assert!(sink > 0, "{name} produced nothing");
    println!("{name:<40} {per_iteration:>12.2?}/iter   peak heap {peak:>9} bytes");
}

fn main() {
    let measuring = std::env::args().any(|a| a == "--bench");
    let n = if measuring { 2_000 } else { 1 };

    let scs_files: Vec<SourceFile> = SCS_PRESETS
        .iter()
        .map(|name| SourceFile {
            path: format!("./files/containerd/{name}"),
            bytes: terraform_provider_containerd::domain::registry::render_scs_file(name)
                .unwrap_or_default()
                .into_bytes(),
        })
        .collect();
    case("hosts files: SCS five, validate+render", n, || {
        let rendered = render_node_files(&scs_files, &[], &Rules::default(), 0);
        let setup = NodeSetup::new(&rendered.files, &[]);
        render_formats(setup, &Options::default(), &[CloudConfig.name()])
            .document(CloudConfig.name())
            .map_or(0, str::len)
    });

    // Issue budget: validating and rendering 10,000 host files takes at most 50 ms.
    let many_files: Vec<SourceFile> = (0..10_000)
        .map(|i| SourceFile {
            path: format!("./files/containerd/registry-{i:05}.example.com"),
            bytes: scs_files[i % scs_files.len()].bytes.clone(),
        })
        .collect();
    case(
        "hosts files: 10,000, validate+render",
        if measuring { 20 } else { 1 },
        || {
            let rendered = render_node_files(&many_files, &[], &Rules::default(), 0);
            assert!(!rendered.problems.has_errors(), "{:?}", rendered.problems);
            assert_eq!(rendered.files.len(), many_files.len());
            let setup = NodeSetup::new(&rendered.files, &[]);
            render_formats(setup, &Options::default(), &[CloudConfig.name()])
                .document(CloudConfig.name())
                .map_or(0, str::len)
        },
    );

    // The budget's two parts on their own.
    case(
        "hosts files: 10,000, validate only",
        if measuring { 20 } else { 1 },
        || {
            render_node_files(&many_files, &[], &Rules::default(), 0)
                .files
                .len()
        },
    );
    let many_rendered = render_node_files(&many_files, &[], &Rules::default(), 0);
    case(
        "hosts files: 10,000, cloud-config only",
        if measuring { 20 } else { 1 },
        || {
            let setup = NodeSetup::new(&many_rendered.files, &[]);
            render_formats(setup, &Options::default(), &[CloudConfig.name()])
                .document(CloudConfig.name())
                .map_or(0, str::len)
        },
    );

    let registries: Vec<_> = SCS_PRESETS.iter().filter_map(|n| scs_preset(n)).collect();
    let options = RenderOptions {
        version: default_containerd_version(),
        now_unix: 0,
    };
    case("registries: SCS five, render+cloud-config", n, || {
        let rendered = render_registries(&registries, &options, ConfigMode::AppendEdit);
        let setup = NodeSetup::new(&rendered.files, &rendered.commands);
        render_formats(setup, &Options::default(), &[CloudConfig.name()])
            .document(CloudConfig.name())
            .map_or(0, str::len)
    });

    let file = Type::object([("path", Type::String), ("content", Type::String)]);
    let ty = Type::object([("files", Type::list(file)), ("sha256", Type::String)]);
    let value = Value::object([
        (
            "files",
            Value::List(
                (0..50)
                    .map(|i| {
                        Value::object([
                            (
                                "path",
                                Value::String(format!("/etc/containerd/certs.d/r{i}/hosts.toml")),
                            ),
                            (
                                "content",
                                Value::String("server = \"https://x\"\n".repeat(20)),
                            ),
                        ])
                    })
                    .collect(),
            ),
        ),
        ("sha256", Value::string("0".repeat(64))),
    ]);
    // What every provider start pays for AutoMTLS: a fresh server key and certificate.
    let client_pem = include_str!("../acceptance/private_registry_ca/files/tls.crt");
    case(
        "AutoMTLS: key, certificate, TLS config",
        if measuring { 200 } else { 1 },
        || {
            tfplugin6::auto_mtls(client_pem, "terraform-provider-containerd")
                .map(|m| m.server_cert_der.len())
                .unwrap_or(0)
        },
    );

    case("msgpack: 50-file state round trip", n, || {
        let bytes = encode_msgpack(&value, &ty).unwrap_or_default();
        decode_msgpack(&bytes, &ty)
            .map(|_| bytes.len())
            .unwrap_or(0)
    });
}
