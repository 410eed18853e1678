# The same registry, credentials as an `Authorization: Basic …` header in hosts.toml.
data "containerd_registry_files" "node" {
  formats            = ["files", "cloud_config"]
  containerd_version = "{{CONTAINERD_VERSION}}"
  registries = {
    "auth.registry.invalid" = {
      mirrors = [{
        url         = "https://127.0.0.1:{{PORT}}"
        ca          = [file("${path.module}/files/auth-ca.crt")]
        credentials = { username = "{{USER}}", password = "{{PASSWORD}}", mode = "authorization_header" }
      }]
    }
  }
}
