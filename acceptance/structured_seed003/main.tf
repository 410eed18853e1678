# The mirroring guide (seed 003): icr.io through https://icr.io/dpod with override_path and
# skip_verify = false. The path makes override_path default to true.
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
    "icr.io" = {
      mirrors = [{ url = "https://icr.io/dpod", skip_verify = false }]
    }
  }
}

locals {
  r      = data.containerd_registry_files.this
  parsed = provider::containerd::parse_hosts_toml(local.r.files[0].content)
}

output "cloud_config" {
  sensitive = true
  value     = local.r.cloud_config
}

output "mirror" {
  sensitive = true
  value     = local.parsed.mirrors[0]
  precondition {
    condition     = local.parsed.server == "https://icr.io" && local.parsed.mirrors[0].url == "https://icr.io/dpod"
    error_message = "server https://icr.io and mirror https://icr.io/dpod expected: ${jsonencode(local.parsed)}"
  }
  precondition {
    condition     = local.parsed.mirrors[0].override_path == true && local.parsed.mirrors[0].skip_verify == false
    error_message = "override_path = true and skip_verify = false expected: ${jsonencode(local.parsed.mirrors[0])}"
  }
  precondition {
    condition     = local.r.files[0].path == "/etc/containerd/certs.d/icr.io/hosts.toml"
    error_message = "hosts.toml path"
  }
}
