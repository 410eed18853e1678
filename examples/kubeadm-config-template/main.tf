# Cluster API: the registry files as a KubeadmConfigTemplate (workers). The same `files` and
# `preKubeadmCommands` belong in a KubeadmControlPlaneTemplate's kubeadmConfigSpec, as SCS's
# configure_containerd.sh does for both.
#
# `kubeadm_files` are KubeadmConfig `files` entries (path, owner, permissions, content, and
# encoding base64 or gzip+base64 where needed; content over 10240 characters is compressed),
# among them the config.toml program /etc/containerd/enable-config-path.sh (gzip+base64).
# The preKubeadmCommands are the cloud-config's runcmd entries (run that program to set
# containerd's config_path, restart containerd), shell-quoted because Cluster API takes them
# as strings. `formats` names the two outputs read here; only those are rendered.

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

variable "name" {
  description = "metadata.name of the KubeadmConfigTemplate."
  type        = string
  default     = "workers"
}

data "containerd_registry_files" "this" {
  formats = ["kubeadm_files", "cloud_config"]
  hosts   = ["./files/containerd/docker.io"]
}

locals {
  registry = data.containerd_registry_files.this

  # Drop the empty encoding of plain-text entries.
  kubeadm_files = [
    for f in local.registry.kubeadm_files : { for k, v in f : k => v if v != "" }
  ]

  # runcmd entries are argv lists; quote each word for sh.
  pre_kubeadm_commands = [
    for c in yamldecode(local.registry.cloud_config).runcmd :
    try(join(" ", [for word in c : "'${replace(word, "'", "'\\''")}'"]), c)
  ]

  kubeadm_config_template = {
    apiVersion = "bootstrap.cluster.x-k8s.io/v1beta1"
    kind       = "KubeadmConfigTemplate"
    metadata = {
      name = var.name
    }
    spec = {
      template = {
        spec = {
          files              = local.kubeadm_files
          preKubeadmCommands = local.pre_kubeadm_commands
        }
      }
    }
  }
}

# Apply with kubectl, or hand it to whatever writes your cluster manifests.
output "kubeadm_config_template" {
  sensitive = true
  value     = yamlencode(local.kubeadm_config_template)
}

# The same files as a plain #cloud-config document, for machines not bootstrapped by Cluster API.
output "cloud_config" {
  sensitive = true
  value     = local.registry.cloud_config
}

# Put it in the template's name (e.g. "workers-${substr(sha256, 0, 8)}"): Cluster API rolls
# machines when a MachineDeployment points at a new template.
output "sha256" {
  sensitive = true
  value     = local.registry.sha256
}
