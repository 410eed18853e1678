# Composing the provider's #cloud-config with your own parts.
#
# cloud-init merges the parts of a multipart user-data by each part's merge settings. Its
# default, dict(replace)+list()+str(), lets a later part's write_files and runcmd REPLACE the
# earlier ones: the registry files and the containerd restart silently disappear. A part after
# the provider's must therefore carry the appending merge settings, either inside the document
#
#   merge_how: list(append)+dict(no_replace,recurse_list)+str()
#
# (what this example does: it works with every way of packing the parts, including cloud-init's
# own `cloud-init devel make-mime`), or as the part's MIME header
#
#   X-Merge-Type: list(append)+dict(no_replace,recurse_list)+str()
#
# which is what the hashicorp/cloudinit provider writes for a part's merge_type:
#
#   data "cloudinit_config" "node" {
#     gzip          = false
#     base64_encode = false
#     part {
#       content_type = "text/cloud-config"
#       content      = data.containerd_registry_files.this.cloud_config
#     }
#     part {
#       content_type = "text/cloud-config"
#       content      = local.own_cloud_config
#       merge_type   = "list(append)+dict(no_replace,recurse_list)+str()"
#     }
#   }
#
# This example does without that provider: `user_data` is a multipart document of the same shape
# built with Terraform's own functions, and `cloud_config` shows the other way, one document
# merged in HCL.

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

data "containerd_registry_files" "this" {
  formats = ["cloud_config"]
  hosts   = ["./files/containerd/docker.io", "./files/containerd/ghcr.io"]
}

locals {
  merge_type = "list(append)+dict(no_replace,recurse_list)+str()"

  # Your own cloud-config, merged after the provider's part by appending.
  own = {
    merge_how = local.merge_type
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

  # Multipart MIME, as hashicorp/cloudinit renders it without gzip and base64 (and without
  # merge_type: the merge settings travel inside the own part).
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
        "",
        "${trimsuffix(part, "\n")}\n",
      ])
    ],
    ["--${local.boundary}--\n"],
  ))

  # One document: the provider's keys and yours, list keys concatenated.
  registry = yamldecode(data.containerd_registry_files.this.cloud_config)
  merged = merge(local.registry, { for k, v in local.own : k => v if k != "merge_how" }, {
    write_files = concat(local.registry.write_files, local.own.write_files)
    runcmd      = concat(local.registry.runcmd, local.own.runcmd)
  })
}

# The two parts: the provider's document, and yours with its merge settings.
output "registry_part" {
  sensitive = true
  value     = data.containerd_registry_files.this.cloud_config
}

output "own_part" {
  value = local.own_cloud_config
}

# Multipart user data: the provider's part, then yours.
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
