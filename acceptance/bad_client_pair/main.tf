# A client pair with one element ([["a.crt"]]): containerd fails with "invalid pair".
# Bad input: plan must fail with the provider's diagnostic (see expect_error.txt).

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

locals {
  hosts = ["./files/containerd/registry.example.com"]
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
