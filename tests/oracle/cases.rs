//! The registries inputs the differential test renders, and the parser cases.

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use terraform_provider_containerd::domain::hosts_toml::ContainerdVersion;
use terraform_provider_containerd::domain::registry::{
    CertSource, ClientPair, Credentials, CredentialsMode, Mirror, Registry,
};

use super::expect::{all_capabilities, endpoint, no_file, Endpoint};

pub type Literal = fn(ContainerdVersion) -> Vec<Endpoint>;

/// A registry host resolved through the case's hosts directory.
pub struct Query {
    pub host: String,
    /// A literal answer; without one the answer is read from the provider's model.
    pub literal: Option<Literal>,
}

pub struct Case {
    pub name: &'static str,
    pub registries: Vec<Registry>,
    pub queries: Vec<Query>,
    /// Releases older than this are skipped (the provider refuses the input for them).
    pub min_version: ContainerdVersion,
    /// A warning the rendering must give.
    pub warning: Option<String>,
    /// Text no warning may contain.
    pub no_warning: Option<String>,
}

fn case(name: &'static str, registries: Vec<Registry>, hosts: &[&str]) -> Case {
    Case {
        name,
        registries,
        queries: hosts.iter().map(|h| model(h)).collect(),
        min_version: ContainerdVersion::new(1, 6, 0),
        warning: None,
        no_warning: None,
    }
}

fn model(host: &str) -> Query {
    Query {
        host: host.to_string(),
        literal: None,
    }
}

fn literal(host: &str, literal: Literal) -> Query {
    Query {
        host: host.to_string(),
        literal: Some(literal),
    }
}

fn registry(namespace: &str, mirrors: &[&str]) -> Registry {
    Registry {
        namespace: namespace.to_string(),
        mirrors: mirrors.iter().map(|m| Mirror::new(*m)).collect(),
        ..Registry::default()
    }
}

const PULL: &[&str] = &["pull", "resolve"];

/// A CA certificate whose common name is `cn`.
fn ca_pem(cn: &str) -> String {
    let key = KeyPair::generate().expect("key");
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params.distinguished_name.push(DnType::CommonName, cn);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.self_signed(&key).expect("self-signed").pem()
}

/// A client certificate (common name `cn`) and its key.
fn client_pair(cn: &str) -> ClientPair {
    let key = KeyPair::generate().expect("key");
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params.distinguished_name.push(DnType::CommonName, cn);
    let cert = params.self_signed(&key).expect("self-signed").pem();
    ClientPair {
        cert: CertSource::Inline(cert),
        key: CertSource::Inline(key.serialize_pem()),
    }
}

fn credentials(mode: CredentialsMode) -> Credentials {
    Credentials {
        username: "robot".into(),
        password: "s3cret".into(),
        mode,
    }
}

pub fn all() -> Vec<Case> {
    let mut cases = vec![
        case(
            "docker.io with two mirrors",
            vec![registry(
                "docker.io",
                &["https://mirror.gcr.io", "http://mirror.test:5000"],
            )],
            &["docker.io"],
        ),
        case(
            "paths: proxy caches and an API root",
            vec![
                registry("icr.io", &["https://icr.io/dpod"]),
                registry(
                    "docker.io",
                    &[
                        "https://harbor.test/v2/docker.io/",
                        "https://plain.test/v2/",
                        "https://a.test/x/../v2",
                    ],
                ),
            ],
            &["icr.io", "docker.io"],
        ),
        case(
            "ports and IPv4 mirrors",
            vec![registry(
                "myreg.test:5000",
                &[
                    "10.0.0.5:5000",
                    "http://192.168.1.1:8080",
                    "https://m.test:443",
                ],
            )],
            &["myreg.test:5000"],
        ),
        case(
            "a host_port_ directory name",
            vec![registry("myreg.test_5000_", &["https://m.test"])],
            &["myreg.test:5000"],
        ),
        case(
            "loopback namespaces without a server",
            vec![
                registry("localhost:5000", &["https://m.test"]),
                registry("localhost", &["https://m.test"]),
                registry("localhost:443", &["https://m.test"]),
                registry("localhost:80", &["https://m.test"]),
                registry("127.0.0.1:5000", &["https://m.test"]),
            ],
            &[],
        ),
        case(
            "_default and other namespaces",
            vec![
                registry("_default", &["https://m.test"]),
                registry("ghcr.io", &["https://g.test"]),
            ],
            &["ghcr.io", "quay.io", "docker.io", "localhost:5000"],
        ),
        case(
            "* is _default",
            vec![registry("*", &["https://m.test"])],
            &["quay.io", "docker.io"],
        ),
    ];

    // The loopback namespaces again, read literally: the mirror, then containerd's own default.
    let last = cases
        .iter_mut()
        .find(|c| c.name == "loopback namespaces without a server")
        .expect("case");
    last.queries = vec![
        literal("localhost:5000", |v| {
            mirror_then_default("localhost:5000", v)
        }),
        literal("localhost", |v| mirror_then_default("localhost", v)),
        literal("localhost:443", |v| mirror_then_default("localhost:443", v)),
        literal("localhost:80", |v| mirror_then_default("localhost:80", v)),
        literal("127.0.0.1:5000", |v| {
            mirror_then_default("127.0.0.1:5000", v)
        }),
        model("localhost:5000"),
        model("localhost"),
        model("localhost:80"),
    ];

    let mut loopback = case(
        "loopback mirrors without a scheme get containerd's own defaults",
        vec![
            registry("docker.io", &["localhost:5000"]),
            registry("quay.io", &["localhost"]),
        ],
        &[],
    );
    loopback.queries = vec![
        literal("docker.io", |v| loopback_then_hub("localhost:5000", v)),
        literal("quay.io", |v| {
            let mut out = mirror_like_no_file("localhost", v);
            out.push(endpoint("https", "quay.io", "/v2", &all_capabilities(v)));
            out
        }),
    ];
    cases.push(loopback);
    // A scheme-less loopback server gets containerd's default as well.
    let mut server = registry("localhost:5000", &["https://m.test"]);
    server.server = Some("localhost:5000".into());
    let mut server = case("a scheme-less loopback server", vec![server], &[]);
    server.queries = vec![
        literal("localhost:5000", |v| {
            mirror_then_default("localhost:5000", v)
        }),
        model("localhost:5000"),
    ];
    cases.push(server);

    let mut loop80 = case(
        "loopback mirrors on port 80 and IPs",
        vec![
            registry("docker.io", &["localhost:80"]),
            registry("quay.io", &["127.0.0.1:5000"]),
        ],
        &["docker.io", "quay.io"],
    );
    loop80.queries = vec![
        literal("docker.io", |v| loopback_then_hub("localhost:80", v)),
        literal("quay.io", |v| {
            let mut out = mirror_like_no_file("127.0.0.1:5000", v);
            out.push(endpoint("https", "quay.io", "/v2", &all_capabilities(v)));
            out
        }),
    ];
    cases.push(loop80);

    // go-toml v1 (containerd 1.x) cannot read brackets inside a table header.
    let mut ipv6 = case(
        "IPv6 mirrors",
        vec![registry(
            "myreg.test:5000",
            &["[fd00::1]:5000", "http://[::1]:5000"],
        )],
        &["myreg.test:5000"],
    );
    ipv6.min_version = ContainerdVersion::new(2, 0, 0);
    cases.push(ipv6);

    let mut tls = registry("registry.test", &[]);
    tls.ca = vec![CertSource::Inline(ca_pem("upstream-ca"))];
    tls.client = Some(client_pair("upstream-client"));
    tls.header.insert("X-Upstream".into(), vec!["1".into()]);
    let mut m1 = Mirror::new("https://tls-mirror.test");
    m1.ca = vec![
        CertSource::Inline(ca_pem("mirror-ca-1")),
        CertSource::Inline(ca_pem("mirror-ca-2")),
    ];
    m1.client = Some(client_pair("mirror-client"));
    m1.skip_verify = Some(false);
    m1.header
        .insert("x-mirror".into(), vec!["a".into(), "b".into()]);
    let mut m2 = Mirror::new("http://plain-with-ca.test:5000");
    m2.ca = vec![CertSource::Inline(ca_pem("plain-ca"))];
    let mut m3 = Mirror::new("http://insecure.test:80");
    m3.skip_verify = Some(true);
    let mut m4 = Mirror::new("https://header-auth.test");
    m4.credentials = Some(credentials(CredentialsMode::AuthorizationHeader));
    let mut m5 = Mirror::new("https://all.test");
    m5.capabilities = vec![];
    let mut m6 = Mirror::new("https://push.test");
    m6.capabilities = vec![
        terraform_provider_containerd::domain::registry::Capability::Pull,
        terraform_provider_containerd::domain::registry::Capability::Push,
    ];
    tls.mirrors = vec![m1, m2, m3, m4, m5, m6];
    cases.push(case(
        "TLS, headers, credentials and capabilities",
        vec![tls],
        &["registry.test"],
    ));

    let mut timeout = registry("docker.io", &[]);
    let mut m = Mirror::new("https://slow.test");
    m.dial_timeout = Some("5s".into());
    let mut h = Mirror::new("http://slow-plain.test:5000");
    h.dial_timeout = Some("2m0s".into());
    timeout.mirrors = vec![m, h];
    let mut timeout = case("dial_timeout", vec![timeout], &["docker.io"]);
    timeout.min_version = ContainerdVersion::new(2, 0, 7);
    cases.push(timeout);

    let mut referrers = registry("docker.io", &[]);
    let mut m = Mirror::new("https://oci.test");
    m.capabilities = vec![
        terraform_provider_containerd::domain::registry::Capability::Pull,
        terraform_provider_containerd::domain::registry::Capability::Referrers,
    ];
    referrers.mirrors = vec![m];
    let mut referrers = case("referrers", vec![referrers], &["docker.io"]);
    referrers.min_version = ContainerdVersion::new(2, 2, 0);
    cases.push(referrers);

    let mut default_ca = registry("_default", &[]);
    default_ca.ca = vec![CertSource::Inline(ca_pem("corporate-ca"))];
    let mut default_ca = case(
        "_default with only a CA",
        vec![default_ca],
        &["quay.io", "docker.io"],
    );
    default_ca.no_warning = Some("to nothing".into());
    cases.push(default_ca);

    cases.extend(scenario_cases());
    cases.extend(semantic_cases());
    cases
}

/// The `registries` inputs of the acceptance scenarios, the examples and the node suite.
fn scenario_cases() -> Vec<Case> {
    let config = || Some(credentials(CredentialsMode::ConfigTomlAuth));
    // acceptance/structured_giant_swarm and examples/giant-swarm-credentials.
    let mut acr = Mirror::new("giantswarm.azurecr.io");
    acr.credentials = config();
    let mut giant_swarm = registry("docker.io", &[]);
    giant_swarm.credentials = config();
    giant_swarm.mirrors = vec![
        acr.clone(),
        Mirror::new("https://my-mirror-registry.mydomain.io"),
    ];
    let mut giant_swarm_example = registry("docker.io", &[]);
    giant_swarm_example.credentials = config();
    giant_swarm_example.mirrors = vec![acr];
    // acceptance/structured_gardener_ca and examples/gardener-mirror.
    let mut gardener_mirror = Mirror::new("https://public-mirror.example.com:8443");
    gardener_mirror.ca = vec![CertSource::Inline(ca_pem("gardener-mirror-ca"))];
    let mut gardener = registry("docker.io", &[]);
    gardener.mirrors = vec![gardener_mirror];
    let mut gardener_example = gardener.clone();
    gardener_example.server = Some("https://registry-1.docker.io".into());
    gardener_example.mirrors[0].url = "https://public-mirror.example.com".into();
    // acceptance/structured_seed003 and structured_seed004.
    let mut seed003 = registry("icr.io", &[]);
    let mut dpod = Mirror::new("https://icr.io/dpod");
    dpod.skip_verify = Some(false);
    seed003.mirrors = vec![dpod];
    let mut seed004 = registry("docker-registry:5000", &[]);
    let mut own = Mirror::new("https://docker-registry:5000");
    own.capabilities = vec![
        terraform_provider_containerd::domain::registry::Capability::Pull,
        terraform_provider_containerd::domain::registry::Capability::Resolve,
        terraform_provider_containerd::domain::registry::Capability::Push,
    ];
    own.ca = vec![CertSource::Inline(ca_pem("seed004-ca"))];
    seed004.mirrors = vec![own];
    // e2e/structured: schemeless loopback mirrors, and an upstream-only registry.
    let two_mirrors = registry("docker.io", &["127.0.0.1:5001", "127.0.0.1:5002"]);
    let mut upstream_only = registry("upstream.registry.invalid", &[]);
    upstream_only.server = Some("http://127.0.0.1:5003".into());
    // examples/scs-presets, scs_mirror(): SCS's proxy caches.
    let scs: Vec<Registry> = terraform_provider_containerd::domain::registry::SCS_PRESETS
        .iter()
        .map(|name| {
            terraform_provider_containerd::domain::registry::scs_preset(name).expect("preset")
        })
        .collect();
    let scs_hosts: Vec<&str> =
        terraform_provider_containerd::domain::registry::SCS_PRESETS.to_vec();
    vec![
        case(
            "giant swarm (acceptance)",
            vec![giant_swarm],
            &["docker.io"],
        ),
        case(
            "giant swarm (example)",
            vec![giant_swarm_example],
            &["docker.io"],
        ),
        case("gardener CA (acceptance)", vec![gardener], &["docker.io"]),
        case(
            "gardener mirror (example)",
            vec![gardener_example],
            &["docker.io"],
        ),
        case("seed 003", vec![seed003], &["icr.io"]),
        case("seed 004", vec![seed004], &["docker-registry:5000"]),
        case(
            "node suite: two loopback mirrors",
            vec![two_mirrors],
            &["docker.io"],
        ),
        case(
            "node suite: upstream only",
            vec![upstream_only],
            &["upstream.registry.invalid"],
        ),
        case("SCS presets", scs, &scs_hosts),
    ]
}

/// The fixes of the upstream-equal, namespace-hides-_default and skip_fallback semantics, with
/// literal answers.
fn semantic_cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut upstream = case(
        "an endpoint equal to the upstream is the upstream",
        vec![
            registry("docker.io", &["https://m.test", "docker.io"]),
            registry("ghcr.io", &["https://ghcr.io"]),
            registry("quay.io", &["registry-1.docker.io", "https://quay.io/v2"]),
        ],
        &[],
    );
    upstream.queries = vec![
        literal("docker.io", |v| {
            vec![
                endpoint("https", "m.test", "/v2", PULL),
                endpoint("https", "registry-1.docker.io", "/v2", &all_capabilities(v)),
            ]
        }),
        literal("ghcr.io", |v| {
            vec![endpoint("https", "ghcr.io", "/v2", &all_capabilities(v))]
        }),
        literal("quay.io", |v| {
            vec![
                endpoint("https", "registry-1.docker.io", "/v2", PULL),
                endpoint("https", "quay.io", "/v2", &all_capabilities(v)),
            ]
        }),
    ];
    upstream.warning = Some("is the upstream".into());
    out.push(upstream);

    // With settings of its own an upstream-equal endpoint is kept, for the host containerd
    // really contacts.
    let mut hub = registry("docker.io", &[]);
    let mut m = Mirror::new("docker.io");
    m.header.insert("X-Hub".into(), vec!["1".into()]);
    hub.mirrors = vec![m];
    let mut hub = case(
        "an upstream-equal endpoint with settings",
        vec![hub],
        &["docker.io"],
    );
    hub.queries.push(literal("docker.io", |v| {
        let mut e = endpoint("https", "registry-1.docker.io", "/v2", PULL);
        e.header.insert("X-Hub".into(), vec!["1".into()]);
        vec![
            e,
            endpoint("https", "registry-1.docker.io", "/v2", &all_capabilities(v)),
        ]
    }));
    out.push(hub);

    let mut only_credentials = registry("docker.io", &[]);
    only_credentials.credentials = Some(credentials(CredentialsMode::ConfigTomlAuth));
    let mut hides = case(
        "credentials alone write no hosts.toml, so _default's mirrors stay",
        vec![registry("_default", &["https://m.test"]), only_credentials],
        &[],
    );
    hides.queries = vec![literal("docker.io", |v| {
        vec![
            endpoint("https", "m.test", "/v2", PULL),
            endpoint("https", "registry-1.docker.io", "/v2", &all_capabilities(v)),
        ]
    })];
    out.push(hides);

    let mut own = case(
        "a namespace entry of its own warns that _default's mirrors are not tried",
        vec![
            registry("_default", &["https://m.test"]),
            registry("ghcr.io", &["https://g.test"]),
        ],
        &["ghcr.io"],
    );
    own.warning = Some("_default".into());
    out.push(own);

    let mut skip = registry(
        "docker.io",
        &["https://a.test", "https://b.test:8443/v2/hub"],
    );
    skip.skip_fallback = true;
    let mut single = registry("quay.io", &[]);
    let mut m = Mirror::new("http://only.test:5000");
    m.capabilities = vec![terraform_provider_containerd::domain::registry::Capability::Pull];
    m.skip_verify = Some(true);
    single.mirrors = vec![m];
    single.skip_fallback = true;
    let mut default_skip = registry("*", &["https://air-gap.test"]);
    default_skip.skip_fallback = true;
    let mut skip = case("skip_fallback", vec![skip, single, default_skip], &[]);
    skip.queries = vec![
        literal("docker.io", |_| {
            vec![
                endpoint("https", "a.test", "/v2", PULL),
                endpoint("https", "b.test:8443", "/v2/hub", PULL),
            ]
        }),
        literal("quay.io", |v| {
            let mut e = endpoint("http", "only.test:5000", "/v2", &["pull"]);
            e.skip_verify = true;
            if v >= ContainerdVersion::new(1, 7, 0) {
                e.scheme = "https".into();
                e.http_fallback = true;
            }
            vec![e]
        }),
        literal("ghcr.io", |_| {
            vec![endpoint("https", "air-gap.test", "/v2", PULL)]
        }),
        model("docker.io"),
        model("quay.io"),
        model("ghcr.io"),
    ];
    out.push(skip);
    out
}

/// containerd's no-file answer for a loopback host, with a mirror's pull and resolve.
fn mirror_like_no_file(host: &str, v: ContainerdVersion) -> Vec<Endpoint> {
    no_file(host, v)
        .into_iter()
        .map(|mut e| {
            e.capabilities = PULL.iter().map(|c| c.to_string()).collect();
            e
        })
        .collect()
}

fn mirror_then_default(host: &str, v: ContainerdVersion) -> Vec<Endpoint> {
    let mut out = vec![endpoint("https", "m.test", "/v2", PULL)];
    out.extend(no_file(host, v));
    out
}

fn loopback_then_hub(host: &str, v: ContainerdVersion) -> Vec<Endpoint> {
    let mut out = mirror_like_no_file(host, v);
    out.push(endpoint(
        "https",
        "registry-1.docker.io",
        "/v2",
        &all_capabilities(v),
    ));
    out
}

/// Hand-written files whose verdict containerd's parser and the validator must share.
pub fn parser_cases() -> Vec<(&'static str, &'static str)> {
    vec![
        ("minimal", "server = \"https://r.test\"\n"),
        ("unknown capability", "[host.\"https://m.test\"]\n  capabilities = [\"pull\", \"fly\"]\n"),
        ("skip_verify as a string", "[host.\"https://m.test\"]\n  skip_verify = \"true\"\n"),
        ("syntax error", "server = \"https://r.test\n"),
        ("duplicate table", "[host.\"https://m.test\"]\n[host.\"https://m.test\"]\n"),
        ("ca as a number", "server = \"https://r.test\"\nca = 5\n"),
        ("header value as a number", "[host.\"https://m.test\".header]\n  x-a = 1\n"),
        ("client pair of three", "[host.\"https://m.test\"]\n  client = [[\"/a\", \"/b\", \"/c\"]]\n"),
        ("CRLF line endings", "server = \"https://r.test\"\r\n[host.\"https://m.test\"]\r\n  capabilities = [\"pull\"]\r\n"),
        ("a table re-opened under other quoting", "[host.\"https://m.test\"]\n  capabilities = [\"pull\"]\n[host.'https://m.test'.header]\n  x-a = \"b\"\n"),
        ("unknown key with an odd value", "server = \"https://r.test\"\n[host.\"https://m.test\"]\n  mystery = 1979-05-27T07:32:00Z\n"),
        ("unknown key with an array of mixed types", "server = \"https://r.test\"\nmystery = [1, \"a\"]\n"),
        ("dial_timeout not a duration", "[host.\"https://m.test\"]\n  dial_timeout = \"soon\"\n"),
        ("override_path as a string", "[host.\"https://m.test/x\"]\n  override_path = \"yes\"\n"),
        ("server not a string", "server = 5\n"),
        ("bare CR line ending", "server = \"https://r.test\"\r[host.\"https://m.test\"]\n"),
        ("CR inside a comment", "# a\rb\nserver = \"https://r.test\"\n"),
        ("trailing comma in an inline table", "server = \"https://r.test\"\nmystery = {a = 1,}\n"),
        ("invalid escape in an unknown key", "server = \"https://r.test\"\nmystery = \"\\q\"\n"),
        ("invalid date under an unknown key", "server = \"https://r.test\"\nmystery = 1979-13-45T25:99:00Z\n"),
        ("leading zeros under an unknown key", "server = \"https://r.test\"\nmystery = 007\n"),
        ("space-delimited datetime", "server = \"https://r.test\"\nmystery = 1979-05-27 07:32:00\n"),
        ("duplicate key", "server = \"https://r.test\"\nserver = \"https://s.test\"\n"),
        ("bare key with a dot table re-opened", "[host]\n[host.\"https://m.test\"]\n  capabilities = [\"pull\"]\n[host]\n"),
        ("dotted keys", "server = \"https://r.test\"\nhost.\"https://m.test\".capabilities = [\"pull\"]\n"),
        ("array of tables for host", "[[host]]\n  x = 1\n"),
        ("mixed-type array under an unknown key", "server = \"https://r.test\"\n[host.\"https://m.test\"]\n  mystery = [1, \"a\", 2.5]\n"),
        ("integer overflow under an unknown key", "server = \"https://r.test\"\nmystery = 99999999999999999999\n"),
        ("NUL in a string", "server = \"https://r.test\\u0000\"\n"),
        ("empty file", ""),
        ("only a comment", "# nothing\n"),
        ("header array of numbers", "[host.\"https://m.test\".header]\n  x-a = [1]\n"),
        ("capabilities not an array", "[host.\"https://m.test\"]\n  capabilities = \"pull\"\n"),
        ("ca list of numbers", "[host.\"https://m.test\"]\n  ca = [1]\n"),
        ("client map", "[host.\"https://m.test\"]\n  client = {a = 1}\n"),
        ("server with a space", "server = \"https://r .test\"\n"),
        ("host key not a URL", "[host.\"%zz\"]\n"),
        ("unknown table", "server = \"https://r.test\"\n[mystery]\n  a = 1\n"),
        ("out-of-range date in a header", "[host.\"https://m.test\".header]\n  x-a = 1979-13-45T25:99:00Z\n"),
        ("overflow in skip_verify", "[host.\"https://m.test\"]\n  skip_verify = 99999999999999999999\n"),
        ("BOM", "\u{feff}server = \"https://r.test\"\n"),
        ("IPv6 host in a table header", "server = \"https://r.test\"\n[host.\"https://[fd00::1]:5000\"]\n  capabilities = [\"pull\"]\n"),
        ("\\x escape in a header", "[host.\"https://m.test\".header]\n  x-a = \"\\x41\"\n"),
        ("\\e escape in a header", "[host.\"https://m.test\".header]\n  x-a = \"\\e\"\n"),
        ("line break in an inline header table", "[host.\"https://m.test\"]\n  header = { x-a = \"b\",\n  x-c = \"d\" }\n"),
    ]
}
