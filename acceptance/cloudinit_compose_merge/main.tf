# cloud_init_merge: the provider's cloud_config carries cloud-init's appending merge settings
# (merge_how), so it can come AFTER a part of the user's own that has none. tests/acceptance/
# compose.rs boots `user_data` with cloud-init: both parts' files and commands are there, and with
# TF_VAR_cloud_init_merge=false the provider's part replaces the own part's lists.

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

variable "cloud_init_merge" {
  type    = bool
  default = true
}

data "containerd_registry_files" "this" {
  formats          = ["cloud_config"]
  hosts            = ["./files/containerd/docker.io"]
  cloud_init_merge = var.cloud_init_merge
}

locals {
  # The user's own part, with no merge settings of its own.
  own_part = "#cloud-config\n${yamlencode({
    write_files = [{
      path        = "/etc/sysctl.d/90-inotify.conf"
      owner       = "root:root"
      permissions = "0644"
      content     = "fs.inotify.max_user_instances = 8192\n"
    }]
    runcmd = [["sysctl", "--system"]]
  })}"

  # Multipart MIME: the own part first, the provider's last.
  boundary = "MIMEBOUNDARY"
  user_data = join("", concat(
    ["Content-Type: multipart/mixed; boundary=\"${local.boundary}\"\nMIME-Version: 1.0\n\n"],
    [
      for part in [local.own_part, data.containerd_registry_files.this.cloud_config] : join("\n", [
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
}

output "cloud_config" {
  sensitive = true
  value     = data.containerd_registry_files.this.cloud_config

  precondition {
    condition     = strcontains(data.containerd_registry_files.this.cloud_config, "merge_how") == var.cloud_init_merge
    error_message = "cloud_config must carry merge_how exactly when cloud_init_merge is set."
  }
}

output "own_part" {
  value = local.own_part
}

output "user_data" {
  sensitive = true
  value     = local.user_data
}
