//! A minimal CRI client: `runtime.v1.ImageService/PullImage` (what kubelet calls) over
//! containerd's unix socket. The messages are hand-written prost structs with the field numbers
//! of k8s.io/cri-api's api.proto; only the fields used here are declared.

use std::path::Path;
use std::time::Duration;

use hyper_util::rt::TokioIo;
use tonic::codegen::http::uri::PathAndQuery;
use tonic::transport::{Endpoint, Uri};

#[derive(Clone, PartialEq, prost::Message)]
pub struct ImageSpec {
    #[prost(string, tag = "1")]
    pub image: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct AuthConfig {
    #[prost(string, tag = "1")]
    pub username: String,
    #[prost(string, tag = "2")]
    pub password: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct PullImageRequest {
    #[prost(message, optional, tag = "1")]
    pub image: Option<ImageSpec>,
    #[prost(message, optional, tag = "2")]
    pub auth: Option<AuthConfig>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct PullImageResponse {
    #[prost(string, tag = "1")]
    pub image_ref: String,
}

/// PullImage(`image`) on the CRI served at `socket`. Ok: the image ref (image ID) containerd
/// reports; Err: the gRPC status.
pub fn pull_image(socket: &Path, image: &str, timeout: Duration) -> Result<String, String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        tokio::time::timeout(timeout, pull_image_async(socket, image))
            .await
            .map_err(|_| format!("CRI PullImage {image} timed out after {timeout:?}"))?
    })
}

async fn pull_image_async(socket: &Path, image: &str) -> Result<String, String> {
    let socket = socket.to_path_buf();
    let channel = Endpoint::try_from("http://[::1]:50051")
        .map_err(|e| e.to_string())?
        .connect_with_connector(tower::service_fn(move |_: Uri| {
            let socket = socket.clone();
            async move {
                Ok::<_, std::io::Error>(TokioIo::new(
                    tokio::net::UnixStream::connect(socket).await?,
                ))
            }
        }))
        .await
        .map_err(|e| format!("cannot connect to the CRI socket: {e}"))?;
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready()
        .await
        .map_err(|e| format!("CRI channel not ready: {e}"))?;
    let request = PullImageRequest {
        image: Some(ImageSpec {
            image: image.to_string(),
        }),
        auth: None,
    };
    let codec = tonic_prost::ProstCodec::<PullImageRequest, PullImageResponse>::default();
    let response = grpc
        .unary(
            tonic::Request::new(request),
            PathAndQuery::from_static("/runtime.v1.ImageService/PullImage"),
            codec,
        )
        .await
        .map_err(|status| format!("{:?}: {}", status.code(), status.message()))?;
    Ok(response.into_inner().image_ref)
}
