//! The registries model as other runtimes read it: for each registry, the hosts a pull may
//! contact (mirrors in order, then the upstream), each with what containers/image
//! (CRI-O, Podman, skopeo) and Docker can take of it. The formats for those runtimes
//! (`containers_*`, `docker_*`) build on this; whatever has no counterpart there becomes a
//! warning at the setting, never a silent omission.

use std::collections::BTreeMap;

use crate::domain::namespace::{canonical_namespace, DEFAULT_NAMESPACE};
use crate::domain::node_files::{NodeFile, CERTS_D_DIR, MODE_PRIVATE, MODE_PUBLIC, OWNER};
use crate::domain::registry::normalize::{
    default_server, is_loopback, is_upstream, namespace_host, normalize_url, NormalizedUrl,
};
use crate::domain::registry::{Capability, CertSource, ClientPair, Credentials, Mirror, Registry};
use crate::domain::{Finding, Findings, Location};

/// One host a pull may contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Endpoint {
    /// Where in the registry entry it comes from (`mirrors[0]`, or empty for the upstream).
    pub attribute: String,
    /// `scheme://host[:port]` without a path.
    pub origin: String,
    /// `host[:port]`: the directory name under `certs.d`.
    pub host: String,
    /// The containers-registries.conf `location` (`host[:port][/namespace]`), or why there is
    /// none: containers/image always sends requests to `/v2/<location path>/<repository>/…`.
    pub location: Result<String, String>,
    /// Plain HTTP or `skip_verify`.
    pub insecure: bool,
    /// containerd uses it to pull but not to resolve tags: a digest-only mirror.
    pub digest_only: bool,
    pub tls: TlsFiles,
    pub credentials: Option<Credentials>,
}

/// The certificates of one host, as PEM text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct TlsFiles {
    pub cas: Vec<String>,
    /// (certificate blocks, key blocks).
    pub client: Option<(String, String)>,
}

impl TlsFiles {
    fn is_empty(&self) -> bool {
        self.cas.is_empty() && self.client.is_none()
    }
}

/// A registry as other runtimes see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RuntimeRegistry {
    /// The namespace as written (`docker.io`, `host:port`).
    pub namespace: String,
    /// The host of image references: `host_port_` written `host:port`.
    pub reference_host: String,
    /// Pull mirrors in order (hosts without the `pull` capability are left out, as containerd
    /// never pulls from them).
    pub mirrors: Vec<Endpoint>,
    /// The upstream; `None` when the server cannot be read (an error the node files report).
    pub upstream: Option<Endpoint>,
    /// Whether the upstream is Docker Hub.
    pub docker_hub: bool,
    /// The entry's own settings no runtime here has: (attribute, what it is).
    pub unsupported: Vec<(String, &'static str)>,
    pub skip_fallback: bool,
}

/// The registries other runtimes can use, in input order, and warnings about the rest.
/// `files` are the node files, where certificates given as node paths are found. Each finding
/// carries `summary`.
pub(super) fn runtime_registries(
    registries: &[Registry],
    files: &[NodeFile],
    summary: &'static str,
) -> (Vec<RuntimeRegistry>, Findings) {
    let mut findings = Findings::new();
    let mut out = Vec::new();
    for registry in registries {
        let namespace = canonical_namespace(&registry.namespace);
        if namespace == DEFAULT_NAMESPACE {
            findings.push(
                Finding::warning(
                    Location::registry(&registry.namespace, ""),
                    "_default (every registry without its own entry) has no counterpart in \
                     this runtime's configuration, which names each registry; it is left out \
                     here — list the registries it should cover",
                )
                .with_summary(summary),
            );
            continue;
        }
        let mut ctx = Ctx {
            namespace: &registry.namespace,
            files,
            findings: &mut findings,
            summary,
        };
        out.push(ctx.registry(registry));
    }
    (out, findings)
}

struct Ctx<'a> {
    namespace: &'a str,
    files: &'a [NodeFile],
    findings: &'a mut Findings,
    summary: &'static str,
}

impl Ctx<'_> {
    fn warn(&mut self, attribute: &str, message: String) {
        self.findings.push(
            Finding::warning(Location::registry(self.namespace, attribute), message)
                .with_summary(self.summary),
        );
    }

    fn registry(&mut self, registry: &Registry) -> RuntimeRegistry {
        let reference_host = namespace_host(&registry.namespace);
        let mut unsupported = Vec::new();
        if !registry.header.is_empty() {
            unsupported.push(("header".to_string(), "headers"));
        }
        let server = match &registry.server {
            Some(raw) => normalize_url(raw).ok(),
            None => default_server(&registry.namespace).and_then(|s| normalize_url(&s).ok()),
        };
        let mut mirrors = Vec::new();
        // A host entry that is the upstream itself (`[host."<server>"]`, common in hand-written
        // files) holds the upstream's settings; it is no mirror.
        let mut upstream_entry: Option<&Mirror> = None;
        for (i, mirror) in registry.mirrors.iter().enumerate() {
            let attribute = format!("mirrors[{i}]");
            if !mirror.header.is_empty() {
                unsupported.push((format!("{attribute}.header"), "headers"));
            }
            if mirror.dial_timeout.is_some() {
                unsupported.push((format!("{attribute}.dial_timeout"), "a dial timeout"));
            }
            let is_server = normalize_url(&mirror.url)
                .is_ok_and(|url| is_upstream(&url, &registry.namespace, server.as_ref()));
            if is_server && upstream_entry.is_none() {
                upstream_entry = Some(mirror);
                continue;
            }
            if let Some(endpoint) = self.mirror(mirror, attribute) {
                mirrors.push(endpoint);
            }
        }
        let ca = match upstream_entry {
            Some(entry) if registry.ca.is_empty() => &entry.ca,
            _ => &registry.ca,
        };
        let client = registry
            .client
            .as_ref()
            .or(upstream_entry.and_then(|e| e.client.as_ref()));
        let credentials = registry
            .credentials
            .clone()
            .or(upstream_entry.and_then(|e| e.credentials.clone()));
        let entry_skips_verify = upstream_entry.is_some_and(|e| e.skip_verify == Some(true));
        let docker_hub = registry.namespace == "docker.io"
            && server.as_ref().is_none_or(|s| {
                !s.has_path
                    && matches!(
                        s.host.as_str(),
                        "docker.io" | "index.docker.io" | "registry-1.docker.io"
                    )
            });
        let upstream = match server {
            Some(url) => {
                let location = if docker_hub {
                    Ok("docker.io".to_string())
                } else if url.has_path {
                    Err(format!(
                        "containerd sends requests to {}/v2/…, a path containers/image cannot \
                         express",
                        url.url
                    ))
                } else {
                    Ok(url.host.clone())
                };
                let insecure = url.url.starts_with("http://")
                    || registry.skip_verify == Some(true)
                    || entry_skips_verify
                    || (registry.server.is_none() && is_loopback(&url.host));
                Some(self.endpoint(
                    String::new(),
                    &url,
                    location,
                    insecure,
                    false,
                    ca,
                    client,
                    credentials,
                ))
            }
            // A loopback namespace without server: containerd's own default (plain HTTP or an
            // unverified TLS connection).
            None if registry.server.is_none() => Some(Endpoint {
                attribute: String::new(),
                origin: format!("http://{reference_host}"),
                host: reference_host.clone(),
                location: Ok(reference_host.clone()),
                insecure: true,
                digest_only: false,
                tls: self.tls("", &reference_host, ca, client),
                credentials,
            }),
            None => None,
        };
        RuntimeRegistry {
            namespace: registry.namespace.clone(),
            reference_host,
            mirrors,
            upstream,
            docker_hub,
            unsupported,
            skip_fallback: registry.skip_fallback,
        }
    }

    /// A pull mirror; `None` for a host containerd never pulls from.
    fn mirror(&mut self, mirror: &Mirror, attribute: String) -> Option<Endpoint> {
        let all = mirror.capabilities.is_empty();
        let can = |c: Capability| all || mirror.capabilities.contains(&c);
        if !can(Capability::Pull) {
            if can(Capability::Resolve) {
                self.warn(
                    &format!("{attribute}.capabilities"),
                    "a mirror that resolves tags but serves no pulls has no counterpart here; \
                     it is left out"
                        .to_string(),
                );
            }
            return None;
        }
        let url = normalize_url(&mirror.url).ok()?;
        let override_path = mirror.override_path.unwrap_or(url.has_path);
        let raw_v2 = mirror.url.trim().trim_end_matches('/').ends_with("/v2");
        let location = match (url.has_path, override_path) {
            (false, false) => Ok(url.host.clone()),
            (false, true) if raw_v2 => Ok(url.host.clone()),
            (true, true) => match url.url.split_once("://").map(|(_, rest)| rest) {
                Some(rest) if rest.contains("/v2/") => Ok(rest.replacen("/v2/", "/", 1)),
                _ => Err(format!(
                    "containerd sends requests to {}/<repository>/… without /v2, a path \
                     containers/image cannot express",
                    url.url
                )),
            },
            (false, true) => Err(format!(
                "with override_path containerd sends requests to {}/<repository>/… without \
                 /v2, a path containers/image cannot express",
                url.url
            )),
            (true, false) => Err(format!(
                "containerd sends requests to {}/v2/…, a path containers/image cannot express",
                url.url
            )),
        };
        let insecure = url.url.starts_with("http://") || mirror.skip_verify == Some(true);
        Some(self.endpoint(
            attribute,
            &url,
            location,
            insecure,
            !can(Capability::Resolve),
            &mirror.ca,
            mirror.client.as_ref(),
            mirror.credentials.clone(),
        ))
    }

    #[allow(clippy::too_many_arguments)]
    fn endpoint(
        &mut self,
        attribute: String,
        url: &NormalizedUrl,
        location: Result<String, String>,
        insecure: bool,
        digest_only: bool,
        ca: &[CertSource],
        client: Option<&ClientPair>,
        credentials: Option<Credentials>,
    ) -> Endpoint {
        let scheme = url.url.split("://").next().unwrap_or("https");
        let tls = self.tls(&attribute, &url.host, ca, client);
        Endpoint {
            origin: format!("{scheme}://{}", url.host),
            host: url.host.clone(),
            location,
            insecure,
            digest_only,
            tls,
            credentials,
            attribute,
        }
    }

    fn tls(
        &mut self,
        attribute: &str,
        host: &str,
        ca: &[CertSource],
        client: Option<&ClientPair>,
    ) -> TlsFiles {
        let at = |field: &str| {
            if attribute.is_empty() {
                field.to_string()
            } else {
                format!("{attribute}.{field}")
            }
        };
        let mut cas = Vec::new();
        for (i, source) in ca.iter().enumerate() {
            if let Some(text) = self.pem(source, &format!("{}[{i}]", at("ca")), host) {
                cas.push(text);
            }
        }
        let client = client.and_then(|pair| {
            let cert = self.pem(&pair.cert, &at("client.cert"), host)?;
            let key = self.pem(&pair.key, &at("client.key"), host)?;
            Some((pem_blocks(&cert, false), pem_blocks(&key, true)))
        });
        TlsFiles { cas, client }
    }

    /// The PEM text of `source`: inline, or the node file at its path (relative paths are
    /// relative to the namespace's hosts directory, as containerd reads them).
    fn pem(&mut self, source: &CertSource, attribute: &str, host: &str) -> Option<String> {
        let path = match source {
            CertSource::Inline(text) => return Some(text.clone()),
            CertSource::Path(path) => path,
        };
        let absolute = if path.starts_with('/') {
            path.clone()
        } else {
            format!("{CERTS_D_DIR}/{}/{path}", self.namespace)
        };
        let found = self
            .files
            .iter()
            .find(|f| f.path == absolute)
            .and_then(|f| String::from_utf8(f.content.clone()).ok());
        if found.is_none() {
            self.warn(
                attribute,
                format!(
                    "{absolute} is a path on the node, not a file this configuration writes, so \
                     it is not copied into the certs.d directory of {host}; copy it there \
                     yourself or give the PEM inline"
                ),
            );
        }
        found
    }
}

/// The private key blocks (`keys`) or every other block of `text`, re-encoded; `text` itself
/// when it cannot be parsed (it was checked when the node files were rendered).
fn pem_blocks(text: &str, keys: bool) -> String {
    let Ok(blocks) = pem::parse_many(text.as_bytes()) else {
        return text.to_string();
    };
    let chosen: Vec<pem::Pem> = blocks
        .into_iter()
        .filter(|b| b.tag().ends_with("PRIVATE KEY") == keys)
        .collect();
    if chosen.is_empty() {
        return text.to_string();
    }
    let config = pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF);
    pem::encode_many_config(&chosen, config)
}

/// The files of one `certs.d` directory per host under `root` (`ca.crt`, `ca-2.crt`, …;
/// `client.cert`, `client.key` 0600), as containers-certs.d(5) and Docker name them. A host
/// given different certificates by two entries is an error: these runtimes read one
/// directory per host.
pub(super) fn certs_d_files(
    registries: &[RuntimeRegistry],
    root: &str,
    summary: &'static str,
    endpoints: impl Fn(&RuntimeRegistry) -> Vec<&Endpoint>,
) -> (Vec<NodeFile>, Findings) {
    let mut by_host: BTreeMap<String, (TlsFiles, String)> = BTreeMap::new();
    let mut findings = Findings::new();
    for registry in registries {
        for endpoint in endpoints(registry) {
            if endpoint.tls.is_empty() {
                continue;
            }
            match by_host.get(&endpoint.host) {
                Some((tls, _)) if *tls == endpoint.tls => {}
                Some((_, first)) => findings.push(
                    Finding::error(
                        Location::registry(&registry.namespace, &endpoint.attribute),
                        format!(
                            "{root}/{} holds one set of certificates per host, and {first} \
                             already gives {} different ones",
                            endpoint.host, endpoint.host
                        ),
                    )
                    .with_summary(summary),
                ),
                None => {
                    by_host.insert(
                        endpoint.host.clone(),
                        (
                            endpoint.tls.clone(),
                            format!("registries[\"{}\"]", registry.namespace),
                        ),
                    );
                }
            }
        }
    }
    let file = |path: String, content: &str, permissions: &str| NodeFile {
        path,
        content: content.as_bytes().to_vec(),
        permissions: permissions.to_string(),
        owner: OWNER.to_string(),
    };
    let mut files = Vec::new();
    for (host, (tls, _)) in by_host {
        let dir = format!("{root}/{host}");
        for (i, ca) in tls.cas.iter().enumerate() {
            let name = if i == 0 {
                "ca.crt".to_string()
            } else {
                format!("ca-{}.crt", i + 1)
            };
            files.push(file(format!("{dir}/{name}"), ca, MODE_PUBLIC));
        }
        if let Some((cert, key)) = &tls.client {
            files.push(file(format!("{dir}/client.cert"), cert, MODE_PUBLIC));
            files.push(file(format!("{dir}/client.key"), key, MODE_PRIVATE));
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (files, findings)
}

/// Warnings for the entry's settings that `runtime` has no counterpart for.
pub(super) fn unsupported_warnings(
    registry: &RuntimeRegistry,
    runtime: &str,
    summary: &'static str,
) -> Vec<Finding> {
    registry
        .unsupported
        .iter()
        .map(|(attribute, what)| {
            Finding::warning(
                Location::registry(&registry.namespace, attribute),
                format!("{runtime} has no setting for {what}; it is not carried over"),
            )
            .with_summary(summary)
        })
        .collect()
}
