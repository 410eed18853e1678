# A registry requiring client certificates; CA, client certificate and key given inline as PEM:
# the provider writes them under /etc/containerd/certs/<namespace>/ (key 0600).
data "containerd_registry_files" "node" {
  formats            = ["files", "cloud_config"]
  containerd_version = "{{CONTAINERD_VERSION}}"
  registries = {
    "mtls.registry.invalid" = {
      mirrors = [{
        url         = "https://127.0.0.1:{{PORT}}"
        ca          = [file("${path.module}/files/ca.crt")]
        client_cert = file("${path.module}/files/client.crt")
        client_key  = file("${path.module}/files/client.key")
      }]
    }
  }
}
