server = "https://quay.io"

[host."https://registry.scs.community/v2/quay.io"]
    capabilities = ["pull"]
    skip_verify = "true"
    override_path = true
