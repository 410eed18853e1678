# The resource form of scs_default: SCS default: containerd_registry_files exactly as SCS declares
# it, with SCS's shipped files/containerd/docker.io (registry.scs.community as a docker.io mirror).
# The assertions are output preconditions, so Terraform itself judges them.

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

resource "containerd_registry_files" "this" {
  # file_sha256: a plan shows which node file changes while the contents stay hidden.
  formats = ["files", "cloud_config", "file_sha256"]
  hosts   = var.containerd_registry_files.hosts
  certs   = var.containerd_registry_files.certs
}

locals {
  files    = containerd_registry_files.this.files
  cc       = containerd_registry_files.this.cloud_config
  cc_doc   = try(yamldecode(local.cc), null)
  cc_files = { for f in try(local.cc_doc.write_files, []) : f.path => f }
  hosts    = "/etc/containerd/certs.d/docker.io/hosts.toml"
  program  = "/etc/containerd/enable-config-path.sh"
}

output "files" {
  sensitive = true
  value     = local.files

  precondition {
    condition     = tolist([for f in local.files : f.path]) == tolist([local.hosts, local.program])
    error_message = "expected SCS's hosts file and the config_path program, got ${jsonencode([for f in local.files : f.path])}"
  }
  precondition {
    condition     = try(local.files[0].path, null) == local.hosts
    error_message = "expected path ${local.hosts}, got ${jsonencode(try(local.files[0].path, null))}"
  }
  precondition {
    condition     = try(local.files[0].permissions, null) == "0644"
    error_message = "expected permissions 0644, got ${jsonencode(try(local.files[0].permissions, null))}"
  }
  precondition {
    condition     = try(local.files[0].owner, null) == "root:root"
    error_message = "expected owner root:root, got ${jsonencode(try(local.files[0].owner, null))}"
  }
  precondition {
    condition     = try(local.files[0].content, null) == file("./files/containerd/docker.io")
    error_message = "hosts.toml content is not SCS's files/containerd/docker.io byte for byte: ${jsonencode(try(local.files[0].content, null))}"
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
    condition     = strcontains(local.cc, "config_path = \"/etc/containerd/certs.d\"")
    error_message = "cloud_config does not set config_path = \"/etc/containerd/certs.d\""
  }
  precondition {
    condition     = local.cc_doc != null
    error_message = "cloud_config is not YAML that Terraform's yamldecode reads"
  }
  precondition {
    condition     = try(local.cc_files[local.hosts].content, null) == file("./files/containerd/docker.io")
    error_message = "cloud_config write_files has no ${local.hosts} with the hosts file's content"
  }
  precondition {
    condition     = alltrue([for f in local.files : contains(keys(local.cc_files), f.path)])
    error_message = "some of files[*].path are not in cloud_config write_files: ${jsonencode(keys(local.cc_files))}"
  }
  precondition {
    condition     = try(local.cc_files[local.program].encoding, null) == "gzip+base64" && strcontains(jsonencode(local.cc_doc.runcmd), local.program)
    error_message = "cloud_config must write the config_path program compressed and run it from runcmd"
  }
  precondition {
    condition     = can(regex("restart", jsonencode(local.cc_doc.runcmd))) && can(regex("containerd", jsonencode(local.cc_doc.runcmd)))
    error_message = "cloud_config runcmd does not restart containerd"
  }
}

output "sha256" {
  value = containerd_registry_files.this.sha256

  precondition {
    condition     = can(regex("^[0-9a-f]{64}$", containerd_registry_files.this.sha256))
    error_message = "sha256 is not 64 lowercase hex characters: ${containerd_registry_files.this.sha256}"
  }
}
