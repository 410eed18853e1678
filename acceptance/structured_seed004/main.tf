# The private-registry walkthrough (seed 004) as data: docker-registry:5000 with its
# self-signed certificate as CA and pull, resolve and push.
terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

data "containerd_registry_files" "this" {
  formats            = ["files", "cloud_config"]
  containerd_version = "1.7"
  registries = {
    "docker-registry:5000" = {
      mirrors = [{
        url          = "https://docker-registry:5000"
        capabilities = ["pull", "resolve", "push"]
        ca           = [file("./files/tls.crt")]
      }]
    }
  }
}

locals {
  r      = data.containerd_registry_files.this
  files  = { for f in local.r.files : f.path => f }
  parsed = provider::containerd::parse_hosts_toml(local.files["/etc/containerd/certs.d/docker-registry:5000/hosts.toml"].content)
}

output "cloud_config" {
  sensitive = true
  value     = local.r.cloud_config
}

output "registry" {
  sensitive = true
  value     = local.parsed
  precondition {
    condition     = local.parsed.server == "https://docker-registry:5000" && jsonencode(local.parsed.mirrors[0].capabilities) == jsonencode(["pull", "resolve", "push"])
    error_message = "server and capabilities as in seed 004 expected: ${jsonencode(local.parsed)}"
  }
  precondition {
    condition     = try(local.files[local.parsed.mirrors[0].ca[0]].content, "") == file("./files/tls.crt")
    error_message = "the CA must be written and referenced by its node path"
  }
}
