# The same namespace from a hosts file and from registries would write one hosts.toml twice.
terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

data "containerd_registry_files" "this" {
  formats    = ["cloud_config"]
  hosts      = ["./files/containerd/docker.io"]
  registries = { "docker.io" = { mirrors = [{ url = "https://mirror.example" }] } }
}

output "cloud_config" {
  sensitive = true
  value     = data.containerd_registry_files.this.cloud_config
}
