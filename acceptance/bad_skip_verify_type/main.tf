# skip_verify as a string ("true") instead of a bool: a type mismatch containerd rejects.
# Bad input: plan must fail with the provider's diagnostic (see expect_error.txt).

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

locals {
  hosts = ["./files/containerd/quay.io"]
  certs = []
}

data "containerd_registry_files" "this" {
  formats = ["cloud_config"]
  hosts   = local.hosts
  certs   = local.certs
}

output "cloud_config" {
  sensitive = true
  value     = data.containerd_registry_files.this.cloud_config
}
