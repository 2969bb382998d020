use serde::Serialize;

use super::options::plain;
use crate::call::{Call, Client, Plain, Request};
use crate::models::{AlertNotification, AlertNotificationLookup, Message};
use crate::path::{ApiPath, PathBuilder};

/// `api.notifications()`: legacy alert notification channels
/// (`/api/alert-notifications`).
///
/// Deprecated since Grafana 9 and removed in Grafana 11 (which answers 404):
/// every method is deprecated, as in the Python package. Contact points of
/// [`AlertingProvisioning`](crate::elements::AlertingProvisioning) replace
/// channels.
///
/// ```no_run
/// # #![allow(deprecated)]
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// use serde_json::json;
/// let channel = api
///     .notifications()
///     .create_channel(&json!({"name": "ops mail", "type": "email",
///                             "settings": {"addresses": "ops@example.com"}}))
///     .await?;
/// for c in api.notifications().lookup_channels().await? {
///     println!("{:?} {:?}", c.uid, c.name);
/// }
/// api.notifications()
///     .delete_notification_by_uid(channel.uid.as_deref().unwrap_or_default())
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Notifications<C> {
    client: C,
}

fn channels() -> PathBuilder {
    ApiPath::api().lit("alert-notifications")
}

fn by_id(name: &'static str, id: i64) -> PathBuilder {
    channels().param(name, id.to_string())
}

fn by_uid(name: &'static str, uid: &str) -> PathBuilder {
    channels().lit("uid").param(name, uid)
}

impl<C: Client> Notifications<C> {
    pub(crate) fn new(client: C) -> Self {
        Notifications { client }
    }

    /// `GET /api/alert-notifications`: every channel the caller may see.
    #[deprecated(
        note = "legacy notification channels were removed in Grafana 11; use alertingprovisioning().get_contactpoints"
    )]
    pub fn get_channels(&self) -> Call<C, Plain<Vec<AlertNotification>>> {
        plain(&self.client, Request::get(channels()))
    }

    /// `GET /api/alert-notifications/lookup`: every channel, in brief.
    #[deprecated(
        note = "legacy notification channels were removed in Grafana 11; use alertingprovisioning().get_contactpoints"
    )]
    pub fn lookup_channels(&self) -> Call<C, Plain<Vec<AlertNotificationLookup>>> {
        let path = channels().lit("lookup");
        plain(&self.client, Request::get(path))
    }

    /// `GET /api/alert-notifications/uid/{uid}`.
    #[deprecated(
        note = "legacy notification channels were removed in Grafana 11; use alertingprovisioning().get_contactpoints"
    )]
    pub fn get_channel_by_uid(&self, channel_uid: &str) -> Call<C, Plain<AlertNotification>> {
        let path = by_uid("channel_uid", channel_uid);
        plain(&self.client, Request::get(path))
    }

    /// `GET /api/alert-notifications/{id}`.
    #[deprecated(
        note = "legacy notification channels were removed in Grafana 11; use alertingprovisioning().get_contactpoints"
    )]
    pub fn get_channel_by_id(&self, channel_id: i64) -> Call<C, Plain<AlertNotification>> {
        let path = by_id("channel_id", channel_id);
        plain(&self.client, Request::get(path))
    }

    /// `POST /api/alert-notifications`: creates a channel (`{"name", "type",
    /// "settings", …}`). Answers with it.
    #[deprecated(
        note = "legacy notification channels were removed in Grafana 11; use alertingprovisioning().create_contactpoint"
    )]
    pub fn create_channel(
        &self,
        channel: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<AlertNotification>> {
        let request = Request::post(channels()).json(channel);
        plain(&self.client, request)
    }

    /// `PUT /api/alert-notifications/uid/{uid}`: replaces a channel. Answers
    /// with it.
    #[deprecated(
        note = "legacy notification channels were removed in Grafana 11; use alertingprovisioning().update_contactpoint"
    )]
    pub fn update_channel_by_uid(
        &self,
        uid: &str,
        channel: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<AlertNotification>> {
        let request = Request::new(http::Method::PUT, by_uid("uid", uid)).json(channel);
        plain(&self.client, request)
    }

    /// `PUT /api/alert-notifications/{id}`: replaces a channel. Answers with it.
    #[deprecated(
        note = "legacy notification channels were removed in Grafana 11; use alertingprovisioning().update_contactpoint"
    )]
    pub fn update_channel_by_id(
        &self,
        id: i64,
        channel: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<AlertNotification>> {
        let request = Request::new(http::Method::PUT, by_id("id", id)).json(channel);
        plain(&self.client, request)
    }

    /// `DELETE /api/alert-notifications/uid/{uid}`. Answers
    /// `{"message": "Notification deleted", "id": …}`.
    #[deprecated(
        note = "legacy notification channels were removed in Grafana 11; use alertingprovisioning().delete_contactpoint"
    )]
    pub fn delete_notification_by_uid(&self, notification_uid: &str) -> Call<C, Plain<Message>> {
        let path = by_uid("notification_uid", notification_uid);
        plain(&self.client, Request::delete(path))
    }

    /// `DELETE /api/alert-notifications/{id}`. Answers
    /// `{"message": "Notification deleted"}`.
    #[deprecated(
        note = "legacy notification channels were removed in Grafana 11; use alertingprovisioning().delete_contactpoint"
    )]
    pub fn delete_notification_by_id(&self, notification_id: i64) -> Call<C, Plain<Message>> {
        let path = by_id("notification_id", notification_id);
        plain(&self.client, Request::delete(path))
    }
}
