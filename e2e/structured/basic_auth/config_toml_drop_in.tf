# As config_toml, enabled with config_mode = "drop_in": /etc/containerd/conf.d/99-registry.toml
# holds config_path and the auth table, config.toml gets `imports`. On containerd 1.x the
# provider warns that the drop-in replaces the whole CRI plugin section.
data "containerd_registry_files" "node" {
  formats            = ["files", "cloud_config"]
  containerd_version = "{{CONTAINERD_VERSION}}"
  config_mode        = "drop_in"
  registries = {
    "auth.registry.invalid" = {
      mirrors = [{
        url         = "https://127.0.0.1:{{PORT}}"
        ca          = [file("${path.module}/files/auth-ca.crt")]
        credentials = { username = "{{USER}}", password = "{{PASSWORD}}" }
      }]
    }
  }
}
