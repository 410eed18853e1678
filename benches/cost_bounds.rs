//! Cost bounds: time and peak memory of every input-sized path, from an eighth of its documented
//! limit up to the limit, plus one data source read with every limit reached at once.
//!
//! Each measurement runs in a child process of this binary (`--case NAME SIZE`), so the peak
//! resident memory it reports (`VmHWM`) belongs to that case alone. `cargo bench --bench
//! cost_bounds` measures and fails when a case grows faster than linearly or a read at the
//! limits takes more than 1 s or 256 MiB; under `cargo test` each case runs once, small.

use std::process::Command;
use std::time::{Duration, Instant};

use terraform_provider_containerd::domain::hosts_toml::{validate, Rules};
use terraform_provider_containerd::domain::limits;
use terraform_provider_containerd::domain::registry::parse_hosts_toml;
use terraform_provider_containerd::provider::ContainerdProvider;
use tfplugin6::{CallRequest, DataSource, Provider, ReadDataRequest, Value};

/// What a case measures, prepared: its input is built before the clock starts.
type Prepared = Box<dyn FnOnce() -> usize>;

/// A case: its name, its size at the limit and how to prepare it for a size.
struct Case {
    name: &'static str,
    limit: usize,
    prepare: fn(usize) -> Prepared,
}

const CASES: &[Case] = &[
    Case {
        name: "validate: file of [tN] table headers",
        limit: limits::MAX_TABLES,
        prepare: validate_tables,
    },
    Case {
        name: "validate: unknown keys in one host table",
        limit: KEYS_IN_A_FULL_FILE,
        prepare: validate_keys,
    },
    Case {
        name: "parse_hosts_toml: [host.\"…\"] tables",
        limit: limits::MAX_TABLES,
        prepare: parse_host_tables,
    },
    Case {
        name: "hosts_toml function: mirrors",
        limit: limits::MAX_MIRRORS,
        prepare: hosts_toml_mirrors,
    },
    Case {
        name: "data source read: registries x mirrors",
        limit: limits::MAX_REGISTRIES,
        prepare: read_registries,
    },
    Case {
        name: "data source read: inline CA certificates",
        // One certificate fewer than the byte limit holds leaves room for the names.
        limit: limits::MAX_REGISTRIES_BYTES / CA_PEM.len() - 1,
        prepare: read_inline_cas,
    },
    Case {
        name: "data source read: hosts files, MAX_TOTAL_FILE_BYTES in all",
        limit: limits::MAX_FILES,
        prepare: read_files,
    },
];

/// Header lines of about ten bytes, as many as fit in a file at the size limit.
fn table_headers(count: usize, line: impl Fn(usize) -> String) -> String {
    let mut text = String::new();
    for i in 0..count {
        text.push_str(&line(i));
    }
    text
}

fn validate_tables(count: usize) -> Prepared {
    let text = table_headers(count, |i| format!("[t{i}]\n"));
    Box::new(move || validate(&text, &Rules::default()).problems.len() + 1)
}

/// About as many `kN = 1` lines as fit in a file at the size limit.
const KEYS_IN_A_FULL_FILE: usize = limits::MAX_FILE_BYTES / 11;

fn validate_keys(count: usize) -> Prepared {
    let keys = table_headers(count, |i| format!("k{i} = 1\n"));
    let text = format!("[host.\"https://m.example\"]\n{keys}");
    Box::new(move || validate(&text, &Rules::default()).problems.len() + 1)
}

fn parse_host_tables(count: usize) -> Prepared {
    let text = table_headers(count, |i| format!("[host.\"h{i}\"]\n"));
    Box::new(move || {
        let parsed = parse_hosts_toml(&text, "", &Rules::default());
        parsed.problems.len() + parsed.registry.map_or(0, |r| r.mirrors.len())
    })
}

fn mirror(i: usize) -> Value {
    Value::object([("url", Value::string(format!("https://m{i}.example")))])
}

fn hosts_toml_mirrors(count: usize) -> Prepared {
    let function = ContainerdProvider
        .functions()
        .into_iter()
        .find(|f| f.name() == "hosts_toml")
        .expect("hosts_toml function");
    let registry = Value::object([("mirrors", Value::List((0..count).map(mirror).collect()))]);
    let request = CallRequest::new(vec![Value::string("docker.io"), registry]);
    Box::new(move || match function.call(request).result {
        Ok(Value::String(text)) => text.len(),
        Ok(_) => 0,
        Err(error) if count > limits::MAX_MIRRORS => error.text.len(),
        Err(error) => panic!("hosts_toml failed: {}", error.text),
    })
}

fn data_source() -> std::sync::Arc<dyn DataSource> {
    ContainerdProvider
        .data_sources()
        .into_iter()
        .next()
        .expect("data source")
}

fn read(config: Value) -> Prepared {
    let data_source = data_source();
    Box::new(move || read_now(&*data_source, config))
}

fn read_now(data_source: &dyn DataSource, config: Value) -> usize {
    let response = data_source.read(ReadDataRequest::new(config));
    let errors: Vec<_> = response
        .diagnostics
        .0
        .iter()
        .filter(|d| d.severity == tfplugin6::Severity::Error)
        .map(|d| format!("{}: {}", d.summary, d.detail))
        .collect();
    assert!(errors.is_empty(), "read failed: {errors:?}");
    match response.state.attr("sha256") {
        Value::String(hash) => hash.len(),
        _ => 0,
    }
}

/// `count` registries, each with the most mirrors a registry may have.
fn read_registries(count: usize) -> Prepared {
    let mirrors = limits::MAX_MIRRORS;
    let registries = (0..count)
        .map(|r| {
            let mirrors = (0..mirrors)
                .map(|m| {
                    Value::object([("url", Value::string(format!("https://m{m}.r{r}.example")))])
                })
                .collect();
            (
                format!("r{r}.example"),
                Value::object([("mirrors", Value::List(mirrors))]),
            )
        })
        .collect();
    read(Value::object([("registries", Value::Map(registries))]))
}

const CA_PEM: &str = include_str!("../acceptance/private_registry_ca/files/tls.crt");

/// `count` inline CA certificates, as many per registry as a list may hold: about as many as
/// `MAX_REGISTRIES_BYTES` allows at the limit.
fn read_inline_cas(count: usize) -> Prepared {
    let per_registry = limits::MAX_ELEMENTS;
    let registries = (0..count.div_ceil(per_registry))
        .map(|r| {
            let n = per_registry.min(count - r * per_registry);
            let ca = (0..n).map(|_| Value::string(CA_PEM)).collect();
            (
                format!("r{r}.example"),
                Value::object([("ca", Value::List(ca))]),
            )
        })
        .collect();
    read(Value::object([("registries", Value::Map(registries))]))
}

/// `count` hand-written hosts files, together as large as all files may be (one long comment
/// each).
fn read_files(count: usize) -> Prepared {
    let dir = tempfile::tempdir().expect("temp dir");
    let head = "server = \"https://registry.example\"\n[host.\"https://m.example\"]\n#";
    let size = (limits::MAX_TOTAL_FILE_BYTES / limits::MAX_FILES).min(limits::MAX_FILE_BYTES);
    let body = "x".repeat(size - head.len() - 1);
    let paths = (0..count)
        .map(|i| {
            let path = dir.path().join(format!("r{i}.example"));
            std::fs::write(&path, format!("{head}{body}\n")).expect("write hosts file");
            Value::string(path.to_string_lossy())
        })
        .collect();
    let read = read(Value::object([("hosts", Value::Set(paths))]));
    Box::new(move || {
        let hash = read();
        drop(dir);
        hash
    })
}

/// Peak resident memory of this process so far.
fn peak_rss_bytes() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<usize>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// CPU time of this process: on a machine shared with other work, wall time measures the
/// neighbours as much as the case.
fn cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// Runs one case in this process and prints `cpu_seconds wall_seconds peak_bytes`.
fn child(name: &str, size: usize) {
    let case = CASES.iter().find(|c| c.name == name).expect("known case");
    let run = (case.prepare)(size);
    let (cpu, wall) = (cpu_time(), Instant::now());
    let sink = run();
    let (cpu, wall) = (cpu_time() - cpu, wall.elapsed());
    assert!(sink > 0, "{name} produced nothing");
    println!(
        "{} {} {}",
        cpu.as_secs_f64(),
        wall.as_secs_f64(),
        peak_rss_bytes()
    );
}

struct Measured {
    /// CPU time.
    time: Duration,
    wall: Duration,
    peak: usize,
}

fn measure(case: &Case, size: usize) -> Measured {
    let output = Command::new(std::env::current_exe().expect("own path"))
        .args(["--case", case.name, &size.to_string()])
        .output()
        .expect("run case");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{} at {size} failed: {}{}",
        case.name,
        stdout,
        String::from_utf8_lossy(&output.stderr)
    );
    let mut fields = stdout.split_whitespace();
    let mut seconds = || {
        let s: f64 = fields.next().and_then(|s| s.parse().ok()).expect("seconds");
        Duration::from_secs_f64(s)
    };
    let (time, wall) = (seconds(), seconds());
    let peak = stdout
        .split_whitespace()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .expect("peak");
    Measured { time, wall, peak }
}

/// What a process of this binary holds before any case runs.
fn baseline_peak() -> usize {
    measure(&CASES[0], 1).peak
}

const MIB: usize = 1 << 20;
/// Growth from an eighth of the limit to the limit may exceed 8x by this factor (noise, caches).
const SLACK: f64 = 2.5;
/// Below this a case is too fast for its growth to mean anything.
const NOISE_FLOOR: Duration = Duration::from_millis(20);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--case") {
        let size = args[at + 2].parse().expect("size");
        return child(&args[at + 1], size);
    }
    let measuring = args.iter().any(|a| a == "--bench");
    if !measuring {
        for case in CASES {
            measure(case, 2.min(case.limit));
        }
        return;
    }
    let baseline = baseline_peak();
    println!(
        "baseline peak RSS of a case process: {:.1} MiB",
        baseline as f64 / MIB as f64
    );
    let mut failures = Vec::new();
    for case in CASES {
        println!("{}", case.name);
        let sizes = [case.limit / 8, case.limit / 4, case.limit / 2, case.limit];
        let results: Vec<Measured> = sizes.iter().map(|&s| measure(case, s.max(1))).collect();
        for (size, m) in sizes.iter().zip(&results) {
            println!(
                "  {size:>8}  cpu {:>10.3?}  wall {:>10.3?}  peak RSS {:>7.1} MiB (+{:.1})",
                m.time,
                m.wall,
                m.peak as f64 / MIB as f64,
                m.peak.saturating_sub(baseline) as f64 / MIB as f64
            );
        }
        let (small, large) = (&results[0], &results[3]);
        let time_growth = large.time.as_secs_f64() / small.time.as_secs_f64().max(1e-9);
        if large.time > NOISE_FLOOR && time_growth > 8.0 * SLACK {
            failures.push(format!(
                "{}: time grew {time_growth:.1}x for 8x the size",
                case.name
            ));
        }
        let extra = |m: &Measured| m.peak.saturating_sub(baseline).max(MIB) as f64;
        let memory_growth = extra(large) / extra(small);
        if memory_growth > 8.0 * SLACK {
            failures.push(format!(
                "{}: memory grew {memory_growth:.1}x for 8x the size",
                case.name
            ));
        }
        if large.time > Duration::from_secs(1) || large.peak > 256 * MIB {
            failures.push(format!(
                "{} at its limit: {:?} and {} MiB, more than 1 s or 256 MiB",
                case.name,
                large.time,
                large.peak / MIB
            ));
        }
    }
    // The inputs that were slow before the limits existed: now refused with an error naming
    // the limit, in this time.
    println!("inputs over the limits");
    for (case, size) in [
        (0, 115_969), // a 1 MiB file of [tN] headers
        (2, 100_000),
        (3, 20_000),
        (3, 100_000),
    ] {
        let m = measure(&CASES[case], size);
        println!(
            "  {:<40} {size:>8}  cpu {:>10.3?}  wall {:>10.3?}  peak RSS {:>7.1} MiB",
            CASES[case].name,
            m.time,
            m.wall,
            m.peak as f64 / MIB as f64
        );
    }
    assert!(
        failures.is_empty(),
        "cost bounds exceeded:\n{}",
        failures.join("\n")
    );
}
