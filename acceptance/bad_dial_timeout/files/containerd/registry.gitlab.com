server = "https://registry.gitlab.com"

[host."https://registry.scs.community/v2/registry.gitlab.com"]
    capabilities = ["pull"]
    dial_timeout = "10 seconds"
    override_path = true
