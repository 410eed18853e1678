# A private registry with a self-signed certificate, reached by host and port
# (docker-registry:5000). The hosts file's basename carries the port, as containerd looks the
# namespace up with it; the registry's certificate is shipped through `certs` to
# /etc/containerd/certs/docker-registry.crt and trusted with `ca` in the hosts file.
#
# files/docker-registry.crt is a throwaway self-signed certificate made for this example:
#   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -days 36500 -nodes -sha256 \
#     -keyout tls.key -out docker-registry.crt -subj "/CN=docker-registry" \
#     -addext "subjectAltName = DNS:docker-registry"
# Use your registry's own certificate (or the CA that signed it). Where the hashicorp/tls
# provider is available you can generate it instead, e.g.
#   resource "tls_self_signed_cert" "registry" { ... }
#   resource "local_file" "registry_crt" { content = tls_self_signed_cert.registry.cert_pem ... }
# and list local_file.registry_crt.filename in `certs` (the outputs are then known at apply).
#
# Credentials are not part of hosts.toml: give pods an imagePullSecrets of type
# kubernetes.io/dockerconfigjson for docker-registry:5000 (see the credentials guide).

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
  certs   = ["./files/docker-registry.crt"]
}

output "cloud_config" {
  sensitive = true
  value     = data.containerd_registry_files.this.cloud_config
}

# /etc/containerd/certs.d/docker-registry:5000/hosts.toml and /etc/containerd/certs/docker-registry.crt
output "paths" {
  sensitive = true
  value     = [for f in data.containerd_registry_files.this.files : f.path]
}
