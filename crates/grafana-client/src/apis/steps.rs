//! Operations of several requests ([`Flow`]): sent like any call, `.await`
//! on the async client and `.send()` on the blocking one.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::call::{Call, CallOptions, Request};
use crate::error::Result;
use crate::transport::Core;

/// A boxed future of a flow's result.
pub(crate) type BoxFuture<T> = Pin<Box<dyn Future<Output = Result<T>> + Send>>;

pub(crate) mod sealed {
    use super::*;

    /// What a flow runs with: the client's transport and the call's options.
    #[derive(Clone)]
    pub struct Ctx {
        pub(crate) core: Arc<Core>,
        pub(crate) options: CallOptions,
    }

    impl Ctx {
        /// Sends one request with the call's options and decodes its answer.
        pub(crate) async fn execute<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
            self.core.execute(request, &self.options).await
        }

        /// The server's version (detected once per client).
        pub(crate) async fn server_version(&self) -> Result<crate::GrafanaVersion> {
            let raw = self.core.detect_version(&self.options).await?;
            crate::version::parse_server_version(&raw)
        }
    }

    /// An operation of several requests.
    pub trait Steps: Send + 'static {
        /// What it answers.
        type Output: Send + 'static;
        /// Runs it.
        fn run(self, ctx: Ctx) -> BoxFuture<Self::Output>;
    }
}

pub(crate) use sealed::{Ctx, Steps};

/// The endpoint of an `/apis` operation that takes several requests (a
/// read-modify-write, a walk over every page, a lookup with fallbacks).
/// `.await` the call (async client) or `.send()` it (blocking client), like
/// every other call; [`Call::org_id`], [`Call::timeout`] and
/// [`Call::retry`] apply to each of its requests.
#[derive(Debug)]
pub struct Flow<S>(pub(crate) S);

impl<C, S: Steps> Call<C, Flow<S>> {
    pub(crate) fn start(self) -> BoxFuture<S::Output>
    where
        C: crate::Client,
    {
        let Call {
            client,
            endpoint,
            options,
        } = self;
        endpoint.0.run(Ctx {
            core: client.core().clone(),
            options,
        })
    }
}

impl<S: Steps> Call<crate::GrafanaApi, Flow<S>> {
    /// Sends the operation (the same as `.await`ing it).
    pub async fn send(self) -> Result<S::Output> {
        self.start().await
    }
}

impl<S: Steps> IntoFuture for Call<crate::GrafanaApi, Flow<S>> {
    type Output = Result<S::Output>;
    type IntoFuture = BoxFuture<S::Output>;

    fn into_future(self) -> Self::IntoFuture {
        self.start()
    }
}

impl<S: Steps> Call<crate::blocking::GrafanaApi, Flow<S>> {
    /// Sends the operation and waits for the answer (see
    /// [`crate::blocking`] for the threads it works on).
    pub fn send(self) -> Result<S::Output> {
        let client = self.client.clone();
        client.block_on(self.start())
    }
}

/// Builds a call over a flow.
pub(crate) fn flow_call<C: crate::Client, S: Steps>(client: &C, steps: S) -> Call<C, Flow<S>> {
    Call {
        client: client.clone(),
        endpoint: Flow(steps),
        options: CallOptions {
            org_id: client.default_org_id(),
            ..CallOptions::default()
        },
    }
}
