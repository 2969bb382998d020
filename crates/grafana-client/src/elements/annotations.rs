use serde::Serialize;

use super::options::{object, plain, setters, RequestExt};
use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::models::{Annotation, Message};
use crate::path::{ApiPath, PathBuilder};

/// `api.annotations()`: annotations (`/api/annotations`).
///
/// Times are epoch milliseconds. Every option is sent only when set, and a
/// value of 0 is a value: it is sent.
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// let created = api
///     .annotations()
///     .add_annotation()
///     .dashboard_uid("demo-overview")
///     .time_from(1_700_000_000_000)
///     .tags(["deploy", "v1.2"])
///     .text("Deployed v1.2")
///     .await?;
/// let id = created.id.expect("Grafana returns the new id");
/// let deploys = api.annotations().find_annotations().tags(["deploy"]).limit(10).await?;
/// println!("{} deploy annotations", deploys.len());
/// api.annotations()
///     .partial_update_annotation(id)
///     .text("Deployed v1.2 (rolled back)")
///     .await?;
/// api.annotations().delete_annotations_by_id(id).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Annotations<C> {
    client: C,
}

fn annotation_path(annotations_id: i64) -> PathBuilder {
    ApiPath::api()
        .lit("annotations")
        .param("annotations_id", annotations_id.to_string())
}

impl<C: Client> Annotations<C> {
    pub(crate) fn new(client: C) -> Self {
        Annotations { client }
    }

    /// `GET /api/annotations`: annotations matching the options
    /// ([`time_from`](Call::time_from), [`time_to`](Call::time_to),
    /// [`alert_id`](Call::alert_id), [`dashboard_id`](Call::dashboard_id),
    /// [`dashboard_uid`](Call::dashboard_uid), [`panel_id`](Call::panel_id),
    /// [`user_id`](Call::user_id), [`ann_type`](Call::ann_type),
    /// [`tags`](Call::tags), [`limit`](Call::limit); server default limit 100).
    ///
    /// The Python package concatenates the query by hand, unencoded, and drops
    /// values of 0; this form-encodes every value and sends 0.
    pub fn find_annotations(&self) -> Call<C, FindAnnotations> {
        Call::new(&self.client, FindAnnotations::default())
    }

    /// Deprecated alias of [`find_annotations`](Self::find_annotations).
    #[deprecated(note = "use find_annotations, as the Python package advises")]
    pub fn get_annotation(&self) -> Call<C, FindAnnotations> {
        self.find_annotations()
    }

    /// `POST /api/annotations`: creates an annotation. Options:
    /// [`dashboard_id`](Call::dashboard_id), [`dashboard_uid`](Call::dashboard_uid),
    /// [`panel_id`](Call::panel_id), [`time_from`](Call::time_from),
    /// [`time_to`](Call::time_to), [`tags`](Call::tags), [`text`](Call::text)
    /// (Grafana requires it). Without a dashboard it is an organization
    /// annotation. The answer's `id` is the new annotation's.
    ///
    /// The Python package sends unset fields as `null` (and tags as `[]`);
    /// this sends only the options that are set.
    pub fn add_annotation(&self) -> Call<C, AddAnnotation> {
        Call::new(&self.client, AddAnnotation::default())
    }

    /// `POST /api/annotations/graphite`: creates an annotation in Graphite's
    /// event format. Options: [`what`](Call::what), [`tags`](Call::tags),
    /// [`when`](Call::when) (epoch seconds; Grafana uses the current time when
    /// absent), [`data`](Call::data).
    ///
    /// The Python package sends unset fields as `null` (and tags as `[]`);
    /// this sends only the options that are set.
    pub fn add_annotation_graphite(&self) -> Call<C, AddAnnotationGraphite> {
        Call::new(&self.client, AddAnnotationGraphite::default())
    }

    /// `PUT /api/annotations/{id}`: replaces an annotation's time, end time,
    /// tags and text with the options given ([`time_from`](Call::time_from),
    /// [`time_to`](Call::time_to), [`tags`](Call::tags), [`text`](Call::text)).
    /// Grafana may clear what is not given (the text, for one); to change
    /// single fields use [`partial_update_annotation`](Self::partial_update_annotation).
    ///
    /// The Python package sends unset fields as `null` (and tags as `[]`);
    /// this sends only the options that are set, which Grafana treats alike.
    pub fn update_annotation(&self, annotations_id: i64) -> Call<C, UpdateAnnotation> {
        Call::new(
            &self.client,
            UpdateAnnotation {
                annotations_id,
                fields: AnnotationFields::default(),
                method: http::Method::PUT,
            },
        )
    }

    /// `PATCH /api/annotations/{id}`: changes only the options given
    /// ([`time_from`](Call::time_from), [`time_to`](Call::time_to),
    /// [`tags`](Call::tags), [`text`](Call::text)).
    ///
    /// The Python package always sends all four fields, so the unset ones are
    /// cleared (`null`, `[]`); this sends only those set, as a patch should.
    pub fn partial_update_annotation(&self, annotations_id: i64) -> Call<C, UpdateAnnotation> {
        Call::new(
            &self.client,
            UpdateAnnotation {
                annotations_id,
                fields: AnnotationFields::default(),
                method: http::Method::PATCH,
            },
        )
    }

    /// `DELETE /api/annotations/{id}`.
    pub fn delete_annotations_by_id(&self, annotations_id: i64) -> Call<C, Plain<Message>> {
        let request = Request::delete(annotation_path(annotations_id));
        plain(&self.client, request)
    }
}

/// [`Annotations::find_annotations`]'s endpoint and options (the query).
#[derive(Serialize, Default, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct FindAnnotations {
    #[serde(rename = "from")]
    time_from: Option<i64>,
    #[serde(rename = "to")]
    time_to: Option<i64>,
    alert_id: Option<i64>,
    dashboard_id: Option<i64>,
    #[serde(rename = "dashboardUID")]
    dashboard_uid: Option<String>,
    panel_id: Option<i64>,
    user_id: Option<i64>,
    #[serde(rename = "type")]
    ann_type: Option<String>,
    tags: Vec<String>,
    limit: Option<i64>,
}

setters! { FindAnnotations;
    /// Only annotations after this time (`from`, epoch milliseconds).
    time_from: value i64;
    /// Only annotations before this time (`to`, epoch milliseconds).
    time_to: value i64;
    /// Only annotations of this legacy alert (`alertId`).
    alert_id: value i64;
    /// Only annotations of this dashboard (`dashboardId`).
    dashboard_id: value i64;
    /// Only annotations of this dashboard (`dashboardUID`).
    dashboard_uid: into String;
    /// Only annotations of this panel (`panelId`).
    panel_id: value i64;
    /// Only annotations created by this user (`userId`).
    user_id: value i64;
    /// `alert` or `annotation` (`type`).
    ann_type: into String;
    /// Only annotations with all these tags (one `tags` pair each); adds to
    /// tags given before.
    tags: extend_into String;
    /// At most this many annotations.
    limit: value i64;
}

impl Endpoint for FindAnnotations {
    type Output = Vec<Annotation>;

    fn into_request(self) -> Request {
        Request::get(ApiPath::api().lit("annotations")).query_options(&self)
    }
}

/// Time, end time, tags and text: the fields that create and update share
/// (the body).
#[derive(Serialize, Default, Clone, Debug)]
struct AnnotationFields {
    #[serde(rename = "time")]
    time_from: Option<i64>,
    #[serde(rename = "timeEnd")]
    time_to: Option<i64>,
    tags: Option<Vec<String>>,
    text: Option<String>,
}

/// The builder methods for time, end time, tags and text, on the calls
/// that carry them.
macro_rules! annotation_field_options {
    ($endpoint:ty) => {
        setters! { $endpoint;
            /// Start time (`time`, epoch milliseconds).
            time_from => fields.time_from: value i64;
            /// End time (`timeEnd`, epoch milliseconds); makes it a region.
            time_to => fields.time_to: value i64;
            /// Tags (replacing tags given before); an empty list is sent as `[]`.
            tags => fields.tags: list String;
            /// Text.
            text => fields.text: into String;
        }
    };
}

/// [`Annotations::add_annotation`]'s endpoint and options (the body).
#[derive(Serialize, Default, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct AddAnnotation {
    dashboard_id: Option<i64>,
    #[serde(rename = "dashboardUID")]
    dashboard_uid: Option<String>,
    panel_id: Option<i64>,
    #[serde(flatten)]
    fields: AnnotationFields,
}

annotation_field_options!(AddAnnotation);

setters! { AddAnnotation;
    /// On this dashboard (`dashboardId`; deprecated by Grafana, prefer the uid).
    dashboard_id: value i64;
    /// On this dashboard (`dashboardUID`).
    dashboard_uid: into String;
    /// On this panel of the dashboard (`panelId`).
    panel_id: value i64;
}

impl Endpoint for AddAnnotation {
    type Output = Message;

    fn into_request(self) -> Request {
        Request::post(ApiPath::api().lit("annotations")).try_json(object(&self))
    }
}

/// [`Annotations::add_annotation_graphite`]'s endpoint and options (the body).
#[derive(Serialize, Default, Clone, Debug)]
pub struct AddAnnotationGraphite {
    what: Option<String>,
    tags: Option<Vec<String>>,
    when: Option<i64>,
    data: Option<String>,
}

setters! { AddAnnotationGraphite;
    /// What happened (becomes the text).
    what: into String;
    /// Tags (replacing tags given before); an empty list is sent as `[]`.
    tags: list String;
    /// When it happened, in epoch **seconds** (Graphite's unit).
    when: value i64;
    /// Details, appended to the text.
    data: into String;
}

impl Endpoint for AddAnnotationGraphite {
    type Output = Message;

    fn into_request(self) -> Request {
        Request::post(ApiPath::api().lit("annotations/graphite")).try_json(object(&self))
    }
}

/// The endpoint and options of [`Annotations::update_annotation`] (PUT) and
/// [`Annotations::partial_update_annotation`] (PATCH).
#[derive(Debug)]
pub struct UpdateAnnotation {
    annotations_id: i64,
    fields: AnnotationFields,
    method: http::Method,
}

annotation_field_options!(UpdateAnnotation);

impl Endpoint for UpdateAnnotation {
    type Output = Message;

    fn into_request(self) -> Request {
        let path = annotation_path(self.annotations_id);
        Request::new(self.method, path).try_json(object(&self.fields))
    }
}
