# Resource form: the hosts path is not known until apply (it comes from a managed resource's output), so the
# provider must accept unknown inputs at plan time (outputs unknown), then render on apply.

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

resource "terraform_data" "p" {
  input = "./files/containerd/docker.io"
}

resource "containerd_registry_files" "this" {
  formats = ["files", "cloud_config"]
  hosts   = [terraform_data.p.output]
}

locals {
  files = containerd_registry_files.this.files
}

output "paths" {
  sensitive = true
  value     = [for f in local.files : f.path]

  precondition {
    condition     = tolist([for f in local.files : f.path]) == tolist(["/etc/containerd/certs.d/docker.io/hosts.toml", "/etc/containerd/enable-config-path.sh"])
    error_message = "expected /etc/containerd/certs.d/docker.io/hosts.toml and the config_path program, got ${jsonencode([for f in local.files : f.path])}"
  }
  precondition {
    condition     = try(local.files[0].content, null) == file("./files/containerd/docker.io")
    error_message = "hosts.toml content differs from files/containerd/docker.io"
  }
}

output "cloud_config" {
  sensitive = true
  value     = containerd_registry_files.this.cloud_config

  precondition {
    condition     = startswith(containerd_registry_files.this.cloud_config, "#cloud-config\n")
    error_message = "cloud_config does not start with a #cloud-config line"
  }
}

output "sha256" {
  value = containerd_registry_files.this.sha256
}
