# The node end-to-end suite renders its structured-input scenarios (e2e/structured/) with this
# file next to the scenario's `data "containerd_registry_files" "node"` block (registries.tf);
# inline certificates are read with file() from files/ beside them. The outputs are sensitive
# because credentials are; `terraform output -json` still prints them.

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

output "cloud_config" {
  value     = data.containerd_registry_files.node.cloud_config
  sensitive = true
}

output "files" {
  value     = data.containerd_registry_files.node.files
  sensitive = true
}
