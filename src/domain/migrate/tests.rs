use super::*;
use crate::domain::registry::{
    parse_containerd_version, render_registries, CertSource, ConfigMode, CredentialsMode, Registry,
    RenderOptions,
};

const CRI: &str = "[plugins.\"io.containerd.grpc.v1.cri\".registry";

fn migrate(text: &str) -> Vec<Registry> {
    registries_from_config_toml(text).unwrap_or_else(|e| panic!("{e:?}\n{text}"))
}

fn errors(text: &str) -> Vec<String> {
    match registries_from_config_toml(text) {
        Ok(r) => panic!("must fail, gave {r:?}"),
        Err(e) => e.iter().map(ToString::to_string).collect(),
    }
}

/// The hosts.toml the provider renders for `namespace`, and the config.toml credentials command.
fn rendered(registries: &[Registry], namespace: &str) -> (String, String) {
    let out = render_registries(
        registries,
        &RenderOptions {
            // `_default` is read from 1.6.17 on.
            version: parse_containerd_version("1.7").expect("version"),
            now_unix: 0,
        },
        ConfigMode::AppendEdit,
    );
    assert!(!out.problems.has_errors(), "{:?}", out.problems);
    let path = format!("/etc/containerd/certs.d/{namespace}/hosts.toml");
    let hosts = out
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| String::from_utf8_lossy(&f.content).into_owned())
        .unwrap_or_else(|| panic!("no {path}"));
    (hosts, out.commands.concat().join(" "))
}

/// Seed 001 (Gardener): docker.io through a public mirror, falling back to Docker Hub.
#[test]
fn gardener_seed_mirror() {
    let text = format!(
        "version = 2\n{CRI}.mirrors]\n{CRI}.mirrors.\"docker.io\"]\nendpoint = [\"https://public-mirror.example.com\"]\n"
    );
    let registries = migrate(&text);
    assert_eq!(registries.len(), 1);
    let docker = &registries[0];
    assert_eq!(docker.namespace, "docker.io");
    assert_eq!(docker.server, None, "Docker Hub, containerd's own default");
    assert_eq!(docker.mirrors.len(), 1);
    assert_eq!(docker.mirrors[0].url, "https://public-mirror.example.com");
    assert!(docker.credentials.is_none());
    let (hosts, _) = rendered(&registries, "docker.io");
    assert!(
        hosts.contains("server = \"https://registry-1.docker.io\""),
        "{hosts}"
    );
    assert!(
        hosts.contains("[host.\"https://public-mirror.example.com\"]"),
        "{hosts}"
    );
}

/// Giant Swarm's RFC, design 1.c: an endpoint without a scheme, Docker Hub credentials under
/// the host containerd contacts.
#[test]
fn giant_swarm_design_1c() {
    let text = format!(
        "{CRI}]\n{CRI}.mirrors]\n{CRI}.mirrors.\"docker.io\"]\nendpoint = [\"giantswarm.azurecr.io\"]\n{CRI}.configs]\n{CRI}.configs.\"registry-1.docker.io\".auth]\nusername = \"giantswarm-user-account\"\npassword = \"my_token_from_docker_hub\"\n"
    );
    let registries = migrate(&text);
    assert_eq!(registries.len(), 1);
    let docker = &registries[0];
    assert_eq!(docker.mirrors[0].url, "https://giantswarm.azurecr.io");
    assert!(docker.mirrors[0].credentials.is_none());
    let credentials = docker.credentials.as_ref().expect("upstream credentials");
    assert_eq!(credentials.username, "giantswarm-user-account");
    assert_eq!(credentials.password, "my_token_from_docker_hub");
    assert_eq!(credentials.mode, CredentialsMode::ConfigTomlAuth);
    let (hosts, commands) = rendered(&registries, "docker.io");
    assert!(
        hosts.contains("[host.\"https://giantswarm.azurecr.io\"]"),
        "{hosts}"
    );
    // The credentials land in config.toml under the same host as before.
    assert!(
        commands.contains(
            "\"registry-1.docker.io\"\t\"giantswarm-user-account\"\t\"my_token_from_docker_hub\""
        ),
        "{commands}"
    );
}

#[test]
fn tls_and_auth_follow_the_endpoint_host() {
    let text = format!(
        r#"version = 2
{CRI}.mirrors."registry.example"]
  endpoint = ["https://mirror.example:5000/cache", "http://127.0.0.1:5001", "localhost:5002"]
{CRI}.configs."mirror.example:5000".tls]
  ca_file = "/etc/certs/ca.pem"
  cert_file = "/etc/certs/client.pem"
  key_file = "/etc/certs/client.key"
{CRI}.configs."mirror.example:5000".auth]
  auth = "dXNlcjpwYXNzOndvcmQ="
{CRI}.configs."registry.example".tls]
  insecure_skip_verify = true
"#
    );
    let registries = migrate(&text);
    assert_eq!(registries.len(), 1, "{registries:?}");
    let r = &registries[0];
    let urls: Vec<_> = r.mirrors.iter().map(|m| m.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://mirror.example:5000/cache",
            "http://127.0.0.1:5001",
            "http://localhost:5002"
        ]
    );
    let m = &r.mirrors[0];
    assert_eq!(m.ca, [CertSource::Path("/etc/certs/ca.pem".into())]);
    let client = m.client.as_ref().expect("client pair");
    assert_eq!(
        client.cert,
        CertSource::Path("/etc/certs/client.pem".into())
    );
    assert_eq!(client.key, CertSource::Path("/etc/certs/client.key".into()));
    let credentials = m.credentials.as_ref().expect("decoded auth");
    assert_eq!(
        (credentials.username.as_str(), credentials.password.as_str()),
        ("user", "pass:word")
    );
    assert!(r.mirrors[1].ca.is_empty() && r.mirrors[1].credentials.is_none());
    assert_eq!(r.skip_verify, Some(true), "the upstream's own tls table");
    assert_eq!(r.server, None);
    let (hosts, _) = rendered(&registries, "registry.example");
    assert!(
        hosts.contains("server = \"https://registry.example\""),
        "{hosts}"
    );
    assert!(
        hosts.contains("[host.\"https://mirror.example:5000/cache\"]"),
        "{hosts}"
    );
    assert!(
        hosts.contains("override_path = true"),
        "a path is the API root: {hosts}"
    );
}

#[test]
fn wildcard_is_default_and_a_configs_only_host_gets_its_endpoints() {
    let text = format!(
        r#"version = 2
{CRI}.mirrors."*"]
  endpoint = ["https://cache.example"]
{CRI}.configs."private.example".tls]
  ca_file = "/etc/certs/private.pem"
{CRI}.configs."cache.example".auth]
  username = "u"
  password = "p"
"#
    );
    let registries = migrate(&text);
    let names: Vec<_> = registries.iter().map(|r| r.namespace.as_str()).collect();
    assert_eq!(names, ["_default", "private.example"]);
    let default = &registries[0];
    assert_eq!(default.mirrors[0].url, "https://cache.example");
    assert!(default.mirrors[0].credentials.is_some());
    let private = &registries[1];
    assert_eq!(
        private.ca,
        [CertSource::Path("/etc/certs/private.pem".into())]
    );
    assert_eq!(
        private.mirrors.len(),
        1,
        "containerd uses the * endpoints for it"
    );
    assert_eq!(private.mirrors[0].url, "https://cache.example");
    assert!(
        private.mirrors[0].credentials.is_none(),
        "one auth table per host: given once"
    );
    rendered(&registries, "private.example");
}

#[test]
fn the_upstream_as_last_endpoint_is_the_server() {
    let text = format!(
        "version = 2\n{CRI}.mirrors.\"registry.example\"]\nendpoint = [\"mirror.example\", \"http://registry.example\"]\n"
    );
    let registries = migrate(&text);
    let r = &registries[0];
    assert_eq!(r.server.as_deref(), Some("http://registry.example"));
    assert_eq!(r.mirrors.len(), 1);
}

#[test]
fn an_upstream_before_a_mirror_cannot_be_kept_in_order() {
    let text = format!(
        "version = 2\n{CRI}.mirrors.\"docker.io\"]\nendpoint = [\n  \"https://registry-1.docker.io\",\n  \"https://mirror.example\",\n]\n"
    );
    let e = errors(&text);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("line 4: "), "{e:?}");
    assert!(
        e[0].contains("always tries the upstream (server) last"),
        "{e:?}"
    );
}

#[test]
fn problems_name_their_line() {
    let text = format!(
        r#"version = 2
{CRI}.configs."a.example".auth]
  identitytoken = "t"
{CRI}.configs."b.example".auth]
  auth = "not base64!"
{CRI}.configs."c.example".tls]
  cert_file = "/c.pem"
  ca_file = "relative.pem"
{CRI}.configs."docker.io".auth]
  username = "u"
{CRI}.mirrors."d.example"]
  endpoint = ["ftp://d.example"]
  rewrite = {{}}
{CRI}.headers]
  X-Test = ["1"]
"#
    );
    let e = errors(&text);
    let has = |line: usize, text: &str| {
        assert!(
            e.iter()
                .any(|m| m.starts_with(&format!("line {line}: ")) && m.contains(text)),
            "no error at line {line} with {text:?}: {e:#?}"
        )
    };
    has(2, "identitytoken");
    has(4, "base64");
    has(6, "cert_file and key_file go together");
    has(8, "absolute path");
    has(9, "registry-1.docker.io");
    has(12, "http and https");
    has(13, "not a mirror setting");
    has(14, "registry.headers cannot be migrated");
}

#[test]
fn syntax_errors_and_missing_tables() {
    let e = errors("version = 2\n[plugins\n");
    assert!(e[0].starts_with("line 2: TOML syntax error"), "{e:?}");
    let e = errors("version = 2\n[plugins.other]\n");
    assert!(e[0].contains("no CRI registry table"), "{e:?}");
    let both = format!("{CRI}]\n[plugins.\"io.containerd.cri.v1.images\".registry]\n");
    assert!(errors(&both)[0].contains("both exist"));
}

#[test]
fn version_3_table_and_stock_default_config() {
    let text = "version = 3\n[plugins.\"io.containerd.cri.v1.images\".registry.mirrors.\"quay.io\"]\nendpoint = [\"https://quay-mirror.example\"]\n";
    assert_eq!(migrate(text)[0].namespace, "quay.io");
    // containerd 1.6.20's `config default` has the tables, empty: nothing to migrate.
    let stock = include_str!("../containerd_config/default-1.6.20.toml");
    assert!(migrate(stock).is_empty());
}

#[test]
fn dotted_keys_and_inline_tables_read_the_same() {
    let text = format!(
        "version = 2\n{CRI}]\n  mirrors.\"docker.io\".endpoint = [\"https://m1.example\"]\n  configs.\"m1.example\" = {{ tls = {{ insecure_skip_verify = true }} }}\n  mirrors.\"quay.io\" = {{ endpoint = [\"https://m2.example\", \"quay.io\"] }}\n"
    );
    let registries = migrate(&text);
    let names: Vec<_> = registries.iter().map(|r| r.namespace.as_str()).collect();
    assert_eq!(names, ["docker.io", "quay.io"]);
    assert_eq!(registries[0].mirrors[0].skip_verify, Some(true));
    // quay.io last is the upstream containerd would add anyway.
    assert_eq!(registries[1].server, None);
    assert_eq!(registries[1].mirrors.len(), 1);
    let e = errors(&text.replace("https://m2.example", "ftp://m2.example"));
    assert!(e.len() == 1 && e[0].starts_with("line 5: "), "{e:?}");
}
