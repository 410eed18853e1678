//! The service hands each surface one request struct and encodes its response.

use super::*;
use crate::requests::{ApplyResponse, CallResponse, PlanResponse, ValidateResponse};
use crate::schema::{Attribute, Block, Presence, Schema};

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
        Vec::new()
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

#[tokio::test]
async fn apply_sees_the_prior_state() {
    let updated = apply(state("old", Value::string("x"))).await;
    assert_eq!(updated.attr("seen_prior"), &Value::string("old"));
    let created = apply(Value::Null).await;
    assert_eq!(created.attr("seen_prior"), &Value::string("null"));
}

#[tokio::test]
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

#[tokio::test]
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
