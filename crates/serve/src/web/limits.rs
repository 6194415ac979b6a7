//! Rate limits, per client address, kept in each process (several
//! processes behind a load balancer each keep their own: docs/serve.md).

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::failure::Failure;

pub struct Limits {
    sign_in: DefaultKeyedRateLimiter<IpAddr>,
    send: DefaultKeyedRateLimiter<IpAddr>,
}

impl Limits {
    /// Sign-in: 10 tries a minute from one address (a person mistyping a
    /// password does not notice; guessing is slowed to a crawl). Sends:
    /// `sends_per_second` from one address, with a minute of them at once
    /// (a staff room behind one school address sending together).
    pub fn new(sends_per_second: u32) -> Limits {
        let per_second = NonZeroU32::new(sends_per_second.max(1)).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(sends_per_second.max(1).saturating_mul(60)).unwrap_or(NonZeroU32::MIN);
        Limits {
            sign_in: RateLimiter::keyed(Quota::per_minute(NonZeroU32::new(10).unwrap_or(NonZeroU32::MIN))),
            send: RateLimiter::keyed(Quota::per_second(per_second).allow_burst(burst)),
        }
    }

    pub fn sign_in(&self, from: IpAddr) -> Result<(), Failure> {
        self.sign_in.check_key(&from).map_err(|_| Failure::TooMany)
    }

    pub fn send(&self, from: IpAddr) -> Result<(), Failure> {
        self.send.check_key(&from).map_err(|_| Failure::TooMany)
    }
}

/// The address a request comes from, as rate limits count it. Behind a
/// reverse proxy on the same machine (the service listens on loopback by
/// default, docs/serve.md) every request comes from the proxy, so the
/// last address of `X-Forwarded-For` (the one the proxy added) is taken;
/// from anywhere else the header is anyone's to forge, so it is not.
pub struct Client(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Failure> {
        let peer =
            parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()).ok_or_else(|| Failure::internal("no peer address"))?;
        let forwarded = || {
            let header = parts.headers.get_all("x-forwarded-for").iter().next_back()?.to_str().ok()?;
            header.rsplit(',').next()?.trim().parse::<IpAddr>().ok()
        };
        Ok(Client(if peer.is_loopback() { forwarded().unwrap_or(peer) } else { peer }))
    }
}

/// Refuses a body whose declared length (`Content-Length`) is over `limit`
/// before a byte of it is read: a client that waits to send it
/// (`Expect: 100-continue`, as curl does for a large body) hears 413 with
/// the message at once, instead of having its connection closed part-way
/// through the upload, which clients report as a network error.
pub async fn declared_length(State(limit): State<usize>, request: Request, next: Next) -> Response {
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Failure::TooLarge(format!("larger than anything that can be sent here ({limit} bytes at most)")).into_response();
    }
    next.run(request).await
}
