use super::*;
use crate::domain::test_fixtures::{EXPIRED_CERT, NOW, VALID_CERT, VALID_KEY_PKCS8};

const SCS_DOCKER_IO: &str = "server = \"https://registry-1.docker.io\"\n\n[host.\"https://registry.scs.community/v2/docker.io\"]\n    capabilities = [\"pull\"]\n    override_path = true\n";

/// A finding about one input file, spelled out field by field.
#[derive(Debug, PartialEq)]
struct FileProblem {
    input: InputKind,
    source_path: String,
    severity: Severity,
    summary: String,
    detail: String,
}

fn input_kind(finding: &Finding) -> InputKind {
    match finding.location.input {
        Some("hosts") => InputKind::Hosts,
        Some("certs") => InputKind::Certs,
        other => panic!("not a file input: {other:?}"),
    }
}

fn file_problems(result: &NodeFiles) -> Vec<FileProblem> {
    result
        .problems
        .iter()
        .map(|p| FileProblem {
            input: input_kind(p),
            source_path: p.location.file.clone().unwrap_or_default(),
            severity: p.severity,
            summary: p.summary.unwrap_or_default().to_string(),
            detail: p.message.clone(),
        })
        .collect()
}

fn source(path: &str, content: &str) -> SourceFile {
    SourceFile {
        path: path.to_string(),
        bytes: content.as_bytes().to_vec(),
    }
}

fn render(hosts: &[SourceFile], certs: &[SourceFile]) -> NodeFiles {
    render_node_files(hosts, certs, &Rules::default(), NOW)
}

fn details(result: &NodeFiles) -> Vec<String> {
    result.problems.iter().map(|p| p.message.clone()).collect()
}

#[test]
fn scs_default_renders_one_hosts_file() {
    let result = render(
        &[source("./files/containerd/docker.io", SCS_DOCKER_IO)],
        &[],
    );
    assert_eq!(details(&result), Vec::<String>::new());
    assert_eq!(
        result.files,
        vec![NodeFile {
            path: "/etc/containerd/certs.d/docker.io/hosts.toml".to_string(),
            content: SCS_DOCKER_IO.as_bytes().to_vec(),
            permissions: "0644".to_string(),
            owner: "root:root".to_string(),
        }]
    );
}

#[test]
fn certificates_and_keys_get_their_modes_and_output_is_sorted() {
    let hosts = [
        source(
            "files/registry.k8s.io",
            "server = \"https://registry.k8s.io\"\n[host]\n",
        ),
        source("files/docker.io/", SCS_DOCKER_IO),
    ];
    let certs = [
        source("pki/client.key", VALID_KEY_PKCS8),
        source("pki/ca.crt", VALID_CERT),
        source(
            "pki/combined.pem",
            &format!("{VALID_CERT}{VALID_KEY_PKCS8}"),
        ),
    ];
    let result = render(&hosts, &certs);
    assert_eq!(details(&result), Vec::<String>::new());
    let summary: Vec<(&str, &str)> = result
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.permissions.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("/etc/containerd/certs.d/docker.io/hosts.toml", "0644"),
            ("/etc/containerd/certs.d/registry.k8s.io/hosts.toml", "0644"),
            ("/etc/containerd/certs/ca.crt", "0644"),
            ("/etc/containerd/certs/client.key", "0600"),
            ("/etc/containerd/certs/combined.pem", "0600"),
        ]
    );
    assert!(result.files.iter().all(|f| f.owner == "root:root"));
}

#[test]
fn hosts_error_names_file_line_key_and_consequence() {
    let text = "server = \"https://registry-1.docker.io\"\n[host.\"https://m\"]\ncapabilities = [\"pul\"]\n";
    let result = render(&[source("./files/containerd/docker.io", text)], &[]);
    assert!(result.has_errors());
    assert!(result.files.is_empty());
    assert_eq!(
        file_problems(&result),
        vec![FileProblem {
            input: InputKind::Hosts,
            source_path: "./files/containerd/docker.io".to_string(),
            severity: Severity::Error,
            summary: "Invalid containerd hosts file".to_string(),
            detail: "./files/containerd/docker.io line 3, key host.\"https://m\".capabilities: unknown capability \"pul\" (containerd accepts pull, resolve, push) — containerd would ignore this whole file and pull from upstream.".to_string(),
        }]
    );
    assert_eq!(InputKind::Hosts.attribute(), "hosts");
}

#[test]
fn all_problems_are_collected_across_files() {
    let hosts = [
        source("a/https:registry.example.com", SCS_DOCKER_IO),
        source(
            "a/quay.io",
            "[host.\"https://m\"]\nskip_verify = \"yes\"\noverride_path = 1\n",
        ),
        // A misspelled key: a warning (a file without [host] is an error without a pinned
        // version, since containerd before 1.7.32 refuses it).
        source(
            "a/ghcr.io",
            "server = \"https://ghcr.io\"\noverid_path = true\n\n[host]\n",
        ),
    ];
    let certs = [
        source("c/old.crt", EXPIRED_CERT),
        source("c/notes.txt", "hello"),
    ];
    let result = render(&hosts, &certs);
    let found: Vec<(InputKind, &str, Severity, &str)> = result
        .problems
        .iter()
        .map(|p| {
            (
                input_kind(p),
                p.location.file.as_deref().unwrap_or_default(),
                p.severity,
                p.summary.unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                InputKind::Hosts,
                "a/https:registry.example.com",
                Severity::Error,
                "Invalid registry namespace"
            ),
            (
                InputKind::Hosts,
                "a/quay.io",
                Severity::Error,
                "Invalid containerd hosts file"
            ),
            (
                InputKind::Hosts,
                "a/quay.io",
                Severity::Error,
                "Invalid containerd hosts file"
            ),
            (
                InputKind::Hosts,
                "a/ghcr.io",
                Severity::Warning,
                "Check containerd hosts file"
            ),
            (
                InputKind::Certs,
                "c/old.crt",
                Severity::Error,
                "Invalid certificate file"
            ),
            (
                InputKind::Certs,
                "c/notes.txt",
                Severity::Error,
                "Invalid certificate file"
            ),
        ]
    );
    assert!(result.files.is_empty());
    assert!(details(&result)[4].contains("\"CN=old-registry\") expired on 2021-06-30 12:00:00 UTC"));
}

#[test]
fn duplicate_targets_are_errors() {
    let hosts = [
        source("team-a/docker.io", SCS_DOCKER_IO),
        source("team-b/docker.io", SCS_DOCKER_IO),
    ];
    let result = render(&hosts, &[]);
    assert_eq!(
        details(&result),
        vec!["team-b/docker.io and team-a/docker.io would both be written to /etc/containerd/certs.d/docker.io/hosts.toml; keep one of them".to_string()]
    );
    assert!(result.files.is_empty());

    let certs = [
        source("x/ca.crt", VALID_CERT),
        source("y/ca.crt", VALID_CERT),
    ];
    assert!(render(&[], &certs).has_errors());
}

#[test]
fn non_utf8_hosts_file_is_an_error() {
    let file = SourceFile {
        path: "docker.io".to_string(),
        bytes: vec![b's', 0xff, b'\n'],
    };
    let result = render(&[file], &[]);
    assert!(details(&result)[0].contains("is not UTF-8"));
}

#[test]
fn bad_certificate_file_names_are_errors() {
    let result = render(&[], &[source("/", VALID_CERT), source("..", VALID_CERT)]);
    assert_eq!(result.problems.len(), 2);
    assert!(result.has_errors());
}

#[test]
fn private_registry_ca_reference_is_checked() {
    // Seed 004's file references ca = "tls.crt" relative to its directory,
    // but certificate files go to /etc/containerd/certs.
    let hosts_text = "server = \"https://docker-registry:5000\"\n\n[host.\"https://docker-registry:5000\"]\n  capabilities = [\"pull\", \"resolve\", \"push\"]\n  ca = \"tls.crt\"\n";
    let hosts = [source("files/docker-registry:5000", hosts_text)];
    let certs = [source("files/tls.crt", VALID_CERT)];
    let result = render(&hosts, &certs);
    assert!(!result.has_errors());
    assert_eq!(result.files.len(), 2);
    assert_eq!(
        details(&result),
        vec!["files/docker-registry:5000 line 3, key host.\"https://docker-registry:5000\".ca: \"tls.crt\" resolves to /etc/containerd/certs.d/docker-registry:5000/tls.crt, which this configuration does not create, so containerd's TLS setup for this host fails at pull time; did you mean \"/etc/containerd/certs/tls.crt\"?".to_string()]
    );

    let fixed = hosts_text.replace("ca = \"tls.crt\"", "ca = \"/etc/containerd/certs/tls.crt\"");
    let result = render(&[source("files/docker-registry:5000", &fixed)], &certs);
    assert_eq!(details(&result), Vec::<String>::new());
}

#[test]
fn references_to_the_wrong_kind_of_file_are_warnings() {
    let hosts_text = "[host.\"https://r\"]\nca = \"/etc/containerd/certs/client.key\"\nclient = [[\"/etc/containerd/certs/ca.crt\", \"/etc/containerd/certs/ca.crt\"]]\n";
    let certs = [
        source("ca.crt", VALID_CERT),
        source("client.key", VALID_KEY_PKCS8),
    ];
    let result = render(&[source("r.example", hosts_text)], &certs);
    assert!(!result.has_errors());
    let found = details(&result);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].contains("holds only a private key, but containerd needs a certificate"));
    assert!(found[1].contains("holds only certificates, but containerd needs a private key"));
    // Paths outside /etc/containerd (e.g. system CAs) are not second-guessed.
    let system = "[host.\"https://r\"]\nca = \"/etc/ssl/certs/ca-certificates.crt\"\n";
    assert_eq!(
        details(&render(&[source("r.example", system)], &[])),
        Vec::<String>::new()
    );
}

#[test]
fn output_is_deterministic_regardless_of_input_order() {
    let a = [
        source("docker.io", SCS_DOCKER_IO),
        source("quay.io", "[host]\n"),
    ];
    let b = [
        source("quay.io", "[host]\n"),
        source("docker.io", SCS_DOCKER_IO),
    ];
    assert_eq!(render(&a, &[]).files, render(&b, &[]).files);
}

#[test]
fn a_hosts_file_with_an_authorization_header_is_private() {
    let with_header = "server = \"https://r.example\"\n\n[host.\"https://m.example\"]\n  capabilities = [\"pull\"]\n  [host.\"https://m.example\".header]\n    Authorization = \"Basic dTpw\"\n";
    let plain = "server = \"https://r.example\"\n\n[host.\"https://m.example\"]\n  capabilities = [\"pull\"]\n";
    let result = render(
        &[
            source("./files/r.example", with_header),
            source("./files/q.example", plain),
        ],
        &[],
    );
    assert!(!result.has_errors(), "{:?}", details(&result));
    let mode = |ns: &str| {
        result
            .files
            .iter()
            .find(|f| f.path == format!("/etc/containerd/certs.d/{ns}/hosts.toml"))
            .map(|f| f.permissions.as_str())
    };
    assert_eq!(mode("r.example"), Some(MODE_PRIVATE));
    assert_eq!(mode("q.example"), Some(MODE_PUBLIC));
}

#[test]
fn files_over_the_total_size_limit_are_refused_before_any_is_checked() {
    use crate::domain::limits::{MAX_FILE_BYTES, MAX_TOTAL_FILE_BYTES};
    let head = "[host.\"https://m.example\"]\n#";
    let body = "x".repeat(MAX_FILE_BYTES - head.len() - 1);
    let big = |name: String| source(&name, &format!("{head}{body}\n"));
    let count = MAX_TOTAL_FILE_BYTES / MAX_FILE_BYTES + 1;
    let files: Vec<_> = (0..count).map(|i| big(format!("./r{i}.example"))).collect();
    let result = render_node_files(&files, &[], &Rules::default(), NOW);
    let problems = file_problems(&result);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .detail
            .contains("exceeds the limit MAX_TOTAL_FILE_BYTES"),
        "{problems:?}"
    );
    assert!(result.files.is_empty());
    let fits = render_node_files(&files[1..], &[], &Rules::default(), NOW);
    assert!(!fits.has_errors(), "{:?}", fits.problems);
}

/// Checking many hosts files together gives what checking each file on its own gives, in
/// input order, with the certificate references last.
#[test]
fn many_hosts_files_give_the_results_of_each_file_in_order() {
    let texts = [
        SCS_DOCKER_IO,
        "server = \"https://quay.io\"\n[host.\"https://m.example\"]\n  capabilities = [\"pull\"]\n  skip_verfy = true\n",
        "server = \"ftp://nope\"\n",
        "[host.\"https://m.example\"]\n  ca = \"/etc/containerd/certs/missing.crt\"\n",
    ];
    let hosts: Vec<SourceFile> = (0..1_200)
        .map(|i| source(&format!("./files/r{i:04}.example"), texts[i % texts.len()]))
        .collect();
    let together = render(&hosts, &[]);
    let one_by_one: Vec<NodeFiles> = hosts
        .iter()
        .map(|h| render(std::slice::from_ref(h), &[]))
        .collect();
    // Certificate references are checked after every file has been read.
    let (references, own): (Vec<FileProblem>, Vec<FileProblem>) = one_by_one
        .iter()
        .flat_map(file_problems)
        .partition(|p| p.summary == "Certificate reference not satisfied");
    assert_eq!(references.len(), 300);
    let expected: Vec<FileProblem> = own.into_iter().chain(references).collect();
    let got = file_problems(&together);
    assert_eq!(got.len(), expected.len());
    if let Some(i) = (0..got.len()).find(|&i| got[i] != expected[i]) {
        panic!("finding {i}: {:?}, expected {:?}", got[i], expected[i]);
    }
    assert!(together.problems.has_errors());
    assert!(together.files.is_empty());

    let valid: Vec<SourceFile> = hosts
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % texts.len() != 2)
        .map(|(_, h)| h)
        .collect();
    let together = render(&valid, &[]);
    let mut expected: Vec<NodeFile> = valid
        .iter()
        .flat_map(|h| render(std::slice::from_ref(h), &[]).files)
        .collect();
    expected.sort_by(|a, b| a.path.cmp(&b.path));
    assert!(
        !together.problems.has_errors(),
        "{:?}",
        together.problems.first_error()
    );
    assert_eq!(together.files.len(), 900);
    assert!(together.files == expected, "the files differ");
}
