use serde_json::{Map, Value};

use super::options::plain;
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

fn strings(values: impl IntoIterator<Item = impl Into<String>>) -> Vec<String> {
    values.into_iter().map(Into::into).collect()
}

/// [`Annotations::find_annotations`]'s endpoint and options.
#[derive(Debug, Default)]
pub struct FindAnnotations {
    time_from: Option<i64>,
    time_to: Option<i64>,
    alert_id: Option<i64>,
    dashboard_id: Option<i64>,
    dashboard_uid: Option<String>,
    panel_id: Option<i64>,
    user_id: Option<i64>,
    ann_type: Option<String>,
    tags: Vec<String>,
    limit: Option<i64>,
}

impl<C: Client> Call<C, FindAnnotations> {
    /// Only annotations after this time (`from`, epoch milliseconds).
    pub fn time_from(mut self, time_from: i64) -> Self {
        self.endpoint.time_from = Some(time_from);
        self
    }

    /// Only annotations before this time (`to`, epoch milliseconds).
    pub fn time_to(mut self, time_to: i64) -> Self {
        self.endpoint.time_to = Some(time_to);
        self
    }

    /// Only annotations of this legacy alert (`alertId`).
    pub fn alert_id(mut self, alert_id: i64) -> Self {
        self.endpoint.alert_id = Some(alert_id);
        self
    }

    /// Only annotations of this dashboard (`dashboardId`).
    pub fn dashboard_id(mut self, dashboard_id: i64) -> Self {
        self.endpoint.dashboard_id = Some(dashboard_id);
        self
    }

    /// Only annotations of this dashboard (`dashboardUID`).
    pub fn dashboard_uid(mut self, dashboard_uid: impl Into<String>) -> Self {
        self.endpoint.dashboard_uid = Some(dashboard_uid.into());
        self
    }

    /// Only annotations of this panel (`panelId`).
    pub fn panel_id(mut self, panel_id: i64) -> Self {
        self.endpoint.panel_id = Some(panel_id);
        self
    }

    /// Only annotations created by this user (`userId`).
    pub fn user_id(mut self, user_id: i64) -> Self {
        self.endpoint.user_id = Some(user_id);
        self
    }

    /// `alert` or `annotation` (`type`).
    pub fn ann_type(mut self, ann_type: impl Into<String>) -> Self {
        self.endpoint.ann_type = Some(ann_type.into());
        self
    }

    /// Only annotations with all these tags (one `tags` pair each); adds to
    /// tags given before.
    pub fn tags(mut self, tags: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.endpoint.tags.extend(strings(tags));
        self
    }

    /// At most this many annotations.
    pub fn limit(mut self, limit: i64) -> Self {
        self.endpoint.limit = Some(limit);
        self
    }
}

impl Endpoint for FindAnnotations {
    type Output = Vec<Annotation>;

    fn into_request(self) -> Request {
        let mut request = Request::get(ApiPath::api().lit("annotations"))
            .query_opt("from", self.time_from)
            .query_opt("to", self.time_to)
            .query_opt("alertId", self.alert_id)
            .query_opt("dashboardId", self.dashboard_id)
            .query_opt("dashboardUID", self.dashboard_uid)
            .query_opt("panelId", self.panel_id)
            .query_opt("userId", self.user_id)
            .query_opt("type", self.ann_type);
        for tag in self.tags {
            request = request.query("tags", tag);
        }
        request.query_opt("limit", self.limit)
    }
}

/// Time, end time, tags and text: the fields that create and update share.
#[derive(Debug, Default)]
struct AnnotationFields {
    time_from: Option<i64>,
    time_to: Option<i64>,
    tags: Option<Vec<String>>,
    text: Option<String>,
}

impl AnnotationFields {
    fn insert_into(self, body: &mut Map<String, Value>) {
        let fields = [
            ("time", self.time_from.map(Value::from)),
            ("timeEnd", self.time_to.map(Value::from)),
            ("tags", self.tags.map(Value::from)),
            ("text", self.text.map(Value::from)),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                body.insert(key.into(), value);
            }
        }
    }
}

/// The builder methods for time, end time, tags and text, on the calls
/// that carry them.
macro_rules! annotation_field_options {
    ($endpoint:ty) => {
        impl<C: Client> Call<C, $endpoint> {
            /// Start time (`time`, epoch milliseconds).
            pub fn time_from(mut self, time_from: i64) -> Self {
                self.endpoint.fields.time_from = Some(time_from);
                self
            }

            /// End time (`timeEnd`, epoch milliseconds); makes it a region.
            pub fn time_to(mut self, time_to: i64) -> Self {
                self.endpoint.fields.time_to = Some(time_to);
                self
            }

            /// Tags (replacing tags given before); an empty list is sent as `[]`.
            pub fn tags(mut self, tags: impl IntoIterator<Item = impl Into<String>>) -> Self {
                self.endpoint.fields.tags = Some(strings(tags));
                self
            }

            /// Text.
            pub fn text(mut self, text: impl Into<String>) -> Self {
                self.endpoint.fields.text = Some(text.into());
                self
            }
        }
    };
}

/// [`Annotations::add_annotation`]'s endpoint and options.
#[derive(Debug, Default)]
pub struct AddAnnotation {
    dashboard_id: Option<i64>,
    dashboard_uid: Option<String>,
    panel_id: Option<i64>,
    fields: AnnotationFields,
}

annotation_field_options!(AddAnnotation);

impl<C: Client> Call<C, AddAnnotation> {
    /// On this dashboard (`dashboardId`; deprecated by Grafana, prefer the uid).
    pub fn dashboard_id(mut self, dashboard_id: i64) -> Self {
        self.endpoint.dashboard_id = Some(dashboard_id);
        self
    }

    /// On this dashboard (`dashboardUID`).
    pub fn dashboard_uid(mut self, dashboard_uid: impl Into<String>) -> Self {
        self.endpoint.dashboard_uid = Some(dashboard_uid.into());
        self
    }

    /// On this panel of the dashboard (`panelId`).
    pub fn panel_id(mut self, panel_id: i64) -> Self {
        self.endpoint.panel_id = Some(panel_id);
        self
    }
}

impl Endpoint for AddAnnotation {
    type Output = Message;

    fn into_request(self) -> Request {
        let mut body = Map::new();
        if let Some(id) = self.dashboard_id {
            body.insert("dashboardId".into(), id.into());
        }
        if let Some(uid) = self.dashboard_uid {
            body.insert("dashboardUID".into(), uid.into());
        }
        if let Some(panel) = self.panel_id {
            body.insert("panelId".into(), panel.into());
        }
        self.fields.insert_into(&mut body);
        Request::post(ApiPath::api().lit("annotations")).json(&body)
    }
}

/// [`Annotations::add_annotation_graphite`]'s endpoint and options.
#[derive(Debug, Default)]
pub struct AddAnnotationGraphite {
    what: Option<String>,
    tags: Option<Vec<String>>,
    when: Option<i64>,
    data: Option<String>,
}

impl<C: Client> Call<C, AddAnnotationGraphite> {
    /// What happened (becomes the text).
    pub fn what(mut self, what: impl Into<String>) -> Self {
        self.endpoint.what = Some(what.into());
        self
    }

    /// Tags (replacing tags given before); an empty list is sent as `[]`.
    pub fn tags(mut self, tags: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.endpoint.tags = Some(strings(tags));
        self
    }

    /// When it happened, in epoch **seconds** (Graphite's unit).
    pub fn when(mut self, when: i64) -> Self {
        self.endpoint.when = Some(when);
        self
    }

    /// Details, appended to the text.
    pub fn data(mut self, data: impl Into<String>) -> Self {
        self.endpoint.data = Some(data.into());
        self
    }
}

impl Endpoint for AddAnnotationGraphite {
    type Output = Message;

    fn into_request(self) -> Request {
        let fields = [
            ("what", self.what.map(Value::from)),
            ("tags", self.tags.map(Value::from)),
            ("when", self.when.map(Value::from)),
            ("data", self.data.map(Value::from)),
        ];
        let body: Map<String, Value> = fields
            .into_iter()
            .filter_map(|(key, value)| value.map(|v| (key.to_owned(), v)))
            .collect();
        Request::post(ApiPath::api().lit("annotations/graphite")).json(&body)
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
        let mut body = Map::new();
        self.fields.insert_into(&mut body);
        Request::new(self.method, annotation_path(self.annotations_id)).json(&body)
    }
}
