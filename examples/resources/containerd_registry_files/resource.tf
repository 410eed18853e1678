# The resource keeps the rendered files in state and renders them at plan time: `terraform plan`
# shows which node file changes, and a changed input is an in-place update.
resource "containerd_registry_files" "this" {
  formats = ["cloud_config"]
  hosts = [
    "./files/containerd/docker.io",
    "./files/containerd/registry.k8s.io",
  ]
}

output "cloud_config" {
  sensitive = true
  value     = containerd_registry_files.this.cloud_config
}

output "rollout_trigger" {
  value = containerd_registry_files.this.sha256
}
