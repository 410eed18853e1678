# Gardener's registry mirror pattern: an upstream plus a mirror with capabilities and its own
# CA, declared as data. The CA is given inline and written under /etc/containerd/certs/docker.io/.
terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

data "containerd_registry_files" "this" {
  formats = ["files", "cloud_config"]
  registries = {
    "docker.io" = {
      server = "https://registry-1.docker.io"
      mirrors = [{
        url          = "https://public-mirror.example.com"
        capabilities = ["pull", "resolve"]
        ca           = [file("${path.module}/files/mirror-ca.crt")]
      }]
    }
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
