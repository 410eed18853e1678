//! Start-up: decide the mode, do the handshake, serve until the client says stop.

use crate::connection;
use crate::go_plugin::{Controller, Stdio};
use crate::handshake::{self, Listener};
use crate::proto::go_plugin::grpc_controller_server::GrpcControllerServer;
use crate::proto::go_plugin::grpc_stdio_server::GrpcStdioServer;
use crate::proto::tfplugin6::provider_server::ProviderServer;
use crate::provider::Provider;
use crate::service::ProviderService;
use crate::{logging, tls, Error};
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

/// How long a graceful stop may take before the process exits anyway.
const GRACE: Duration = Duration::from_millis(500);

/// terraform-plugin-go serves messages up to 256 MiB; tonic's default is 4 MiB.
const MAX_MESSAGE_BYTES: usize = 256 << 20;

/// What the protocol layer needs to know about the provider besides its surfaces.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServeOptions {
    /// The provider's full source address, e.g. `registry.terraform.io/NAMESPACE/NAME`; keys
    /// the reattach JSON in debug mode.
    pub source_address: String,
    /// The program's name, printed by `--version`: `terraform-provider-NAME`.
    pub program_name: String,
    /// The first part of every log line's `@module`.
    pub log_module: String,
    /// The organisation of the AutoMTLS server certificate.
    pub certificate_organization: String,
}

impl ServeOptions {
    /// Options named after the provider's type name.
    pub fn new(provider: &dyn Provider, source_address: &str) -> ServeOptions {
        let program_name = format!("terraform-provider-{}", provider.type_name());
        ServeOptions {
            source_address: source_address.to_string(),
            log_module: provider.type_name().to_string(),
            certificate_organization: program_name.clone(),
            program_name,
        }
    }
}

/// Runs the plugin and returns the process exit code.
pub fn run(provider: Arc<dyn Provider>, options: ServeOptions) -> i32 {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--version" || a == "-version") {
        println!("{} {}", options.program_name, provider.version());
        return 0;
    }
    let debug = args.iter().any(|a| a == "--debug" || a == "-debug");
    logging::init(&options.log_module);
    let cookie = std::env::var(handshake::MAGIC_COOKIE_KEY).ok();
    if !debug && !handshake::cookie_is_valid(cookie.as_deref()) {
        eprintln!("{}", handshake::NOT_A_PROGRAM);
        return 1;
    }
    tune_allocator();
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("{}", Error::Runtime(e));
            return 1;
        }
    };
    match runtime.block_on(serve(provider, debug, &options)) {
        Ok(()) => 0,
        Err(error) => {
            log::error!("{error}");
            eprintln!("{error}");
            1
        }
    }
}

/// Threads that run provider calls. Calls are CPU-bound, so more threads than cores would not
/// finish them sooner; each thread costs a stack and a malloc arena of resident memory.
pub(crate) const CALL_THREADS: usize = 4;

/// glibc malloc arenas: the RPC thread, the [`CALL_THREADS`], and threads a call starts for a
/// large input. A thread touches only as much of its arena as it allocates.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MALLOC_ARENAS: libc::c_int = 8;

/// The RPC runtime: one thread that only moves messages, so a plugin costs little memory; provider
/// calls run on its blocking pool of [`CALL_THREADS`], so a heavy call never delays the others.
fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .max_blocking_threads(CALL_THREADS)
        .enable_all()
        .build()
}

/// A plugin lives for one command and holds little at a time, so glibc keeping large blocks in
/// the heap after they are freed costs more resident memory than it saves time: blocks of 64 KiB
/// and more are mapped and unmapped on their own, and the heap is not padded. Threads keep an
/// arena each, up to `MALLOC_ARENAS`: threads that share one queue on its lock, which made a
/// call that splits its work over the cores slower than one thread.
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters; it runs before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, MALLOC_ARENAS);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 << 10);
        libc::mallopt(libc::M_TOP_PAD, 0);
    }
}

fn provider_server(provider: Arc<dyn Provider>) -> ProviderServer<ProviderService> {
    ProviderServer::new(ProviderService::new(provider))
        .max_decoding_message_size(MAX_MESSAGE_BYTES)
        .max_encoding_message_size(MAX_MESSAGE_BYTES)
}

async fn serve(
    provider: Arc<dyn Provider>,
    debug: bool,
    options: &ServeOptions,
) -> Result<(), Error> {
    if !debug {
        let offered = std::env::var("PLUGIN_PROTOCOL_VERSIONS").ok();
        handshake::negotiate(offered.as_deref())?;
    }
    let listener = handshake::listen().await.map_err(Error::Listen)?;
    let (network, listen_address) = listener.address();
    let socket_path = match &listener {
        Listener::Unix(_, path) => Some(path.clone()),
        Listener::Tcp(_) => None,
    };
    let client_cert = std::env::var("PLUGIN_CLIENT_CERT")
        .ok()
        .filter(|pem| !pem.trim().is_empty() && !debug);
    let mtls = client_cert
        .as_deref()
        .map(|pem| tls::auto_mtls(pem, &options.certificate_organization))
        .transpose()?;

    let (shutdown, stopping) = tokio::sync::watch::channel(false);
    let (health, health_service) = tonic_health::server::health_reporter();
    health
        .set_service_status("plugin", tonic_health::ServingStatus::Serving)
        .await;
    let provider_service = provider_server(provider);
    let router = tonic::transport::Server::builder()
        .add_service(health_service)
        .add_service(provider_service)
        .add_service(GrpcControllerServer::new(Controller { shutdown }))
        .add_service(GrpcStdioServer::new(Stdio {
            shutdown: stopping.clone(),
        }));
    let incoming = connection::accept(listener, mtls.as_ref().map(|m| m.config.clone()));

    if debug {
        print_reattach_instructions(&options.source_address, network, &listen_address);
    } else {
        let line = handshake::handshake_line(
            network,
            &listen_address,
            mtls.as_ref().map(|m| m.server_cert_der.as_slice()),
        );
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{line}")
            .and_then(|_| stdout.flush())
            .map_err(Error::Handshake)?;
        ignore_interrupts();
    }
    log::info!("serving plugin protocol 6 on {network} {listen_address}");

    // Shutdown stops the server gracefully, so its own response still reaches the client; a
    // connection that lingers cannot hold the process longer than GRACE.
    let stop_requested = {
        let mut stopping = stopping.clone();
        async move {
            let _ = stopping.wait_for(|stop| *stop && !debug).await;
        }
    };
    let result = tokio::select! {
        served = router.serve_with_incoming_shutdown(incoming, stop_requested) => {
            served.map_err(Error::from)
        }
        _ = async {
            let mut stopping = stopping.clone();
            let _ = stopping.wait_for(|stop| *stop && !debug).await;
            tokio::time::sleep(GRACE).await;
        } => Ok(()),
        _ = tokio::signal::ctrl_c(), if debug => Ok(()),
    };
    if let Some(path) = socket_path {
        let _ = std::fs::remove_file(path);
    }
    result
}

/// go-plugin servers ignore SIGINT: a Ctrl-C reaches the whole process group, and Terraform
/// answers it with StopProvider and a clean shutdown of its own.
fn ignore_interrupts() {
    if let Ok(mut interrupts) =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
    {
        tokio::spawn(async move {
            while interrupts.recv().await.is_some() {
                log::debug!("ignoring SIGINT; waiting for the client to stop us");
            }
        });
    }
}

/// Debug mode: no TLS, and a `TF_REATTACH_PROVIDERS` value to paste. `"Test": true` keeps the
/// client from assuming protocol 5 and from killing us after each command.
fn print_reattach_instructions(address: &str, network: &str, listen_address: &str) {
    let reattach = serde_json::json!({
        address: {
            "Protocol": "grpc",
            "ProtocolVersion": handshake::PROTOCOL_VERSION,
            "Pid": std::process::id(),
            "Test": true,
            "Addr": { "Network": network, "String": listen_address },
        }
    });
    println!("Provider started. To attach Terraform or OpenTofu, set TF_REATTACH_PROVIDERS:\n");
    println!("\tTF_REATTACH_PROVIDERS='{reattach}'\n");
    println!("Stop the provider with Ctrl-C.");
    let _ = std::io::stdout().flush();
}

#[cfg(test)]
mod tests;
