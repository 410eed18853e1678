//! The service hands each surface one request struct and encodes its response.

use super::*;
use crate::convert::{decode, encode};
use crate::provider::{DataSource, Function, Resource, Signature};
use crate::requests::{
    ApplyRequest, ApplyResponse, CallRequest, CallResponse, PlanRequest, PlanResponse,
    ReadDataRequest, ReadDataResponse, ValidateRequest, ValidateResponse,
};
use crate::schema::{Attribute, Block, Presence, Schema};
use crate::value::Value;

/// Records in `seen_prior` the `input` of the prior state the service passed to apply.
struct Recorder;

impl Resource for Recorder {
    fn type_name(&self) -> &'static str {
        "fake_recorder"
    }
    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block {
                attributes: vec![
                    Attribute::new("input", Type::String, Presence::Optional, "In."),
                    Attribute::new("seen_prior", Type::String, Presence::Computed, "Out."),
                ],
                ..Block::default()
            },
        }
    }
    fn validate(&self, _request: ValidateRequest) -> ValidateResponse {
        ValidateResponse::default()
    }
    fn plan(&self, request: PlanRequest) -> PlanResponse {
        PlanResponse::new(request.proposed_new_state, Diagnostics::default())
    }
    fn apply(&self, request: ApplyRequest) -> ApplyResponse {
        let seen = match request.prior_state.attr("input") {
            Value::String(s) => s.clone(),
            _ => "null".to_string(),
        };
        let state = Value::object([
            ("input", request.planned_state.attr("input").clone()),
            ("seen_prior", Value::String(seen)),
        ]);
        ApplyResponse::new(state, Diagnostics::default())
    }
}

struct Echo;

impl Function for Echo {
    fn name(&self) -> &'static str {
        "echo"
    }
    fn signature(&self) -> Signature {
        Signature {
            parameters: vec![crate::provider::Parameter {
                name: "text".into(),
                ty: Type::String,
                description: "Text.".into(),
                allow_null: false,
            }],
            return_type: Type::String,
            summary: "Echo.".into(),
            description: "Returns its argument.".into(),
        }
    }
    fn call(&self, request: CallRequest) -> CallResponse {
        Ok(request.arguments[0].clone()).into()
    }
}

/// Renders its `password` into `rendered`, the way a credentials entry would be.
struct Reader;

impl DataSource for Reader {
    fn type_name(&self) -> &'static str {
        "fake_reader"
    }
    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block {
                attributes: vec![
                    Attribute::new("password", Type::String, Presence::Optional, "In."),
                    Attribute::new("rendered", Type::String, Presence::Computed, "Out."),
                ],
                ..Block::default()
            },
        }
    }
    fn validate(&self, _request: ValidateRequest) -> ValidateResponse {
        ValidateResponse::default()
    }
    fn read(&self, request: ReadDataRequest) -> ReadDataResponse {
        let password = request.config.attr("password").as_str().unwrap_or_default();
        let state = Value::object([
            ("password", request.config.attr("password").clone()),
            (
                "rendered",
                Value::string(format!("password = {password:?}")),
            ),
        ]);
        ReadDataResponse::new(state, Diagnostics::default())
    }
}

struct Fake;

impl Provider for Fake {
    fn type_name(&self) -> &'static str {
        "fake"
    }
    fn version(&self) -> &'static str {
        "0.0.0"
    }
    fn schema(&self) -> Schema {
        Schema::default()
    }
    fn data_sources(&self) -> Vec<Arc<dyn DataSource>> {
        vec![Arc::new(Reader)]
    }
    fn resources(&self) -> Vec<Arc<dyn Resource>> {
        vec![Arc::new(Recorder)]
    }
    fn functions(&self) -> Vec<Arc<dyn Function>> {
        vec![Arc::new(Echo)]
    }
}

fn state(input: &str, seen_prior: Value) -> Value {
    Value::object([("input", Value::string(input)), ("seen_prior", seen_prior)])
}

fn state_type() -> Type {
    Recorder.schema().block.value_type()
}

async fn apply(prior: Value) -> Value {
    let service = ProviderService::new(Arc::new(Fake));
    let ty = state_type();
    let request = pb::apply_resource_change::Request {
        type_name: "fake_recorder".into(),
        prior_state: Some(encode(&prior, &ty).unwrap()),
        planned_state: Some(encode(&state("new", Value::Unknown), &ty).unwrap()),
        config: Some(encode(&state("new", Value::Null), &ty).unwrap()),
        ..Default::default()
    };
    let response = service
        .apply_resource_change(Request::new(request))
        .await
        .unwrap()
        .into_inner();
    assert!(
        response.diagnostics.is_empty(),
        "{:?}",
        response.diagnostics
    );
    decode(response.new_state.as_ref(), &ty).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn apply_sees_the_prior_state() {
    let updated = apply(state("old", Value::string("x"))).await;
    assert_eq!(updated.attr("seen_prior"), &Value::string("old"));
    let created = apply(Value::Null).await;
    assert_eq!(created.attr("seen_prior"), &Value::string("null"));
}

#[tokio::test(flavor = "multi_thread")]
async fn import_without_an_implementation_is_refused() {
    let service = ProviderService::new(Arc::new(Fake));
    let response = service
        .import_resource_state(Request::new(pb::import_resource_state::Request {
            type_name: "fake_recorder".into(),
            id: "x".into(),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    assert!(response.imported_resources.is_empty());
    assert_eq!(response.diagnostics.len(), 1);
    assert_eq!(response.diagnostics[0].summary, "Import not supported");
    assert_eq!(
        response.diagnostics[0].detail,
        "fake_recorder cannot be imported."
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn functions_get_their_arguments_in_the_request() {
    let service = ProviderService::new(Arc::new(Fake));
    let call = |arguments: Vec<pb::DynamicValue>| {
        service.call_function(Request::new(pb::call_function::Request {
            name: "echo".into(),
            arguments,
        }))
    };
    let argument = encode(&Value::string("hi"), &Type::String).unwrap();
    let response = call(vec![argument]).await.unwrap().into_inner();
    assert_eq!(response.error, None);
    assert_eq!(
        decode(response.result.as_ref(), &Type::String).unwrap(),
        Value::string("hi")
    );
    let wrong = call(Vec::new()).await.unwrap().into_inner();
    assert_eq!(
        wrong.error.map(|e| e.text),
        Some("echo takes 1 arguments, got 0".to_string())
    );
}

fn reader_config(password: Value) -> pb::DynamicValue {
    let ty = Reader.schema().block.value_type();
    encode(
        &Value::object([("password", password), ("rendered", Value::Null)]),
        &ty,
    )
    .unwrap()
}

async fn read_data(config: pb::DynamicValue) -> pb::read_data_source::Response {
    let service = ProviderService::new(Arc::new(Fake));
    service
        .read_data_source(Request::new(pb::read_data_source::Request {
            type_name: "fake_reader".into(),
            config: Some(config),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_data_source_read_with_an_unknown_value_is_an_error_at_its_path() {
    let response = read_data(reader_config(Value::Unknown)).await;
    assert!(response.state.is_none());
    assert_eq!(response.diagnostics.len(), 1, "{:?}", response.diagnostics);
    let diagnostic = &response.diagnostics[0];
    assert_eq!(diagnostic.summary, "Unknown value in configuration");
    assert_eq!(
        diagnostic.attribute,
        Some(convert::attribute_path(&crate::AttributePath::root(
            "password"
        )))
    );
    let known = read_data(reader_config(Value::string("pw"))).await;
    assert!(known.diagnostics.is_empty(), "{:?}", known.diagnostics);
    let state = decode(known.state.as_ref(), &Reader.schema().block.value_type()).unwrap();
    assert_eq!(state.attr("rendered"), &Value::string("password = \"pw\""));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_apply_with_an_unknown_configuration_value_is_an_error() {
    let service = ProviderService::new(Arc::new(Fake));
    let ty = state_type();
    let request = pb::apply_resource_change::Request {
        type_name: "fake_recorder".into(),
        prior_state: Some(encode(&Value::Null, &ty).unwrap()),
        planned_state: Some(encode(&state("new", Value::Unknown), &ty).unwrap()),
        config: Some(
            encode(
                &Value::object([("input", Value::Unknown), ("seen_prior", Value::Null)]),
                &ty,
            )
            .unwrap(),
        ),
        ..Default::default()
    };
    let response = service
        .apply_resource_change(Request::new(request))
        .await
        .unwrap()
        .into_inner();
    assert!(response.new_state.is_none());
    assert_eq!(
        response.diagnostics[0].attribute,
        Some(convert::attribute_path(&crate::AttributePath::root(
            "input"
        )))
    );
}

async fn upgrade(version: i64, raw_state: pb::RawState) -> pb::upgrade_resource_state::Response {
    let service = ProviderService::new(Arc::new(Fake));
    service
        .upgrade_resource_state(Request::new(pb::upgrade_resource_state::Request {
            type_name: "fake_recorder".into(),
            version,
            raw_state: Some(raw_state),
        }))
        .await
        .unwrap()
        .into_inner()
}

fn json_state() -> pb::RawState {
    pb::RawState {
        json: br#"{"input":"x","seen_prior":"y"}"#.to_vec(),
        flatmap: Default::default(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn state_of_the_current_version_upgrades() {
    let response = upgrade(0, json_state()).await;
    assert!(
        response.diagnostics.is_empty(),
        "{:?}",
        response.diagnostics
    );
    let upgraded = decode(response.upgraded_state.as_ref(), &state_type()).unwrap();
    assert_eq!(upgraded, state("x", Value::string("y")));
}

#[tokio::test(flavor = "multi_thread")]
async fn state_of_a_newer_or_negative_version_is_an_error() {
    for version in [1, 99, -1, i64::MAX, i64::MIN] {
        let response = upgrade(version, json_state()).await;
        assert!(response.upgraded_state.is_none(), "version {version}");
        assert_eq!(response.diagnostics.len(), 1, "version {version}");
        let detail = &response.diagnostics[0].detail;
        assert!(
            detail.contains(&format!("schema version {version},"))
                && detail.contains("versions 0 to 0"),
            "{detail}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn flatmap_only_state_is_an_error() {
    let raw = pb::RawState {
        json: Vec::new(),
        flatmap: [("input".to_string(), "x".to_string())].into(),
    };
    let response = upgrade(0, raw).await;
    assert!(response.upgraded_state.is_none());
    assert_eq!(response.diagnostics[0].summary, "Cannot read stored state");
    assert!(response.diagnostics[0].detail.contains("flatmap"));
}

#[tokio::test(flavor = "multi_thread")]
async fn function_arguments_are_counted_before_they_are_decoded() {
    let service = ProviderService::new(Arc::new(Fake));
    // Two arguments that do not decode: the count is the error, not the bytes.
    let garbage = pb::DynamicValue {
        msgpack: vec![0xdd, 0xff, 0xff, 0xff, 0xff],
        json: Vec::new(),
    };
    let response = service
        .call_function(Request::new(pb::call_function::Request {
            name: "echo".into(),
            arguments: vec![garbage.clone(), garbage],
        }))
        .await
        .unwrap()
        .into_inner();
    let error = response.error.unwrap();
    assert_eq!(error.text, "echo takes 1 arguments, got 2");
    assert_eq!(error.function_argument, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_function_argument_is_an_error_naming_it() {
    let service = ProviderService::new(Arc::new(Fake));
    let response = service
        .call_function(Request::new(pb::call_function::Request {
            name: "echo".into(),
            arguments: vec![encode(&Value::Unknown, &Type::String).unwrap()],
        }))
        .await
        .unwrap()
        .into_inner();
    let error = response.error.unwrap();
    assert_eq!(error.function_argument, Some(0));
    assert!(error.text.contains("text"), "{}", error.text);
}
