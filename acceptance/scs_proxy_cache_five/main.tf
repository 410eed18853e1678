# SCS's documented "proxy cache" setup: all five shipped host files selected through the
# environment, exactly as SCS tells users to do it:
#   export TF_VAR_containerd_registry_files='{"hosts":["./files/containerd/docker.io", ...]}'
# (the harness sets it from env.json).

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

variable "containerd_registry_files" {
  type = object({
    hosts = optional(set(string), ["./files/containerd/docker.io"])
    certs = optional(set(string), [])
  })
  default = {}
}

data "containerd_registry_files" "this" {
  formats = ["files", "cloud_config"]
  hosts   = var.containerd_registry_files.hosts
  certs   = var.containerd_registry_files.certs
}

locals {
  names = ["docker.io", "ghcr.io", "quay.io", "registry.gitlab.com", "registry.k8s.io"]
  files = data.containerd_registry_files.this.files
  paths = [for f in local.files : f.path]
  # The five hosts files, then the config_path program cloud_config's runcmd calls.
  expected = concat([for n in local.names : "/etc/containerd/certs.d/${n}/hosts.toml"], ["/etc/containerd/enable-config-path.sh"])
  cc       = data.containerd_registry_files.this.cloud_config
  cc_files = { for f in try(yamldecode(local.cc).write_files, []) : f.path => f }
}

output "paths" {
  sensitive = true
  value     = local.paths

  precondition {
    condition     = length(var.containerd_registry_files.hosts) == 5
    error_message = "TF_VAR_containerd_registry_files did not reach the configuration: hosts = ${jsonencode(var.containerd_registry_files.hosts)}"
  }
  precondition {
    condition     = tolist(local.paths) == tolist(local.expected)
    error_message = "expected paths ${jsonencode(local.expected)}, got ${jsonencode(local.paths)}"
  }
  precondition {
    condition     = tolist(local.paths) == sort(local.paths)
    error_message = "files are not sorted by path: ${jsonencode(local.paths)}"
  }
}

output "files" {
  sensitive = true
  value     = local.files

  precondition {
    condition = alltrue([
      for i, n in local.names :
      try(local.files[i].content == file("./files/containerd/${n}"), false)
    ])
    error_message = "some hosts.toml content differs from its source file"
  }
  precondition {
    condition     = alltrue([for f in local.files : f.permissions == "0644" && f.owner == "root:root"])
    error_message = "every hosts.toml must be 0644 root:root: ${jsonencode([for f in local.files : [f.path, f.permissions, f.owner]])}"
  }
}

output "cloud_config" {
  sensitive = true
  value     = local.cc

  precondition {
    condition     = startswith(local.cc, "#cloud-config\n")
    error_message = "cloud_config does not start with a #cloud-config line"
  }
  precondition {
    condition = alltrue([
      for i, n in local.names :
      try(local.cc_files[local.expected[i]].content == file("./files/containerd/${n}"), false)
    ])
    error_message = "cloud_config write_files lacks some hosts.toml or its content differs: ${jsonencode(keys(local.cc_files))}"
  }
}

output "sha256" {
  value = data.containerd_registry_files.this.sha256

  precondition {
    condition     = can(regex("^[0-9a-f]{64}$", data.containerd_registry_files.this.sha256))
    error_message = "sha256 is not 64 lowercase hex characters"
  }
}
