# Control: the client pair, but a CA that did not sign the registry's certificate.
data "containerd_registry_files" "node" {
  formats            = ["files", "cloud_config"]
  containerd_version = "{{CONTAINERD_VERSION}}"
  registries = {
    "mtls.registry.invalid" = {
      mirrors = [{
        url         = "https://127.0.0.1:{{PORT}}"
        ca          = [file("${path.module}/files/other-ca.crt")]
        client_cert = file("${path.module}/files/client.crt")
        client_key  = file("${path.module}/files/client.key")
      }]
    }
  }
}
