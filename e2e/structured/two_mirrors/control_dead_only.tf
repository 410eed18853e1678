# Control: only the dead mirror.
data "containerd_registry_files" "node" {
  formats = ["files", "cloud_config"]
  registries = {
    "docker.io" = {
      mirrors = [
        { url = "127.0.0.1:{{DEAD_PORT}}" },
      ]
    }
  }
}
