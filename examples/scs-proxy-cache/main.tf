# All five registries that registry.scs.community proxy-caches: docker.io, ghcr.io, quay.io,
# registry.gitlab.com and registry.k8s.io. The files under files/containerd/ are the ones SCS
# ships; pick them the way SCS documents it, through the environment:
#
#   export TF_VAR_containerd_registry_files='{"hosts":["./files/containerd/docker.io","./files/containerd/ghcr.io","./files/containerd/quay.io","./files/containerd/registry.gitlab.com","./files/containerd/registry.k8s.io"]}'
#   terraform init && terraform apply
#
# Without the variable only docker.io is mirrored (SCS's default).

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

variable "containerd_registry_files" {
  description = "containerd registry host files (hosts) and certificates (certs), as in SCS KaaS."
  type = object({
    hosts = optional(set(string), ["./files/containerd/docker.io"])
    certs = optional(set(string), [])
  })
  default = {}
}

data "containerd_registry_files" "this" {
  formats = ["files", "cloud_config"]
  hosts   = var.containerd_registry_files.hosts
  certs   = var.containerd_registry_files.certs
}

output "cloud_config" {
  sensitive = true
  value     = data.containerd_registry_files.this.cloud_config
}

# One /etc/containerd/certs.d/<registry>/hosts.toml per selected file, sorted by path.
output "paths" {
  sensitive = true
  value     = [for f in data.containerd_registry_files.this.files : f.path]
}

output "sha256" {
  value = data.containerd_registry_files.this.sha256
}
