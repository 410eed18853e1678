# htpasswd registry behind TLS; its CA inline, credentials written by the runcmd script into
# config.toml as registry.configs."127.0.0.1:{{PORT}}".auth (the host actually contacted).
data "containerd_registry_files" "node" {
  formats            = ["files", "cloud_config"]
  containerd_version = "{{CONTAINERD_VERSION}}"
  registries = {
    "auth.registry.invalid" = {
      mirrors = [{
        url         = "https://127.0.0.1:{{PORT}}"
        ca          = [file("${path.module}/files/auth-ca.crt")]
        credentials = { username = "{{USER}}", password = "{{PASSWORD}}", mode = "config_toml" }
      }]
    }
  }
}
