# Gardener's MirrorConfig: an upstream plus a mirror with capabilities and a CA, the CA given
# inline as PEM and written under /etc/containerd/certs/<namespace>/.
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
      mirrors = [{
        url          = "https://public-mirror.example.com:8443"
        capabilities = ["pull", "resolve"]
        ca           = [file("./files/mirror-ca.crt")]
      }]
    }
  }
}

locals {
  r      = data.containerd_registry_files.this
  files  = { for f in local.r.files : f.path => f }
  parsed = provider::containerd::parse_hosts_toml(local.files["/etc/containerd/certs.d/docker.io/hosts.toml"].content)
}

output "cloud_config" {
  sensitive = true
  value     = local.r.cloud_config
}

output "ca" {
  sensitive = true
  value     = local.parsed.mirrors[0].ca
  precondition {
    condition     = length(local.parsed.mirrors[0].ca) == 1 && startswith(local.parsed.mirrors[0].ca[0], "/etc/containerd/certs/docker.io/")
    error_message = "the mirror's ca must be an absolute path under /etc/containerd/certs/docker.io/: ${jsonencode(local.parsed.mirrors[0].ca)}"
  }
  precondition {
    condition     = try(local.files[local.parsed.mirrors[0].ca[0]].content, "") == file("./files/mirror-ca.crt")
    error_message = "the CA file must be written with the given PEM"
  }
  precondition {
    condition     = try(local.files[local.parsed.mirrors[0].ca[0]].permissions, "") == "0644"
    error_message = "a CA file is 0644"
  }
}
