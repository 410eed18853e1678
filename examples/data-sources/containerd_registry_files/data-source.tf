# Pull docker.io images through the SCS proxy cache: files/containerd/docker.io is SCS's shipped
# hosts file. Its basename is the registry namespace; it lands in
# /etc/containerd/certs.d/docker.io/hosts.toml on the node.
data "containerd_registry_files" "this" {
  formats = ["cloud_config"]
  hosts   = ["./files/containerd/docker.io"]
  certs   = []
}

# A complete #cloud-config document for the node's user data.
output "cloud_config" {
  sensitive = true
  value     = data.containerd_registry_files.this.cloud_config
}

# Changes exactly when a node file changes: use it to roll nodes.
output "rollout_trigger" {
  value = data.containerd_registry_files.this.sha256
}
