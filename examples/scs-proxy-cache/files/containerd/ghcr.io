server = "https://ghcr.io"

[host."https://registry.scs.community/v2/ghcr.io"]
    capabilities = ["pull"]
    override_path = true
