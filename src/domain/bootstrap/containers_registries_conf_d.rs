//! A registries.conf drop-in for CRI-O and Podman (see
//! [`containers_registries`](super::containers_registries) for the mapping).

use super::containers_registries::{render_containers, REGISTRIES_CONF_DROP_IN};
use super::{NodeSetup, Options, Output, OutputFormat, Shape};
use crate::domain::Findings;

/// The `containers_registries_conf_d` format.
pub struct ContainersRegistriesConfD;

impl OutputFormat for ContainersRegistriesConfD {
    fn name(&self) -> &'static str {
        "containers_registries_conf_d"
    }

    fn description(&self) -> &'static str {
        "As `containers_registries_conf`, but the registries go into the drop-in \
         `/etc/containers/registries.conf.d/50-containerd-registry-files.conf` \
         (containers-registries.conf.d(5)): the distribution's `registries.conf` stays, and a \
         `[[registry]]` here replaces one with the same `prefix` there. Plus \
         `/etc/containers/certs.d/<host[:port]>/`."
    }

    fn shape(&self) -> Shape {
        Shape::Files
    }

    fn reads_registries(&self) -> bool {
        true
    }

    fn render(&self, setup: NodeSetup, options: &Options) -> (Output, Findings) {
        render_containers(setup, options, REGISTRIES_CONF_DROP_IN, self.name())
    }
}
