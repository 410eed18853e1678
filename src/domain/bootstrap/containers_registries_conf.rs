//! The whole `/etc/containers/registries.conf` for CRI-O and Podman (see
//! [`containers_registries`](super::containers_registries) for the mapping).

use super::containers_registries::{render_containers, REGISTRIES_CONF};
use super::{NodeSetup, Options, Output, OutputFormat, Shape};
use crate::domain::Findings;

/// The `containers_registries_conf` format.
pub struct ContainersRegistriesConf;

impl OutputFormat for ContainersRegistriesConf {
    fn name(&self) -> &'static str {
        "containers_registries_conf"
    }

    fn description(&self) -> &'static str {
        "Files for CRI-O, Podman, Buildah and skopeo (containers/image): the whole \
         `/etc/containers/registries.conf` (containers-registries.conf(5) version 2) and \
         `/etc/containers/certs.d/<host[:port]>/` with `ca.crt`, `client.cert` and `client.key` \
         (key 0600). Each registry is a `[[registry]]` whose `prefix` is the namespace and whose \
         `location` is the upstream; its pull mirrors are `[[registry.mirror]]` tables in order \
         (`insecure` for `http://` or `skip_verify`; a mirror without the `resolve` capability \
         is digest-only: `mirror-by-digest-only` when all are, else `pull-from-mirror = \
         \"digest-only\"`). Replaces the distribution's file with its search registries; \
         `containers_registries_conf_d` keeps it. Entries as in `write_files`; see the \
         [other runtimes guide](../guides/other-runtimes.md)."
    }

    fn shape(&self) -> Shape {
        Shape::Files
    }

    fn reads_registries(&self) -> bool {
        true
    }

    fn render(&self, setup: NodeSetup, options: &Options) -> (Output, Findings) {
        render_containers(setup, options, REGISTRIES_CONF, self.name())
    }
}
