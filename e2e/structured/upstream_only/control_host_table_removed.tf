# Control: the same rendering; the test then deletes the [host] line from the written
# hosts.toml on containerd 1.x (containerd 1.6 must then fail to read it).
data "containerd_registry_files" "node" {
  formats            = ["files", "cloud_config"]
  containerd_version = "{{CONTAINERD_VERSION}}"
  registries = {
    "upstream.registry.invalid" = {
      server = "http://127.0.0.1:{{PORT}}"
    }
  }
}
