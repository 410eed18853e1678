# Render one registry as containerd reads it, e.g. to review it or to ship it as a file.
output "docker_io_hosts_toml" {
  value = provider::containerd::hosts_toml("docker.io", {
    mirrors = [
      { url = "mirror.example.com" },
      { url = "https://registry.scs.community/v2/docker.io", capabilities = ["pull"] },
    ]
  })
}
