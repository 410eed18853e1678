# Control: the same rendering; the test then deletes the [host] line from the written
# hosts.toml (containerd 1.6 must then fail to read it).
data "containerd_registry_files" "node" {
  containerd_version = "1.6"
  registries = {
    "upstream.registry.invalid" = {
      server = "http://127.0.0.1:{{PORT}}"
    }
  }
}
