//! A heavy call must not hold up the connection it shares with other calls: Terraform sends
//! all its parallel reads over one connection.

use super::{provider_server, runtime, CALL_THREADS};
use crate::proto::tfplugin6 as pb;
use crate::provider::{DataSource, Function, Provider, Resource};
use crate::requests::{ReadDataRequest, ReadDataResponse, ValidateRequest, ValidateResponse};
use crate::schema::Schema;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use tonic::codegen::http::uri::PathAndQuery;
use tonic::transport::Channel;
use tonic::Request;

/// More heavy calls than `runtime()` has threads for provider calls, so one of them waits.
const HEAVY_CALLS: usize = CALL_THREADS + 1;

/// Holds every read until released, counting the reads that have started.
#[derive(Default)]
struct Gate {
    entered: AtomicUsize,
    open: Mutex<bool>,
    opened: Condvar,
    finished: AtomicBool,
}

impl Gate {
    fn release(&self) {
        *self.open.lock().unwrap() = true;
        self.opened.notify_all();
    }
}

/// Releases the gate however the test ends, so no blocked thread outlives it.
struct Release(Arc<Gate>);

impl Drop for Release {
    fn drop(&mut self) {
        self.0.release();
    }
}

struct Held(Arc<Gate>);

impl DataSource for Held {
    fn type_name(&self) -> &'static str {
        "slow_held"
    }
    fn schema(&self) -> Schema {
        Schema::default()
    }
    fn validate(&self, _request: ValidateRequest) -> ValidateResponse {
        ValidateResponse::default()
    }
    fn read(&self, request: ReadDataRequest) -> ReadDataResponse {
        self.0.entered.fetch_add(1, Ordering::SeqCst);
        let mut open = self.0.open.lock().unwrap();
        while !*open {
            open = self.0.opened.wait(open).unwrap();
        }
        self.0.finished.store(true, Ordering::SeqCst);
        ReadDataResponse::new(request.config, Default::default())
    }
}

struct Slow(Arc<Gate>);

impl Provider for Slow {
    fn type_name(&self) -> &'static str {
        "slow"
    }
    fn version(&self) -> &'static str {
        "0.0.0"
    }
    fn schema(&self) -> Schema {
        Schema::default()
    }
    fn data_sources(&self) -> Vec<Arc<dyn DataSource>> {
        vec![Arc::new(Held(Arc::clone(&self.0)))]
    }
    fn resources(&self) -> Vec<Arc<dyn Resource>> {
        Vec::new()
    }
    fn functions(&self) -> Vec<Arc<dyn Function>> {
        Vec::new()
    }
}

async fn call<Req, Resp>(channel: Channel, path: &'static str, request: Req) -> Resp
where
    Req: prost::Message + Send + Sync + 'static,
    Resp: prost::Message + Default + Send + Sync + 'static,
{
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready().await.unwrap();
    let codec = tonic_prost::ProstCodec::<Req, Resp>::default();
    grpc.unary(
        Request::new(request),
        PathAndQuery::from_static(path),
        codec,
    )
    .await
    .unwrap()
    .into_inner()
}

async fn wait_until(deadline: Duration, condition: impl Fn() -> bool) -> bool {
    let start = Instant::now();
    while !condition() {
        if start.elapsed() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    true
}

#[test]
fn get_metadata_answers_while_heavy_calls_hold_the_connection() {
    let gate = Arc::new(Gate::default());
    let release = Release(Arc::clone(&gate));
    // The server runs on the runtime `run` uses, driven by a thread of its own as `run`'s
    // main thread drives it, over a real TCP connection.
    let server_runtime = runtime().unwrap();
    let listener = server_runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let address = listener.local_addr().unwrap();
    let service = provider_server(Arc::new(Slow(Arc::clone(&gate))));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || {
        let served = server_runtime.block_on(
            tonic::transport::Server::builder()
                .add_service(service)
                .serve_with_incoming_shutdown(
                    tokio_stream::wrappers::TcpListenerStream::new(listener),
                    async {
                        let _ = stopped.await;
                    },
                ),
        );
        server_runtime.shutdown_timeout(Duration::from_secs(1));
        served
    });

    let client_runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    client_runtime.block_on(async {
        let channel = Channel::from_shared(format!("http://{address}"))
            .unwrap()
            .connect()
            .await
            .unwrap();
        let reads: Vec<_> = (0..HEAVY_CALLS)
            .map(|_| {
                tokio::spawn(call::<_, pb::read_data_source::Response>(
                    channel.clone(),
                    "/tfplugin6.Provider/ReadDataSource",
                    pb::read_data_source::Request {
                        type_name: "slow_held".into(),
                        ..Default::default()
                    },
                ))
            })
            .collect();
        // Held calls on the RPC thread would starve the connection; here every call thread
        // holds one and one more call waits for a thread.
        assert!(
            wait_until(Duration::from_secs(30), || {
                gate.entered.load(Ordering::SeqCst) >= CALL_THREADS
            })
            .await,
            "no read started"
        );

        let start = Instant::now();
        let metadata = tokio::time::timeout(
            Duration::from_secs(10),
            call::<_, pb::get_metadata::Response>(
                channel.clone(),
                "/tfplugin6.Provider/GetMetadata",
                pb::get_metadata::Request {},
            ),
        )
        .await
        .expect("GetMetadata waited for the held reads");
        let latency = start.elapsed();
        // The reads cannot finish before the gate opens: GetMetadata overtook them.
        assert!(!gate.finished.load(Ordering::SeqCst));
        assert!(reads.iter().all(|read| !read.is_finished()));
        assert_eq!(metadata.data_sources.len(), 1);
        println!("GetMetadata answered in {latency:?} with {HEAVY_CALLS} calls held");

        gate.release();
        for read in reads {
            let response = read.await.unwrap();
            assert!(
                response.diagnostics.is_empty(),
                "{:?}",
                response.diagnostics
            );
        }
    });
    drop(release);
    // The client's connection closes with its runtime; graceful shutdown waits for that.
    drop(client_runtime);
    let _ = stop.send(());
    server.join().unwrap().unwrap();
}
