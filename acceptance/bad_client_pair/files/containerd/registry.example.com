server = "https://registry.example.com"

[host."https://mirror.example.com"]
    capabilities = ["pull", "resolve"]
    client = [["a.crt"]]
