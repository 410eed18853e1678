use std::sync::Arc;
use terraform_provider_containerd::provider::{ContainerdProvider, SOURCE_ADDRESS};
use tfplugin6::ServeOptions;

fn main() {
    let options = ServeOptions::new(&ContainerdProvider, SOURCE_ADDRESS);
    let code = tfplugin6::run(Arc::new(ContainerdProvider), options);
    std::process::exit(code);
}
