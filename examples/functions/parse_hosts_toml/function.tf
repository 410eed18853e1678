# Migrate a hand-written hosts.toml to the structured form of `registries`.
locals {
  docker_io = provider::containerd::parse_hosts_toml(<<-EOT
    server = "https://registry-1.docker.io"

    [host."https://registry.scs.community/v2/docker.io"]
      capabilities = ["pull"]
      override_path = true
  EOT
  )
}

output "mirror_urls" {
  value = [for m in local.docker_io.mirrors : m.url]
}
