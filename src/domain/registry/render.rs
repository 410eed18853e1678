//! Rendering one [`Registry`] as a canonical hosts.toml plus its
//! certificate files.
//!
//! The text is built with `toml_edit` (every string escaped by the TOML
//! serializer) in one canonical layout, the one SCS ships:
//!
//! ```toml
//! server = "https://registry-1.docker.io"
//!
//! [host."https://registry.scs.community/v2/docker.io"]
//!     capabilities = ["pull"]
//!     override_path = true
//! ```
//!
//! Root settings (upstream `ca`, `client`, `skip_verify`, then `[header]`)
//! follow `server`; every mirror is a quoted `[host."URL"]` table in the
//! given order with `capabilities`, `ca` (absolute paths), `client`
//! (`[[cert, key]]`, never an empty key), `skip_verify`, `override_path`,
//! `dial_timeout`, and its `[host."URL".header]` table directly after it.
//! For containerd before 1.7.32 a file without mirrors gets an empty
//! `[host]` table, which those versions need to read it at all. The
//! rendered text is checked with [`hosts_toml::validate`] for the target
//! version; inputs that could break it are refused before rendering (URL
//! paths are written percent-escaped, IPv6 hosts need containerd 2.x).

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine;
use toml_edit::{Array, DocumentMut, Item, Table, Value};

use super::certs::{check_inline, file_stem, key_matches_certificate, Role, INLINE_CERTS_DIR};
use super::model::{CertSource, ClientPair, Credentials, CredentialsMode, Mirror, Registry};
use super::normalize::{
    canonical_header_name, default_server, default_upstream_host, is_upstream, normalize_endpoint,
    normalize_url, NormalizedUrl,
};
use super::versions;
use crate::domain::containerd_config::HostAuth;
use crate::domain::enumeration::{release_name, Enumeration};
use crate::domain::go_duration::parse_go_duration;
use crate::domain::hosts_toml::settings::is_http_token;
use crate::domain::hosts_toml::{self, Applies, Capability, ContainerdVersion, Rules};
use crate::domain::namespace::{canonical_namespace, validate_namespace, DEFAULT_NAMESPACE};
use crate::domain::node_files::{NodeFile, CERTS_D_DIR};
use crate::domain::{Finding, Findings, Location, Reported, Severity};

/// Indentation of keys inside `[host."…"]` tables (SCS's layout).
const HOST_INDENT: &str = "    ";

/// What to render for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    pub version: ContainerdVersion,
    /// Current time (Unix seconds) for certificate expiry checks.
    pub now_unix: i64,
}

/// The result of [`render_registry`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedRegistry {
    pub namespace: String,
    /// The hosts.toml text; empty while there are errors.
    pub hosts_toml: String,
    /// hosts.toml and inline certificate files, sorted by path; empty while
    /// there are errors.
    pub files: Vec<NodeFile>,
    /// config.toml auth entries (credentials in `ConfigTomlAuth` mode).
    pub auth: Vec<HostAuth>,
    /// The registry as [`parse_hosts_toml`](super::parse_hosts_toml) reads
    /// `hosts_toml` back: normalized URLs and servers, inline certificates
    /// replaced by their node paths, canonical header names, config.toml
    /// credentials left out.
    pub parsed_form: Registry,
    pub problems: Findings,
}

impl Reported for RenderedRegistry {
    fn findings(&self) -> &Findings {
        &self.problems
    }
}

/// One host's settings after normalization.
#[derive(Debug, Clone, Default)]
struct HostPlan {
    capabilities: Option<Vec<Capability>>,
    ca: Vec<String>,
    client: Option<(String, String)>,
    skip_verify: Option<bool>,
    override_path: Option<bool>,
    header: BTreeMap<String, Vec<String>>,
    dial_timeout: Option<String>,
}

struct Ctx<'a> {
    namespace: &'a str,
    options: &'a RenderOptions,
    problems: Findings,
    files: Vec<NodeFile>,
    stems: BTreeSet<String>,
    next_suffix: BTreeMap<String, usize>,
    auth: Vec<HostAuth>,
}

impl Ctx<'_> {
    fn push(&mut self, severity: Severity, attribute: &str, message: String) {
        self.problems.push(Finding::new(
            severity,
            Location::registry(self.namespace, attribute),
            message,
        ));
    }

    fn error(&mut self, attribute: &str, message: impl Into<String>) {
        self.push(Severity::Error, attribute, message.into());
    }

    fn warning(&mut self, attribute: &str, message: impl Into<String>) {
        self.push(Severity::Warning, attribute, message.into());
    }

    fn version(&self) -> ContainerdVersion {
        self.options.version
    }

    /// A file-name stem for `host`, unique within the namespace.
    fn stem(&mut self, host: &str) -> String {
        let base = match file_stem(host) {
            s if s.is_empty() => "upstream".to_string(),
            s => s,
        };
        let mut candidate = base.clone();
        // Counting on from the last suffix given to this base keeps many equal stems linear.
        let n = self.next_suffix.entry(base.clone()).or_insert(2);
        while self.stems.contains(&candidate) {
            candidate = format!("{base}-{n}");
            *n += 1;
        }
        self.stems.insert(candidate.clone());
        candidate
    }

    fn write(&mut self, name: &str, content: &str, private: bool) -> String {
        let path = format!("{INLINE_CERTS_DIR}/{}/{name}", self.namespace);
        self.files.push(NodeFile::new(
            path.clone(),
            content.as_bytes().to_vec(),
            private,
        ));
        path
    }

    fn check_pem(&mut self, attribute: &str, text: &str, role: Role) {
        for (severity, message) in check_inline(text, role, self.options.now_unix) {
            self.push(
                severity,
                attribute,
                format!("{}: {message}", role.describe()),
            );
        }
    }

    fn path(&mut self, attribute: &str, path: &str) -> String {
        if path.is_empty() {
            self.error(attribute, "the path is empty; containerd would read the hosts.toml directory itself and fail at pull time");
        } else if path.chars().any(char::is_control) {
            self.error(attribute, "the path contains a control character");
        }
        path.to_string()
    }

    fn ca(
        &mut self,
        attribute: &str,
        sources: &[CertSource],
        stem: &mut Option<String>,
        host: &str,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for (i, source) in sources.iter().enumerate() {
            let at = format!("{attribute}[{i}]");
            out.push(match source {
                CertSource::Path(p) => self.path(&at, p),
                CertSource::Inline(text) => {
                    self.check_pem(&at, text, Role::Ca);
                    let stem = self.stem_once(stem, host);
                    let name = if i == 0 {
                        format!("{stem}-ca.crt")
                    } else {
                        format!("{stem}-ca-{}.crt", i + 1)
                    };
                    self.write(&name, text, false)
                }
            });
        }
        out
    }

    fn stem_once(&mut self, stem: &mut Option<String>, host: &str) -> String {
        if let Some(s) = stem {
            return s.clone();
        }
        let s = self.stem(host);
        *stem = Some(s.clone());
        s
    }

    fn client(
        &mut self,
        attribute: &str,
        pair: &ClientPair,
        stem: &mut Option<String>,
        host: &str,
    ) -> (String, String) {
        let cert_at = format!("{attribute}.cert");
        let key_at = format!("{attribute}.key");
        if let (CertSource::Inline(cert), CertSource::Inline(key)) = (&pair.cert, &pair.key) {
            if cert == key {
                // One PEM with both: one private file, named for both halves of the pair.
                self.check_pem(&cert_at, cert, Role::ClientCert);
                self.check_pem(&key_at, key, Role::ClientKey);
                let stem = self.stem_once(stem, host);
                let path = self.write(&format!("{stem}-client.pem"), cert, true);
                return (path.clone(), path);
            }
        }
        let cert = match &pair.cert {
            CertSource::Path(p) => self.path(&cert_at, p),
            CertSource::Inline(text) => {
                self.check_pem(&cert_at, text, Role::ClientCert);
                let stem = self.stem_once(stem, host);
                let private = text.contains("PRIVATE KEY-----");
                self.write(&format!("{stem}-client.crt"), text, private)
            }
        };
        let key = match &pair.key {
            CertSource::Path(p) => self.path(&key_at, p),
            CertSource::Inline(text) => {
                self.check_pem(&key_at, text, Role::ClientKey);
                let stem = self.stem_once(stem, host);
                self.write(&format!("{stem}-client.key"), text, true)
            }
        };
        if let (CertSource::Inline(c), CertSource::Inline(k)) = (&pair.cert, &pair.key) {
            if key_matches_certificate(c, k) == Some(false) {
                self.error(&key_at, "the client key does not belong to the client certificate (their public keys differ); containerd's TLS setup would fail at pull time");
            }
        }
        (cert, key)
    }

    fn headers(
        &mut self,
        attribute: &str,
        header: &BTreeMap<String, Vec<String>>,
    ) -> BTreeMap<String, Vec<String>> {
        // Header names and values are sensitive: messages count them, never quote them.
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let ordinal = |i: usize| format!("header name {} (in sorted order)", i + 1);
        for (i, (name, values)) in header.iter().enumerate() {
            if !is_http_token(name) {
                self.error(attribute, format!("{} is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~ only); Go's HTTP client refuses to send it", ordinal(i)));
                continue;
            }
            if values.is_empty() {
                self.error(attribute, format!("{} has no values, so containerd would send nothing for it; give at least one value or remove it", ordinal(i)));
                continue;
            }
            if values.iter().any(|v| v.contains(['\r', '\n', '\0'])) {
                self.error(attribute, format!("a value of {} contains a line break or NUL; Go's HTTP client refuses to send it", ordinal(i)));
                continue;
            }
            let canonical = canonical_header_name(name);
            if out.contains_key(&canonical) {
                self.error(attribute, format!("{} is, in Go's canonical form, the same header as an earlier one; give its values once", ordinal(i)));
                continue;
            }
            out.insert(canonical, values.clone());
        }
        out
    }

    /// Applies credentials for `host` (`None`: no contacted host).
    fn credentials(
        &mut self,
        attribute: &str,
        credentials: &Credentials,
        host: Option<&str>,
        header: &mut BTreeMap<String, Vec<String>>,
    ) {
        if credentials.username.is_empty() {
            self.error(&format!("{attribute}.username"), "the username is empty");
            return;
        }
        let Some(host) = host else {
            self.error(
                attribute,
                "credentials need a host to send them to, and this registry has no server",
            );
            return;
        };
        match credentials.mode {
            CredentialsMode::ConfigTomlAuth => {
                self.warning(attribute, format!(
                    "credentials for {host} are written to containerd's config.toml as registry.configs.\"{host}\".auth, which containerd deprecates (still read by 1.x and 2.x, removal planned for 2.4); the alternative, an Authorization header in hosts.toml, is not answered with a token on every registry"
                ));
                self.auth.push(HostAuth {
                    host: host.to_string(),
                    username: credentials.username.clone(),
                    password: credentials.password.clone(),
                });
            }
            CredentialsMode::AuthorizationHeader => {
                if credentials.username.contains(':') {
                    self.error(
                        &format!("{attribute}.username"),
                        "a username for HTTP Basic authentication cannot contain ':'",
                    );
                    return;
                }
                if header.contains_key("Authorization") {
                    self.error(attribute, "credentials in Authorization-header mode and an explicit Authorization header cannot both be given");
                    return;
                }
                let token = base64::engine::general_purpose::STANDARD
                    .encode(format!("{}:{}", credentials.username, credentials.password));
                header.insert("Authorization".to_string(), vec![format!("Basic {token}")]);
                if !versions::sends_headers_to_token_endpoints(self.version()) {
                    self.warning(attribute, format!(
                        "containerd {} sends the Authorization header for {host} to the registry but not to its token endpoint (that starts with 2.1), so registries that answer with a Bearer challenge (Docker Hub, Harbor, GHCR) pull anonymously; use config.toml auth for them",
                        self.version()
                    ));
                }
            }
        }
    }
}

/// Renders one registry for `options.version`.
pub fn render_registry(registry: &Registry, options: &RenderOptions) -> RenderedRegistry {
    let namespace = canonical_namespace(&registry.namespace);
    let mut ctx = Ctx {
        namespace,
        options,
        problems: Findings::new(),
        files: Vec::new(),
        stems: BTreeSet::new(),
        next_suffix: BTreeMap::new(),
        auth: Vec::new(),
    };
    if !check_namespace(&mut ctx) {
        return failed(ctx, registry);
    }
    let upstream = upstream(&mut ctx, registry);
    let (mut hosts, parsed_mirrors) = mirror_hosts(&mut ctx, registry, upstream.server.as_ref());
    if ctx.problems.has_errors() {
        return failed(ctx, registry);
    }
    if needs_no_file(registry) {
        return credentials_only(ctx);
    }
    // skip_fallback: the last mirror is the server, so nothing after it is tried.
    let (server_url, root) = match (registry.skip_fallback, hosts.pop()) {
        (true, Some((url, plan))) => (Some(url), plan),
        (_, last) => {
            hosts.extend(last);
            (
                upstream.server.as_ref().map(|s| s.url.clone()),
                upstream.root,
            )
        }
    };
    let empty_host_table = hosts.is_empty() && versions::needs_host_table(options.version);
    let text = build_document(server_url.as_deref(), &root, &hosts, empty_host_table);
    if !check_rendered(&mut ctx, &text) {
        return failed(ctx, registry);
    }
    let parsed_form = parsed_form(
        registry,
        namespace,
        upstream.server.as_ref(),
        &root,
        parsed_mirrors,
    );
    let files = files_with_hosts_toml(&mut ctx, registry, &text);
    RenderedRegistry {
        namespace: namespace.to_string(),
        hosts_toml: text,
        files,
        auth: ctx.auth,
        parsed_form,
        problems: ctx.problems,
    }
}

/// The result while there are errors: the findings and nothing to write.
fn failed(ctx: Ctx<'_>, registry: &Registry) -> RenderedRegistry {
    RenderedRegistry {
        namespace: ctx.namespace.to_string(),
        hosts_toml: String::new(),
        files: Vec::new(),
        auth: Vec::new(),
        parsed_form: registry.clone(),
        problems: ctx.problems,
    }
}

/// Whether the namespace can be a hosts directory at all (an error when not), and a warning
/// for `_default` on releases that never look it up.
fn check_namespace(ctx: &mut Ctx<'_>) -> bool {
    let namespace = ctx.namespace;
    if let Err(reason) = validate_namespace(namespace) {
        ctx.error(
            "namespace",
            format!(
                "\"{}\" is not a registry namespace: {reason}",
                namespace.escape_debug()
            ),
        );
        return false;
    }
    let version = ctx.options.version;
    if namespace == DEFAULT_NAMESPACE && !versions::supports_default_namespace(version) {
        ctx.error("namespace", format!(
            "containerd {version} never looks up the _default namespace (read from 1.6.17 and 1.7.0); set containerd_version to the nodes' version if it is 1.6.17 or later"
        ));
    }
    true
}

/// The upstream registry: its normalized server and the root-level settings.
struct Upstream {
    server: Option<NormalizedUrl>,
    root: HostPlan,
}

fn upstream(ctx: &mut Ctx<'_>, registry: &Registry) -> Upstream {
    let namespace = ctx.namespace;
    let mut implied_skip_verify = None;
    let server: Option<NormalizedUrl> = match &registry.server {
        Some(raw) => match normalize_endpoint(raw, ctx.options.version) {
            Ok((n, implied)) => {
                implied_skip_verify = implied;
                if n.has_path {
                    ctx.warning("server", format!("containerd appends /v2 to the server path and sends requests to {}/v2/…", n.url));
                }
                Some(n)
            }
            Err(e) => {
                ctx.error("server", e);
                None
            }
        },
        None => default_server(namespace).and_then(|s| normalize_url(&s).ok()),
    };
    let server_host = match &server {
        Some(s) => Some(s.host.clone()),
        None if registry.server.is_none() => default_upstream_host(namespace),
        None => None,
    };
    let mut root = HostPlan {
        skip_verify: registry.skip_verify.or(implied_skip_verify),
        ..HostPlan::default()
    };
    let mut stem = None;
    let upstream_host = server_host.clone().unwrap_or_default();
    root.ca = ctx.ca("ca", &registry.ca, &mut stem, &upstream_host);
    root.client = registry
        .client
        .as_ref()
        .map(|c| ctx.client("client", c, &mut stem, &upstream_host));
    root.header = ctx.headers("header", &registry.header);
    if let Some(credentials) = &registry.credentials {
        ctx.credentials(
            "credentials",
            credentials,
            server_host.as_deref(),
            &mut root.header,
        );
    }
    let upstream_settings = !root.ca.is_empty()
        || root.client.is_some()
        || root.skip_verify.is_some()
        || !root.header.is_empty();
    if registry.skip_fallback {
        skip_fallback_conflicts(ctx, registry, upstream_settings);
    }
    Upstream { server, root }
}

/// Each mirror's URL and settings in order (the upstream itself folded in or left out), and
/// the mirrors as `parse_hosts_toml` reads them back.
fn mirror_hosts(
    ctx: &mut Ctx<'_>,
    registry: &Registry,
    server: Option<&NormalizedUrl>,
) -> (Vec<(String, HostPlan)>, Vec<Mirror>) {
    let mut hosts: Vec<(String, HostPlan)> = Vec::new();
    let mut urls = BTreeSet::new();
    let mut parsed_mirrors = Vec::new();
    for (i, mirror) in registry.mirrors.iter().enumerate() {
        let at = format!("mirrors[{i}]");
        let Some((mut normalized, plan)) = mirror_plan(ctx, &at, mirror) else {
            continue;
        };
        if is_upstream(&normalized, ctx.namespace, server) {
            let upstream = server.map_or(normalized.url.clone(), |s| s.url.clone());
            if registry.skip_fallback {
                ctx.error(&format!("{at}.url"), format!("{} is the upstream registry itself, which skip_fallback never contacts; remove it or set skip_fallback = false", normalized.url));
                continue;
            }
            if !has_own_settings(mirror) {
                ctx.warning(&format!("{at}.url"), format!("{} is the upstream registry itself, which containerd tries after the mirrors anyway; it is not written as a mirror", mirror.url.trim()));
                continue;
            }
            if normalized.url != upstream {
                ctx.warning(&format!("{at}.url"), format!("{} is the upstream registry itself; its settings are written for {upstream}, the host containerd contacts", mirror.url.trim()));
                normalized.url = upstream;
            }
        }
        let url = normalized.url;
        if !urls.insert(url.clone()) {
            ctx.error(
                &format!("{at}.url"),
                format!("{url} is listed twice; containerd would try it twice"),
            );
            continue;
        }
        parsed_mirrors.push(parsed_mirror(&url, &plan));
        hosts.push((url, plan));
    }
    if registry.skip_fallback && hosts.is_empty() && registry.mirrors.is_empty() {
        ctx.error(
            "skip_fallback",
            "skip_fallback needs at least one mirror: without the upstream there is nothing else to pull from",
        );
    }
    (hosts, parsed_mirrors)
}

/// Only config.toml credentials: containerd resolves the namespace exactly as without a
/// hosts.toml (and keeps `_default`'s mirrors for it), so none is written.
fn credentials_only(ctx: Ctx<'_>) -> RenderedRegistry {
    RenderedRegistry {
        namespace: ctx.namespace.to_string(),
        hosts_toml: String::new(),
        files: Vec::new(),
        auth: ctx.auth,
        parsed_form: Registry {
            namespace: ctx.namespace.to_string(),
            ..Registry::default()
        },
        problems: ctx.problems,
    }
}

/// Checks the rendered text with containerd's rules for the target version; false when it
/// breaks them. Every input that can break them is refused earlier with its own error; this
/// last check keeps a file containerd would reject from ever being written, and says why.
fn check_rendered(ctx: &mut Ctx<'_>, text: &str) -> bool {
    let validation = hosts_toml::validate(text, &Rules::for_version(ctx.options.version));
    let version = ctx.version();
    for problem in &validation.problems {
        let key = problem.location.key.clone().unwrap_or_default();
        match problem.severity {
            Severity::Error => ctx.error(
                "",
                format!(
                    "containerd {version} could not read the hosts.toml these settings make (at {key}): {}",
                    problem.message
                ),
            ),
            Severity::Warning => ctx.warning("", problem.message.clone()),
        }
    }
    !validation.problems.has_errors()
}

/// The registry as `parse_hosts_toml` reads the rendered text back.
fn parsed_form(
    registry: &Registry,
    namespace: &str,
    server: Option<&NormalizedUrl>,
    root: &HostPlan,
    parsed_mirrors: Vec<Mirror>,
) -> Registry {
    let mut parsed_form = if registry.skip_fallback {
        Registry {
            namespace: namespace.to_string(),
            mirrors: parsed_mirrors,
            skip_fallback: true,
            ..Registry::default()
        }
    } else {
        Registry {
            namespace: namespace.to_string(),
            server: server.map(|s| s.url.clone()),
            ca: root.ca.iter().cloned().map(CertSource::Path).collect(),
            client: root.client.as_ref().map(path_pair),
            skip_verify: root.skip_verify,
            header: root.header.clone(),
            mirrors: parsed_mirrors,
            credentials: None,
            skip_fallback: false,
        }
    };
    parsed_form.credentials = super::parse::lift_basic_auth(&mut parsed_form.header);
    parsed_form
}

/// The inline certificate files plus the hosts.toml, sorted by path.
fn files_with_hosts_toml(ctx: &mut Ctx<'_>, registry: &Registry, text: &str) -> Vec<NodeFile> {
    // A hosts.toml that carries an Authorization header holds a secret: keep it from other users.
    let private = carries_authorization(registry);
    let mut files = std::mem::take(&mut ctx.files);
    files.push(NodeFile::new(
        format!("{CERTS_D_DIR}/{}/hosts.toml", ctx.namespace),
        text.as_bytes().to_vec(),
        private,
    ));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Whether a mirror says more than its URL (then an upstream-equal mirror is kept, with its
/// settings, instead of being dropped).
fn has_own_settings(mirror: &Mirror) -> bool {
    let mut capabilities = mirror.capabilities.clone();
    capabilities.sort();
    capabilities.dedup();
    capabilities != super::model::default_capabilities()
        || !mirror.ca.is_empty()
        || mirror.client.is_some()
        || mirror.skip_verify.is_some()
        || mirror.override_path.is_some()
        || !mirror.header.is_empty()
        || mirror.dial_timeout.is_some()
        || mirror.credentials.is_some()
}

/// An entry that only gives config.toml credentials for the upstream needs no hosts.toml.
fn needs_no_file(registry: &Registry) -> bool {
    registry.server.is_none()
        && registry.ca.is_empty()
        && registry.client.is_none()
        && registry.skip_verify.is_none()
        && registry.header.is_empty()
        && registry.mirrors.is_empty()
        && !registry.skip_fallback
        && registry
            .credentials
            .as_ref()
            .is_some_and(|c| c.mode == CredentialsMode::ConfigTomlAuth)
}

/// Upstream settings are meaningless when the upstream is never contacted.
fn skip_fallback_conflicts(ctx: &mut Ctx<'_>, registry: &Registry, upstream_settings: bool) {
    let mut set: Vec<&str> = Vec::new();
    if registry.server.is_some() {
        set.push("server");
    }
    if upstream_settings {
        set.push("ca/client/skip_verify/header");
    }
    if registry.credentials.is_some() {
        set.push("credentials");
    }
    if !set.is_empty() {
        ctx.error("skip_fallback", format!(
            "skip_fallback never contacts the upstream, so its {} would be ignored; set them on the mirrors or remove them",
            set.join(", ")
        ));
    }
}

/// Whether the rendered hosts.toml will hold an `Authorization` header (from header-mode
/// credentials or given by the user).
fn carries_authorization(registry: &Registry) -> bool {
    let header_credentials = |c: &Option<Credentials>| {
        c.as_ref()
            .is_some_and(|c| c.mode == CredentialsMode::AuthorizationHeader)
    };
    let authorization_header = |h: &BTreeMap<String, Vec<String>>| {
        h.keys().any(|k| k.eq_ignore_ascii_case("authorization"))
    };
    header_credentials(&registry.credentials)
        || authorization_header(&registry.header)
        || registry
            .mirrors
            .iter()
            .any(|m| header_credentials(&m.credentials) || authorization_header(&m.header))
}

fn path_pair((cert, key): &(String, String)) -> ClientPair {
    ClientPair {
        cert: CertSource::Path(cert.clone()),
        key: CertSource::Path(key.clone()),
    }
}

fn parsed_mirror(url: &str, plan: &HostPlan) -> Mirror {
    let mut header = plan.header.clone();
    let credentials = super::parse::lift_basic_auth(&mut header);
    Mirror {
        url: url.to_string(),
        capabilities: plan.capabilities.clone().unwrap_or_default(),
        ca: plan.ca.iter().cloned().map(CertSource::Path).collect(),
        client: plan.client.as_ref().map(path_pair),
        skip_verify: plan.skip_verify,
        override_path: plan.override_path,
        header,
        dial_timeout: plan.dial_timeout.clone(),
        credentials,
    }
}

fn mirror_plan(ctx: &mut Ctx<'_>, at: &str, mirror: &Mirror) -> Option<(NormalizedUrl, HostPlan)> {
    let version = ctx.version();
    let (url, implied_skip_verify) = match normalize_endpoint(&mirror.url, version) {
        Ok(url) => url,
        Err(e) => {
            ctx.error(&format!("{at}.url"), e);
            return None;
        }
    };
    if url.host.starts_with('[') && Rules::for_version(version).go_toml_v1() != Applies::Never {
        ctx.error(&format!("{at}.url"), format!(
            "containerd {version} (go-toml v1) cannot read an IPv6 address inside a [host.\"…\"] table header and would ignore the whole hosts.toml; use a host name, or set containerd_version to 2.0 or later"
        ));
        return None;
    }
    let mut capabilities = mirror.capabilities.clone();
    capabilities.sort();
    capabilities.dedup();
    for capability in &capabilities {
        if let Some(since) = capability.choice().and_then(|c| c.since) {
            if !capability.allowed_for(Some(version)) {
                ctx.error(&format!("{at}.capabilities"), format!(
                    "the {} capability is known from containerd {}; containerd {version} rejects it as an unknown capability and ignores the whole hosts.toml",
                    capability.name(),
                    release_name(since)
                ));
            }
        }
    }
    let override_path = mirror.override_path.or(url.has_path.then_some(true));
    if override_path.is_some() && !versions::supports_override_path(version) {
        ctx.error(
            &format!("{at}.override_path"),
            format!("override_path is read from containerd 1.6; containerd {version} ignores it"),
        );
    }
    if let Some(timeout) = &mirror.dial_timeout {
        let attr = format!("{at}.dial_timeout");
        if !versions::supports_dial_timeout(version) {
            ctx.error(&attr, format!(
                "dial_timeout is read from containerd 2.0.7 and 2.1; containerd {version} ignores it (set containerd_version to the nodes' version if it is newer)"
            ));
        }
        match parse_go_duration(timeout) {
            Ok(n) if n < 0 => ctx.warning(
                &attr,
                "a negative dial_timeout makes every connection attempt fail at once",
            ),
            Ok(_) => {}
            Err(e) => ctx.error(
                &attr,
                format!(
                    "\"{}\" is not a Go duration ({e}); write e.g. \"30s\"",
                    timeout.escape_debug()
                ),
            ),
        }
    }
    let mut stem = None;
    let ca = ctx.ca(&format!("{at}.ca"), &mirror.ca, &mut stem, &url.host);
    let client = mirror
        .client
        .as_ref()
        .map(|c| ctx.client(&format!("{at}.client"), c, &mut stem, &url.host));
    let mut header = ctx.headers(&format!("{at}.header"), &mirror.header);
    if let Some(credentials) = &mirror.credentials {
        ctx.credentials(
            &format!("{at}.credentials"),
            credentials,
            Some(&url.host),
            &mut header,
        );
    }
    Some((
        url,
        HostPlan {
            capabilities: Some(capabilities),
            ca,
            client,
            skip_verify: mirror.skip_verify.or(implied_skip_verify),
            override_path,
            header,
            dial_timeout: mirror.dial_timeout.clone(),
        },
    ))
}

fn string_array<'a>(items: impl IntoIterator<Item = &'a str>) -> Value {
    let mut array = Array::new();
    for item in items {
        array.push(item);
    }
    Value::Array(array)
}

/// Inserts `key = value` with `indent` before the key.
fn put(table: &mut Table, key: &str, value: Value, indent: &str) {
    table.insert(key, Item::Value(value));
    if let Some(mut k) = table.key_mut(key) {
        k.leaf_decor_mut().set_prefix(indent);
    }
}

fn fill(table: &mut Table, plan: &HostPlan, indent: &str) {
    if let Some(capabilities) = &plan.capabilities {
        put(
            table,
            "capabilities",
            string_array(capabilities.iter().map(|c| c.as_str())),
            indent,
        );
    }
    if !plan.ca.is_empty() {
        put(
            table,
            "ca",
            string_array(plan.ca.iter().map(String::as_str)),
            indent,
        );
    }
    if let Some((cert, key)) = &plan.client {
        let mut outer = Array::new();
        outer.push(string_array([cert.as_str(), key.as_str()]));
        put(table, "client", Value::Array(outer), indent);
    }
    if let Some(skip) = plan.skip_verify {
        put(table, "skip_verify", Value::from(skip), indent);
    }
    if let Some(override_path) = plan.override_path {
        put(table, "override_path", Value::from(override_path), indent);
    }
    if let Some(timeout) = &plan.dial_timeout {
        put(table, "dial_timeout", Value::from(timeout.as_str()), indent);
    }
}

fn header_table(header: &BTreeMap<String, Vec<String>>, indent: &str, position: isize) -> Table {
    let mut table = Table::new();
    table.set_position(Some(position));
    table.decor_mut().set_prefix("\n");
    for (name, values) in header {
        let value = match values.as_slice() {
            [one] => Value::from(one.as_str()),
            many => string_array(many.iter().map(String::as_str)),
        };
        put(&mut table, name, value, indent);
    }
    table
}

fn build_document(
    server: Option<&str>,
    root: &HostPlan,
    hosts: &[(String, HostPlan)],
    empty_host_table: bool,
) -> String {
    let mut doc = DocumentMut::new();
    let table = doc.as_table_mut();
    if let Some(server) = server {
        put(table, "server", Value::from(server), "");
    }
    fill(table, root, "");
    let mut position: isize = 1;
    if !root.header.is_empty() {
        table.insert(
            "header",
            Item::Table(header_table(&root.header, "", position)),
        );
        position += 1;
    }
    let mut host = Table::new();
    if empty_host_table {
        host.set_position(Some(position));
        host.decor_mut().set_prefix("\n");
    } else {
        host.set_implicit(true);
    }
    for (url, plan) in hosts {
        let mut t = Table::new();
        t.set_position(Some(position));
        t.decor_mut().set_prefix("\n");
        position += 1;
        fill(&mut t, plan, HOST_INDENT);
        if !plan.header.is_empty() {
            t.insert(
                "header",
                Item::Table(header_table(&plan.header, HOST_INDENT, position)),
            );
            position += 1;
        }
        host.insert(url, Item::Table(t));
    }
    if empty_host_table || !hosts.is_empty() {
        table.insert("host", Item::Table(host));
    }
    let text = doc.to_string();
    // No blank line at the very top when nothing precedes the first table.
    match text.strip_prefix('\n') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}
