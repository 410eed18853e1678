server = "https://quay.io"

[host."https://registry.scs.community/v2/quay.io"]
    capabilities = ["pull"]
    override_path = true
