# Composing the provider's #cloud-config with your own parts.
#
# cloud-init merges the parts of a multipart user-data by each part's merge type. The default,
# dict(replace)+list()+str(), lets a later part's write_files REPLACE the earlier ones, so every
# part must carry
#
#   X-Merge-Type: list(append)+dict(no_replace,recurse_list)+str()
#
# With the hashicorp/cloudinit provider that is:
#
#   data "cloudinit_config" "node" {
#     gzip          = false
#     base64_encode = false
#     part {
#       content_type = "text/cloud-config"
#       content      = data.containerd_registry_files.this.cloud_config
#       merge_type   = "list(append)+dict(no_replace,recurse_list)+str()"
#     }
#     part {
#       content_type = "text/cloud-config"
#       content      = local.own_cloud_config
#       merge_type   = "list(append)+dict(no_replace,recurse_list)+str()"
#     }
#   }
#
# This example does without that provider: `user_data` is the same multipart document built with
# Terraform's own functions, and `cloud_config` shows the other way, one document merged in HCL.

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

data "containerd_registry_files" "this" {
  hosts = ["./files/containerd/docker.io", "./files/containerd/ghcr.io"]
}

locals {
  merge_type = "list(append)+dict(no_replace,recurse_list)+str()"

  # Your own cloud-config.
  own = {
    write_files = [
      {
        path        = "/etc/sysctl.d/90-inotify.conf"
        owner       = "root:root"
        permissions = "0644"
        content     = "fs.inotify.max_user_instances = 8192\n"
      },
    ]
    runcmd = [
      ["sysctl", "--system"],
    ]
  }
  own_cloud_config = "#cloud-config\n${yamlencode(local.own)}"

  # Multipart MIME, as hashicorp/cloudinit renders it without gzip and base64.
  boundary = "MIMEBOUNDARY"
  parts    = [data.containerd_registry_files.this.cloud_config, local.own_cloud_config]
  user_data = join("", concat(
    ["Content-Type: multipart/mixed; boundary=\"${local.boundary}\"\nMIME-Version: 1.0\n\n"],
    [
      for i, part in local.parts : join("\n", [
        "--${local.boundary}",
        "Content-Transfer-Encoding: 7bit",
        "Content-Type: text/cloud-config",
        "Mime-Version: 1.0",
        "X-Merge-Type: ${local.merge_type}",
        "",
        "${trimsuffix(part, "\n")}\n",
      ])
    ],
    ["--${local.boundary}--\n"],
  ))

  # One document: the provider's keys and yours, list keys concatenated.
  registry = yamldecode(data.containerd_registry_files.this.cloud_config)
  merged = merge(local.registry, local.own, {
    write_files = concat(local.registry.write_files, local.own.write_files)
    runcmd      = concat(local.registry.runcmd, local.own.runcmd)
  })
}

# Multipart user data: both parts, each with the appending merge type.
output "user_data" {
  sensitive = true
  value     = local.user_data
}

# A single merged #cloud-config document.
output "cloud_config" {
  sensitive = true
  value     = "#cloud-config\n${yamlencode(local.merged)}"
}

# User-data limits: AWS 16 KiB (raw), OpenStack and Azure 64 KiB, GCP 256 KiB.
output "user_data_bytes" {
  sensitive = true
  value     = length(local.user_data)
}
