# A large hosts file that containerd loads (tests/oracle.rs runs it through each release's
# parser): 400 mirrors, too long for Cluster API's 10,240 characters per file even gzip+base64
# encoded. A user who asks only for cloud_config plans fine; bad_large_hosts_kubeadm asks for
# kubeadm_files and fails; file_sha256 is set only when requested. The assertions are output
# preconditions, so Terraform judges them.

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

locals {
  hosts_file = "./files/containerd/registry.example.com"
  path       = "/etc/containerd/certs.d/registry.example.com/hosts.toml"
}

data "containerd_registry_files" "this" {
  formats = ["cloud_config", "file_sha256"]
  hosts   = [local.hosts_file]
}

# Without file_sha256 in formats, state holds no digest per file.
data "containerd_registry_files" "cloud_config_only" {
  formats = ["cloud_config"]
  hosts   = [local.hosts_file]
}

locals {
  r        = data.containerd_registry_files.this
  cc_files = { for f in try(yamldecode(local.r.cloud_config).write_files, []) : f.path => f }
}

output "cloud_config" {
  sensitive = true
  value     = local.r.cloud_config
  precondition {
    condition     = length(base64gzip(file(local.hosts_file))) > 10240
    error_message = "the hosts file must exceed Cluster API's limit even gzip+base64 encoded"
  }
  precondition {
    condition     = try(local.cc_files[local.path].content, "") == file(local.hosts_file)
    error_message = "cloud_config must write the hosts file byte for byte"
  }
  precondition {
    condition     = local.r.kubeadm_files == null && local.r.files == null && local.r.write_files == null
    error_message = "formats not requested must be null"
  }
}

output "file_sha256" {
  value = local.r.file_sha256
  precondition {
    condition     = local.r.file_sha256[local.path] == sha256(file(local.hosts_file))
    error_message = "file_sha256 must hold the hosts file's SHA-256 when requested"
  }
  precondition {
    condition     = data.containerd_registry_files.cloud_config_only.file_sha256 == null && can(regex("^[0-9a-f]{64}$", data.containerd_registry_files.cloud_config_only.sha256))
    error_message = "file_sha256 must be null when not requested, sha256 always set"
  }
}
