use std::sync::Arc;
use terraform_provider_containerd::provider::{ContainerdProvider, SOURCE_ADDRESS};

fn main() {
    let code = terraform_provider_containerd::protocol::serve::run(
        Arc::new(ContainerdProvider),
        SOURCE_ADDRESS,
    );
    std::process::exit(code);
}
