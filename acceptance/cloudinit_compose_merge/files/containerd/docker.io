server = "https://registry-1.docker.io"

[host."https://registry.scs.community/v2/docker.io"]
    capabilities = ["pull"]
    override_path = true
