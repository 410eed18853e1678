//! The go-plugin handshake and AutoMTLS, checked against the built binary.
//!
//! The client certificate here is made the way go-plugin makes Terraform's: ECDSA P-521 with
//! SHA-512, marked as a CA. The server must accept exactly that certificate and nothing else.

use base64::Engine;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BINARY: &str = env!("CARGO_BIN_EXE_terraform-provider-containerd");
const COOKIE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

struct ClientIdentity {
    pem: String,
    der: Vec<u8>,
    key: Vec<u8>,
}

fn go_plugin_style_client_cert() -> ClientIdentity {
    use rcgen::{BasicConstraints, CertificateParams, ExtendedKeyUsagePurpose, IsCa, KeyPair};
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P521_SHA512).unwrap();
    let mut params = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::ClientAuth,
        ExtendedKeyUsagePurpose::ServerAuth,
    ];
    let cert = params.self_signed(&key).unwrap();
    ClientIdentity {
        pem: cert.pem(),
        der: cert.der().to_vec(),
        key: key.serialize_der(),
    }
}

struct Plugin {
    child: Child,
    fields: Vec<String>,
}

impl Drop for Plugin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_plugin(client_cert_pem: Option<&str>) -> Plugin {
    let mut command = Command::new(BINARY);
    command
        .env("TF_PLUGIN_MAGIC_COOKIE", COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "5,6")
        .env_remove("PLUGIN_CLIENT_CERT")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(pem) = client_cert_pem {
        command.env("PLUGIN_CLIENT_CERT", pem);
    }
    let mut child = command.spawn().expect("start the provider");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let fields = line.trim_end().split('|').map(str::to_string).collect();
    Plugin { child, fields }
}

#[derive(Debug)]
struct PinnedServer(Vec<u8>);

impl ServerCertVerifier for PinnedServer {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        assert_eq!(
            end_entity.as_ref(),
            self.0.as_slice(),
            "server cert differs from handshake"
        );
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }
    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        rustls::crypto::aws_lc_rs::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// Connects over TLS and sends an HTTP/2 preface; returns the negotiated ALPN on success.
async fn tls_exchange(
    socket: &str,
    server_der: Vec<u8>,
    client: Option<&ClientIdentity>,
) -> Result<Option<Vec<u8>>, String> {
    let builder = ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_protocol_versions(rustls::ALL_VERSIONS)
    .unwrap()
    .dangerous()
    .with_custom_certificate_verifier(Arc::new(PinnedServer(server_der)));
    let mut config = match client {
        Some(identity) => builder
            .with_client_auth_cert(
                vec![CertificateDer::from(identity.der.clone())],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(identity.key.clone())),
            )
            .unwrap(),
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"h2".to_vec()];
    let stream = tokio::net::UnixStream::connect(socket).await.unwrap();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let mut tls = connector
        .connect(ServerName::try_from("localhost").unwrap(), stream)
        .await
        .map_err(|e| e.to_string())?;
    // With TLS 1.3 a refused client certificate surfaces on the first read.
    tls.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04\0\0\0\0\0")
        .await
        .map_err(|e| e.to_string())?;
    let mut buf = [0u8; 9];
    tls.read_exact(&mut buf).await.map_err(|e| e.to_string())?;
    Ok(tls.get_ref().1.alpn_protocol().map(<[u8]>::to_vec))
}

#[test]
fn without_the_cookie_it_explains_itself_and_exits_1() {
    let output = Command::new(BINARY)
        .env_remove("TF_PLUGIN_MAGIC_COOKIE")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("This binary is a plugin"));
}

#[test]
fn refuses_clients_that_do_not_offer_protocol_6() {
    let output = Command::new(BINARY)
        .env("TF_PLUGIN_MAGIC_COOKIE", COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "4,5")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "nothing may reach stdout");
}

#[test]
fn without_tls_the_handshake_has_no_certificate() {
    let plugin = start_plugin(None);
    assert_eq!(plugin.fields.len(), 6, "{:?}", plugin.fields);
    assert_eq!(&plugin.fields[..3], ["1", "6", "unix"]);
    assert_eq!(plugin.fields[4], "grpc");
    assert_eq!(plugin.fields[5], "");
    assert!(std::path::Path::new(&plugin.fields[3]).exists());
}

#[tokio::test]
async fn auto_mtls_accepts_exactly_the_announced_client() {
    let client = go_plugin_style_client_cert();
    let plugin = start_plugin(Some(&client.pem));
    assert_eq!(
        &plugin.fields[..3],
        ["1", "6", "unix"],
        "{:?}",
        plugin.fields
    );
    let server_der = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(&plugin.fields[5])
        .expect("unpadded standard base64");
    let (_, cert) = x509_parser::parse_x509_certificate(&server_der).unwrap();
    let san = cert.subject_alternative_name().unwrap().unwrap();
    assert!(format!("{:?}", san.value).contains("localhost"));
    let socket = plugin.fields[3].clone();

    let alpn = tls_exchange(&socket, server_der.clone(), Some(&client)).await;
    assert_eq!(alpn, Ok(Some(b"h2".to_vec())));

    let stranger = go_plugin_style_client_cert();
    assert!(tls_exchange(&socket, server_der.clone(), Some(&stranger))
        .await
        .is_err());
    assert!(tls_exchange(&socket, server_der, None).await.is_err());
}

async fn plaintext_channel(socket: &str) -> tonic::transport::Channel {
    let socket = socket.to_string();
    tonic::transport::Endpoint::try_from("http://[::1]:1")
        .unwrap()
        .connect_with_connector(tower::service_fn(move |_: tonic::transport::Uri| {
            let socket = socket.clone();
            async move {
                Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(
                    tokio::net::UnixStream::connect(socket).await?,
                ))
            }
        }))
        .await
        .expect("connect to the plugin socket")
}

/// The go-plugin services and the provider answer over gRPC, SIGINT is ignored, and
/// Shutdown ends the process at once (the core waits only 2 s before killing it).
#[tokio::test]
async fn serves_health_schema_and_exits_on_shutdown() {
    use tfplugin6::client::go_plugin::grpc_controller_client::GrpcControllerClient;
    use tfplugin6::client::go_plugin::Empty;
    use tfplugin6::client::tfplugin6::provider_client::ProviderClient;
    use tfplugin6::client::tfplugin6::{get_metadata, get_provider_schema};

    let mut plugin = start_plugin(None);
    let channel = plaintext_channel(&plugin.fields[3]).await;

    let mut health = tonic_health::pb::health_client::HealthClient::new(channel.clone());
    let status = health
        .check(tonic_health::pb::HealthCheckRequest {
            service: "plugin".into(),
        })
        .await
        .expect("health check")
        .into_inner()
        .status;
    assert_eq!(
        status,
        tonic_health::pb::health_check_response::ServingStatus::Serving as i32
    );

    let mut provider = ProviderClient::new(channel.clone());
    let schema = provider
        .get_provider_schema(get_provider_schema::Request {})
        .await
        .expect("GetProviderSchema")
        .into_inner();
    let capabilities = schema.server_capabilities.expect("capabilities");
    assert!(capabilities.plan_destroy && capabilities.get_provider_schema_optional);
    assert!(schema
        .data_source_schemas
        .contains_key("containerd_registry_files"));
    assert!(schema
        .resource_schemas
        .contains_key("containerd_registry_files"));
    assert!(schema.functions.contains_key("parse_hosts_toml"));
    let metadata = provider
        .get_metadata(get_metadata::Request {})
        .await
        .expect("GetMetadata")
        .into_inner();
    assert_eq!(metadata.functions.len(), schema.functions.len());

    let pid = plugin.child.id().to_string();
    let kill = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(kill.success());
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        plugin.child.try_wait().unwrap().is_none(),
        "SIGINT must not stop the plugin"
    );

    let started = std::time::Instant::now();
    GrpcControllerClient::new(channel)
        .shutdown(Empty {})
        .await
        .expect("Shutdown");
    loop {
        if let Some(status) = plugin.child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "still running 2 s after Shutdown"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(
        !std::path::Path::new(&plugin.fields[3]).exists(),
        "the socket file should be removed"
    );
}

/// A value the provider needs at read or apply that is not known yet is an error at its path,
/// never a silently empty field: a ReadDataSource or an ApplyResourceChange whose `registries`
/// password is unknown renders nothing. With the password known, the same read renders it into
/// config.toml auth.
#[tokio::test]
async fn read_and_apply_refuse_an_unknown_password() {
    use terraform_provider_containerd::provider::ContainerdProvider;
    use tfplugin6::client::tfplugin6::provider_client::ProviderClient;
    use tfplugin6::client::tfplugin6::{apply_resource_change, read_data_source, DynamicValue};
    use tfplugin6::{Provider, Value};

    let schema = ContainerdProvider.data_sources()[0].schema();
    let ty = schema.block.value_type();
    let config = |password: Value| {
        let registry = Value::object([(
            "credentials",
            Value::object([("username", Value::string("ci")), ("password", password)]),
        )]);
        let config = Value::object([
            ("formats", Value::Set(vec![Value::string("cloud_config")])),
            (
                "registries",
                Value::Map([("docker.io".to_string(), registry)].into()),
            ),
        ]);
        DynamicValue {
            msgpack: tfplugin6::encode_msgpack(&config, &ty).expect("encode"),
            json: Vec::new(),
        }
    };
    let plugin = start_plugin(None);
    let provider = ProviderClient::new(plaintext_channel(&plugin.fields[3]).await);
    let read = |password: Value| {
        let request = read_data_source::Request {
            type_name: "containerd_registry_files".into(),
            config: Some(config(password)),
            ..Default::default()
        };
        let mut provider = provider.clone();
        async move {
            provider
                .read_data_source(request)
                .await
                .expect("ReadDataSource")
                .into_inner()
        }
    };

    let at_the_password = |diagnostics: &[tfplugin6::client::tfplugin6::Diagnostic]| {
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].summary, "Unknown value in configuration");
        let steps: Vec<String> = diagnostics[0]
            .attribute
            .as_ref()
            .expect("a path")
            .steps
            .iter()
            .map(|s| format!("{:?}", s.selector))
            .collect();
        let path = steps.join("");
        for part in ["registries", "docker.io", "credentials", "password"] {
            assert!(path.contains(part), "{path}");
        }
    };
    let unknown = read(Value::Unknown).await;
    assert!(unknown.state.is_none(), "no state from an unknown password");
    at_the_password(&unknown.diagnostics);

    let applied = provider
        .clone()
        .apply_resource_change(apply_resource_change::Request {
            type_name: "containerd_registry_files".into(),
            prior_state: Some(DynamicValue {
                msgpack: tfplugin6::encode_msgpack(&Value::Null, &ty).expect("encode"),
                json: Vec::new(),
            }),
            planned_state: Some(config(Value::Unknown)),
            config: Some(config(Value::Unknown)),
            ..Default::default()
        })
        .await
        .expect("ApplyResourceChange")
        .into_inner();
    assert!(
        applied.new_state.is_none(),
        "no state from an unknown password"
    );
    at_the_password(&applied.diagnostics);

    let known = read(Value::string("s3cret")).await;
    let errors: Vec<_> = known
        .diagnostics
        .iter()
        .filter(|d| d.severity == 1)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let state =
        tfplugin6::decode_msgpack(&known.state.expect("state").msgpack, &ty).expect("state");
    let cloud_config = state.attr("cloud_config").as_str().expect("cloud_config");
    assert!(
        cloud_config.contains("s3cret"),
        "the password reaches config.toml auth"
    );
}
