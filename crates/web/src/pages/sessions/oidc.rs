//! `GET /sign-in/oidc` and `GET /sign-in/oidc/callback`: signing in through the organisation's
//! identity provider ([`crate::oidc`] does the protocol). Both answer 404 when no provider is
//! configured. The callback finds the enabled user an admin linked to the identity the provider
//! vouched for; nobody is made on the fly. Every callback is audited, as a password sign-in is:
//! a success as `session.sign_in` (`oidc: …`), a refusal as `session.sign_in_failed` with its
//! reason (`oidc: not-linked`, `oidc: state-mismatch`…). The session is the one password sign-in
//! makes: same cookie, same lifetime, a new id.

use crate::error::AppError;
use crate::oidc::{Callback, FLOW_COOKIE, FLOW_MINUTES, FlowError, Provider};
use crate::session::{ClientAddress, CurrentSession, begin, clear_cookie, cookie_value, safe_next, set_cookie};
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::signin::{self, SignInMethod};
use serde::Deserialize;

const CALLBACK: &str = "GET /sign-in/oidc/callback";

/// Why the sign-in at the provider did not sign the user in to haven.
#[derive(Debug, Template)]
#[template(path = "sign_in_refused.html")]
pub struct RefusedPage {
    pub ctx: PageCtx,
    pub title: String,
    pub text: String,
    /// The identity the provider vouched for, to give to an administrator to link.
    pub identity: Option<String>,
    pub provider: String,
}

#[derive(Debug, Deserialize)]
pub struct StartQuery {
    #[serde(default)]
    next: Option<String>,
}

fn provider(state: &AppState) -> Result<&Provider, AppError> {
    state.config.oidc.as_ref().ok_or(AppError::NotFound)
}

/// The first leg: to the provider, with a fresh flow in a short-lived cookie.
#[tracing::instrument(skip_all)]
pub async fn start(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<StartQuery>,
) -> Result<Response, AppError> {
    let provider = provider(&state)?;
    if ctx.user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    let next = query.next.as_deref().and_then(safe_next).unwrap_or_default();
    let (url, sealed) = provider.start(next, Utc::now());
    let mut response = Redirect::to(url.as_str()).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(FLOW_COOKIE, &sealed, state.config.secure_cookies, Some(FLOW_MINUTES * 60)),
    );
    Ok(response)
}

/// The second leg: back from the provider.
#[tracing::instrument(skip_all)]
pub async fn callback(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    previous: Option<Extension<CurrentSession>>,
    Query(answer): Query<Callback>,
) -> Result<Response, AppError> {
    let provider = provider(&state)?;
    let now = Utc::now();
    let store = &state.store;
    let secure = state.config.secure_cookies;
    let sealed = cookie_value(&headers, FLOW_COOKIE);

    let refuse = |ctx: PageCtx, status: StatusCode, text_key: &str, identity: Option<String>| {
        let name = provider.name().to_owned();
        let page = RefusedPage {
            title: ctx.t("oidc-refused-title"),
            text: ctx.t1(text_key, "name", &name),
            identity,
            provider: name,
            ctx,
        };
        let mut response = render(status, &page)?;
        // The flow is used once, whatever became of it.
        response.headers_mut().append(header::SET_COOKIE, clear_cookie(FLOW_COOKIE, secure));
        Ok::<Response, AppError>(response)
    };
    let failed = |code: &'static str| {
        AuditEvent::system("oidc", AuditAction::SignInFailed, CALLBACK, now)
            .detail(Detail::SignInWith { method: SignInMethod::Oidc, code })
    };

    let (identity, next) = match provider.finish(sealed.as_deref(), &answer, now).await {
        Ok(found) => found,
        Err(e) => {
            store.append_audit(&failed(e.code())).await?;
            let (status, key) = match e {
                FlowError::NoFlow | FlowError::StateMismatch => (StatusCode::BAD_REQUEST, "oidc-no-flow"),
                FlowError::ProviderRefused => (StatusCode::FORBIDDEN, "oidc-provider-refused"),
                FlowError::NoCode
                | FlowError::TokenExchange
                | FlowError::NoIdToken
                | FlowError::InvalidIdToken
                | FlowError::NoIdentity => (StatusCode::BAD_GATEWAY, "oidc-failed"),
            };
            return refuse(ctx, status, key, None);
        }
    };

    let linked = store.user_by_identity(&identity).await?;
    let user = match signin::by_identity(linked.as_ref()) {
        Ok(user) => user,
        Err(reason) => {
            // The provider vouched for this identity: recorded under it, so that an admin can
            // find and link it; never a password or a name.
            let mut event = failed(reason);
            event.actor_label = identity.to_string();
            if let Some(u) = &linked {
                event = event.subject(SubjectKind::User, u.id.0);
            }
            store.append_audit(&event).await?;
            let key = if reason == "disabled" { "oidc-disabled" } else { "oidc-not-linked" };
            return refuse(ctx, StatusCode::FORBIDDEN, key, Some(identity.to_string()));
        }
    };

    let label = user.username.to_string();
    let event = AuditEvent::by(user.actor(), &label, AuditAction::SignIn, CALLBACK, now)
        .subject(SubjectKind::User, user.id.0)
        .detail(Detail::SignInWith { method: SignInMethod::Oidc, code: "identity-verified" });
    // A success at the provider is a success of the account: its password failures from this
    // address stop counting, as after a password sign-in.
    store.record_sign_in(&label, &address, true, &event).await?;
    let previous = previous.map(|Extension(old)| old);
    let cookie = begin(&state, user, &label, CALLBACK, SignInMethod::Oidc, previous.as_ref(), now).await?;

    let to = safe_next(&next).unwrap_or("/");
    let mut response = Redirect::to(to).into_response();
    let h = response.headers_mut();
    h.append(header::SET_COOKIE, cookie);
    h.append(header::SET_COOKIE, clear_cookie(FLOW_COOKIE, secure));
    Ok(response)
}
