# A private registry with a self-signed certificate (the "docker-registry:5000" setup): the hosts
# file names the registry with its port, trusts the CA that `certs` ships to
# /etc/containerd/certs/tls.crt, and the key travels along with mode 0600.
# files/tls.crt and files/tls.key are a test-only self-signed pair:
#   openssl req -x509 -newkey rsa:2048 -days 3650 -nodes -sha256 -keyout tls.key -out tls.crt \
#     -subj "/CN=docker-registry" -addext "subjectAltName = DNS:docker-registry"

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

data "containerd_registry_files" "this" {
  formats = ["files", "cloud_config"]
  hosts   = ["./files/containerd/docker-registry:5000"]
  certs   = ["./files/tls.crt", "./files/tls.key"]
}

locals {
  files   = data.containerd_registry_files.this.files
  by_path = { for f in local.files : f.path => f }
  expected = {
    "/etc/containerd/certs.d/docker-registry:5000/hosts.toml" = { src = "./files/containerd/docker-registry:5000", permissions = "0644" }
    "/etc/containerd/certs/tls.crt"                           = { src = "./files/tls.crt", permissions = "0644" }
    "/etc/containerd/certs/tls.key"                           = { src = "./files/tls.key", permissions = "0600" }
  }
  # A file's content as written, decoded when the provider chose base64 for it.
  decoded = {
    for p, f in local.by_path : p => (
      contains(["b64", "base64"], coalesce(f.encoding, "text/plain")) ? base64decode(f.content) : f.content
    )
  }
  cc       = data.containerd_registry_files.this.cloud_config
  cc_paths = [for f in try(yamldecode(local.cc).write_files, []) : f.path]
}

output "paths" {
  sensitive = true
  value     = [for f in local.files : f.path]

  precondition {
    condition     = tolist([for f in local.files : f.path]) == sort(concat(keys(local.expected), ["/etc/containerd/enable-config-path.sh"]))
    error_message = "expected paths ${jsonencode(sort(keys(local.expected)))} and the config_path program in this order, got ${jsonencode([for f in local.files : f.path])}"
  }
}

output "permissions" {
  sensitive = true
  value     = { for p, f in local.by_path : p => f.permissions }

  precondition {
    condition     = alltrue([for p, e in local.expected : try(local.by_path[p].permissions == e.permissions, false)])
    error_message = "expected permissions ${jsonencode({ for p, e in local.expected : p => e.permissions })}, got ${jsonencode({ for p, f in local.by_path : p => f.permissions })}"
  }
  precondition {
    condition     = alltrue([for p, e in local.expected : try(local.decoded[p] == file(e.src), false)])
    error_message = "some file's content differs from its source"
  }
  precondition {
    condition     = can(regex("ca = \"/etc/containerd/certs/tls.crt\"", local.decoded["/etc/containerd/certs.d/docker-registry:5000/hosts.toml"]))
    error_message = "hosts.toml lost its ca line"
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
    condition     = alltrue([for p in keys(local.expected) : contains(local.cc_paths, p)])
    error_message = "cloud_config write_files lacks some files: ${jsonencode(local.cc_paths)}"
  }
}
