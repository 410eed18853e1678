# dial_timeout arrived in containerd 2.0.7 / 2.1; on 1.7 the provider refuses it at plan.
terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

data "containerd_registry_files" "this" {
  formats            = ["cloud_config"]
  containerd_version = "1.7"
  registries = {
    "quay.io" = { mirrors = [{ url = "https://mirror.example", dial_timeout = "5s" }] }
  }
}

output "cloud_config" {
  sensitive = true
  value     = data.containerd_registry_files.this.cloud_config
}
