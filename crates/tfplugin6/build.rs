//! Compiles the plugin protocol with protox, a protobuf compiler in pure Rust, so building
//! needs no system `protoc`. The gRPC clients are generated only for the `client` feature.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let files = ["proto/tfplugin6.proto", "proto/go_plugin.proto"];
    for file in files {
        println!("cargo:rerun-if-changed={file}");
    }
    let descriptors = protox::compile(files, ["proto"])?;
    tonic_prost_build::configure()
        .build_client(std::env::var_os("CARGO_FEATURE_CLIENT").is_some())
        .build_server(true)
        .compile_fds(descriptors)?;
    Ok(())
}
