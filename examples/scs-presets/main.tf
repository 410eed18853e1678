# All of registry.scs.community's proxy caches, one line each, without copying SCS's files:
# scs_mirror() returns SCS's shipped file, parse_hosts_toml() turns it into a registry.
terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

locals {
  scs_cached = ["docker.io", "ghcr.io", "quay.io", "registry.gitlab.com", "registry.k8s.io"]
}

data "containerd_registry_files" "this" {
  formats = ["files", "cloud_config"]
  registries = {
    for name in local.scs_cached : name => provider::containerd::parse_hosts_toml(provider::containerd::scs_mirror(name))
  }
}

output "cloud_config" {
  sensitive = true
  value     = data.containerd_registry_files.this.cloud_config
}

output "paths" {
  sensitive = true
  value     = [for f in data.containerd_registry_files.this.files : f.path]
}
