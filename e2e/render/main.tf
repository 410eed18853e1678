# The node end-to-end suite (tests/node_e2e.rs) renders every scenario through this
# configuration with a real Terraform core and the provider cargo built (dev_overrides). The
# hosts and certificate files are written by the test (ports and certificates are made per run);
# it passes their paths as JSON lists in TF_VAR_hosts and TF_VAR_certs, and the node's containerd
# release, when a scenario pins it, in TF_VAR_containerd_version.

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

variable "hosts" {
  type = list(string)
}

variable "certs" {
  type    = list(string)
  default = []
}

# The node's containerd release (TF_VAR_containerd_version); null: the provider's default.
variable "containerd_version" {
  type    = string
  default = null
}

data "containerd_registry_files" "node" {
  formats            = ["files", "cloud_config"]
  hosts              = var.hosts
  certs              = var.certs
  containerd_version = var.containerd_version
}

output "cloud_config" {
  sensitive = true
  value     = data.containerd_registry_files.node.cloud_config
}

output "files" {
  sensitive = true
  value     = data.containerd_registry_files.node.files
}

output "sha256" {
  value = data.containerd_registry_files.node.sha256
}
