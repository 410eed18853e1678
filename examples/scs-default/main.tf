# SCS KaaS default: docker.io pulled through the registry.scs.community proxy cache.
#
# The variable is SCS's `containerd_registry_files`, unchanged (k8s-cluster-api-provider
# terraform/variables.tf); files/containerd/docker.io is the hosts file SCS ships. Run:
#
#   terraform init && terraform apply
#   terraform output -raw cloud_config > user-data.yaml

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

# The node's user data: write_files for /etc/containerd/certs.d/docker.io/hosts.toml, the
# config_path edit of /etc/containerd/config.toml and a containerd restart.
output "cloud_config" {
  sensitive = true
  value     = data.containerd_registry_files.this.cloud_config
}

output "files" {
  sensitive = true
  value     = data.containerd_registry_files.this.files
}

# Changes exactly when a node file changes; feed it to whatever rolls your nodes.
output "sha256" {
  value = data.containerd_registry_files.this.sha256
}
