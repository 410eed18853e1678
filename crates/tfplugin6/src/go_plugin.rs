//! The services go-plugin clients expect next to the provider: health, controller and stdio.

use crate::proto::go_plugin as pb;
use crate::proto::go_plugin::grpc_controller_server::GrpcController;
use crate::proto::go_plugin::grpc_stdio_server::GrpcStdio;
use std::pin::Pin;
use tokio::sync::watch;
use tonic::{Request, Response, Status};

/// `plugin.GRPCController`: the core calls Shutdown when it is done with us, then waits two
/// seconds for the process to exit before killing it, so we exit at once.
pub struct Controller {
    /// Set to true on Shutdown; the server and the stdio stream watch it.
    pub shutdown: watch::Sender<bool>,
}

#[tonic::async_trait]
impl GrpcController for Controller {
    async fn shutdown(&self, _request: Request<pb::Empty>) -> Result<Response<pb::Empty>, Status> {
        log::debug!("shutdown requested by the plugin client");
        self.shutdown.send_replace(true);
        Ok(Response::new(pb::Empty {}))
    }
}

/// `plugin.GRPCStdio`: go-plugin forwards a plugin's stdout and stderr over this stream. We
/// never write to stdout after the handshake and log to stderr directly, so the stream stays
/// silent, and ends at shutdown so that a graceful stop does not wait for it.
pub struct Stdio {
    pub shutdown: watch::Receiver<bool>,
}

#[tonic::async_trait]
impl GrpcStdio for Stdio {
    type StreamStdioStream =
        Pin<Box<dyn tokio_stream::Stream<Item = Result<pb::StdioData, Status>> + Send>>;

    async fn stream_stdio(
        &self,
        _request: Request<()>,
    ) -> Result<Response<Self::StreamStdioStream>, Status> {
        let (sender, receiver) = tokio::sync::mpsc::channel(1);
        let mut shutdown = self.shutdown.clone();
        tokio::spawn(async move {
            let _ = shutdown.wait_for(|stop| *stop).await;
            drop(sender);
        });
        Ok(Response::new(Box::pin(
            tokio_stream::wrappers::ReceiverStream::new(receiver),
        )))
    }
}
