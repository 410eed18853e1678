# Seed 003's mirror for every runtime on a node: containerd (hosts.toml), CRI-O and Podman
# (a registries.conf drop-in) and Docker (daemon.json), all from one `registries` description.
#
# icr.io is mirrored to the repository namespace icr.io/dpod for pulls by digest only, as the
# seed's registries.conf does with `mirror-by-digest-only = true`. In containerd's terms that is
# a mirror without the `resolve` capability, at the API path /v2/dpod (`override_path` is
# implied by the path): containerd then asks https://icr.io/v2/dpod/<repository>/… — the same
# requests CRI-O and Podman send for `location = "icr.io/dpod"`.
#
# Docker mirrors Docker Hub only: its daemon.json gets the docker.io mirror, and the provider
# warns that Docker does not use icr.io's.

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

data "containerd_registry_files" "this" {
  formats = ["cloud_config", "containers_registries_conf_d", "docker_files"]
  registries = {
    "icr.io" = {
      mirrors = [{
        url          = "https://icr.io/v2/dpod"
        capabilities = ["pull"]
      }]
    }
    "docker.io" = {
      mirrors = [{ url = "https://mirror.gcr.io" }]
    }
  }
}

# For containerd nodes.
output "cloud_config" {
  sensitive = true
  value     = data.containerd_registry_files.this.cloud_config
}

# /etc/containers/registries.conf.d/50-containerd-registry-files.conf for CRI-O and Podman.
output "containers_paths" {
  sensitive = true
  value     = [for f in data.containerd_registry_files.this.containers_registries_conf_d : f.path]
}

output "registries_conf" {
  sensitive = true
  value     = one([for f in data.containerd_registry_files.this.containers_registries_conf_d : f.content if endswith(f.path, ".conf")])
}

# /etc/docker/daemon.json with registry-mirrors for Docker Hub.
output "docker_daemon_json" {
  sensitive = true
  value     = jsondecode(one([for f in data.containerd_registry_files.this.docker_files : f.content if f.path == "/etc/docker/daemon.json"]))
}
