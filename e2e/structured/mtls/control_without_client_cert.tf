# Control: no client certificate.
data "containerd_registry_files" "node" {
  formats            = ["files", "cloud_config"]
  containerd_version = "{{CONTAINERD_VERSION}}"
  registries = {
    "mtls.registry.invalid" = {
      mirrors = [{
        url = "https://127.0.0.1:{{PORT}}"
        ca  = [file("${path.module}/files/ca.crt")]
      }]
    }
  }
}
