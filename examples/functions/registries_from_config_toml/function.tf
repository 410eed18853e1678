# Move config.toml registry mirrors (Giant Swarm's design 1.c) to hosts.toml files, here
# delivered by Ignition (Flatcar, Fedora CoreOS). Wrap the result in sensitive() when the file
# holds credentials: a function result is not sensitive by itself.
locals {
  registries = provider::containerd::registries_from_config_toml(<<-EOT
    version = 2
    [plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]
      endpoint = ["giantswarm.azurecr.io"]
    [plugins."io.containerd.grpc.v1.cri".registry.configs."registry-1.docker.io".auth]
      username = "giantswarm-user-account"
      password = "my_token_from_docker_hub"
  EOT
  )
}

data "containerd_registry_files" "node" {
  registries = local.registries
  formats    = ["files", "ignition"]
}

output "mirror_urls" {
  value = [for m in local.registries["docker.io"].mirrors : m.url]
}

output "ignition" {
  value     = data.containerd_registry_files.node.ignition
  sensitive = true
}
