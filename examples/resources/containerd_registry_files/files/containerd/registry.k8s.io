server = "https://registry.k8s.io"

[host."https://registry.scs.community/v2/registry.k8s.io"]
    capabilities = ["pull"]
    override_path = true
