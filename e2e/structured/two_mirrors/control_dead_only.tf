# Control: only the dead mirror.
data "containerd_registry_files" "node" {
  registries = {
    "docker.io" = {
      mirrors = [
        { url = "127.0.0.1:{{DEAD_PORT}}" },
      ]
    }
  }
}
