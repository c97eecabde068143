//! Sign-in through the organisation's identity provider (OpenID Connect; forces and councils use
//! Entra ID), beside haven's own passwords. The authorisation code flow with PKCE (S256), a
//! `state` and a `nonce`:
//!
//! 1. `GET /sign-in/oidc` ([`Provider::start`]) draws the state, nonce and PKCE verifier, keeps
//!    them in a short-lived cookie sealed with an HMAC (so a load-balanced haven needs nothing
//!    shared but its configuration), and sends the browser to the provider.
//! 2. The provider sends the browser back to `PUBLIC_URL/sign-in/oidc/callback` (the redirect
//!    URI comes from configuration, never from a request) with a code and the state.
//!    [`Provider::finish`] opens the cookie (which is then cleared: each flow is used once, and
//!    the provider accepts each code once), compares the state in constant time, exchanges the
//!    code with the verifier and the client secret over the back channel, and checks the ID
//!    token: its signature against the provider's published keys (JWKS; asymmetric algorithms
//!    only, so neither `none` nor an HMAC keyed with the client secret passes), issuer,
//!    audience, expiry, issue time and nonce ([`verify_id_token`]).
//! 3. The identity claim (`sub`, or Entra ID's `oid`) names the haven user an admin linked to it;
//!    the page does the rest with the store.
//!
//! Where to go afterwards (`next`) travels inside the sealed cookie and is checked as a local
//! path when it is put in, so the callback cannot be turned into an open redirect.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use haven_domain::user::Identity;
use hmac::{Hmac, Mac};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJsonWebKeySet, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClaimsVerificationError, Client, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdToken, IdTokenFields, IdTokenVerifier,
    IssuerUrl, JsonWebKeySet, JsonWebKeySetUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    StandardErrorResponse, StandardTokenResponse, reqwest, url,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::sync::{Arc, RwLock};

/// The cookie that carries a flow's state, nonce, PKCE verifier and `next` between the two legs.
pub const FLOW_COOKIE: &str = "haven_oidc";
/// How long a flow may take at the provider (signing in, perhaps with a second factor).
pub const FLOW_MINUTES: i64 = 10;
/// Clock difference tolerated between haven and the provider for a token's issue time.
const CLOCK_SKEW_SECONDS: i64 = 300;
/// An ID token issued longer ago than this is refused, whatever its expiry says.
const MAX_TOKEN_AGE_MINUTES: i64 = 60;
/// How long haven waits for the provider (discovery, keys, the token endpoint).
const PROVIDER_TIMEOUT_SECONDS: u64 = 15;

/// The signature algorithms an ID token may use: public-key ones only. `HS256` and friends are
/// left out on purpose: their key would be the client secret, which haven also holds.
const SIGNING_ALGS: [CoreJwsSigningAlgorithm; 9] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha512,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EdDsa,
];

/// Which claim of the ID token names the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdentityClaim {
    /// `sub`: the subject, unique and never reassigned at the issuer (OpenID Connect Core).
    #[default]
    Sub,
    /// Entra ID's `oid`: the user's object id in the tenant, the same for every application and
    /// shown in the Entra admin centre, where `sub` differs per application.
    Oid,
}

impl IdentityClaim {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        match raw.trim() {
            "sub" => Ok(Self::Sub),
            "oid" => Ok(Self::Oid),
            _ => Err("identity-claim"),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Sub => "sub",
            Self::Oid => "oid",
        }
    }
}

/// A secret that never shows in logs or `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(secret: String) -> Self {
        Self(secret)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self(s.to_owned()))
    }
}

/// How haven is registered with the organisation's identity provider.
#[derive(Debug, Clone)]
pub struct OidcSettings {
    /// The issuer, exactly as the provider names itself (`https://login.microsoftonline.com/TENANT/v2.0`).
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// The address users reach haven at (`https://haven.example.gov.uk`): the redirect URI
    /// registered at the provider is this followed by `/sign-in/oidc/callback`.
    pub public_url: String,
    /// What the sign-in button calls the provider ("Dyfed-Powys Police account").
    pub name: String,
    pub identity_claim: IdentityClaim,
}

/// The claims haven reads beyond the standard ones: Entra ID's object id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraClaims {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oid: Option<String>,
}

impl AdditionalClaims for ExtraClaims {}

/// An ID token with the claims haven reads.
pub type HavenIdToken =
    IdToken<ExtraClaims, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;
type HavenIdTokenFields = IdTokenFields<
    ExtraClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type HavenTokenResponse = StandardTokenResponse<HavenIdTokenFields, CoreTokenType>;
type HavenClient = Client<
    ExtraClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    HavenTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why a sign-in at the provider did not give an identity: a stable key, audited as
/// `oidc: KEY` and explained on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowError {
    /// No flow cookie, or one that is expired or not haven's: not started in this browser, or
    /// too long ago.
    NoFlow,
    /// The state sent back is not the one this browser's flow drew.
    StateMismatch,
    /// The provider answered with an error (the user declined, say) instead of a code.
    ProviderRefused,
    /// No code in the answer.
    NoCode,
    /// The token endpoint refused the code or could not be reached.
    TokenExchange,
    /// The token response held no ID token.
    NoIdToken,
    /// The ID token failed a check (signature, issuer, audience, expiry, issue time, nonce).
    InvalidIdToken,
    /// The ID token lacks the identity claim haven is configured to read, or it is malformed.
    NoIdentity,
}

impl FlowError {
    pub fn code(self) -> &'static str {
        match self {
            Self::NoFlow => "no-flow",
            Self::StateMismatch => "state-mismatch",
            Self::ProviderRefused => "provider-refused",
            Self::NoCode => "no-code",
            Self::TokenExchange => "token-exchange-failed",
            Self::NoIdToken => "no-id-token",
            Self::InvalidIdToken => "id-token-invalid",
            Self::NoIdentity => "no-identity-claim",
        }
    }
}

/// What the provider sent back to the callback.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Callback {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
}

/// A flow between its two legs, as sealed in the cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Flow {
    state: String,
    nonce: String,
    verifier: String,
    next: String,
    /// Unix seconds after which the flow is void.
    expires: i64,
}

/// The organisation's identity provider, discovered at start-up.
#[derive(Clone)]
pub struct Provider {
    inner: Arc<Inner>,
}

struct Inner {
    client: HavenClient,
    http: reqwest::Client,
    issuer: IssuerUrl,
    client_id: ClientId,
    jwks_uri: JsonWebKeySetUrl,
    /// The provider's signing keys: fetched at discovery, fetched again when a token is signed
    /// with a key not among them (the provider rotated its keys).
    jwks: RwLock<CoreJsonWebKeySet>,
    name: String,
    claim: IdentityClaim,
    /// The HMAC key that seals flow cookies, derived from the client secret so that every haven
    /// server behind a load balancer has the same one and none is stored.
    key: [u8; 32],
}

impl fmt::Debug for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Provider")
            .field("issuer", &self.inner.issuer.as_str())
            .field("client_id", &self.inner.client_id.as_str())
            .field("name", &self.inner.name)
            .field("claim", &self.inner.claim)
            .finish_non_exhaustive()
    }
}

/// Whether an issuer may be used: HTTPS, or plain HTTP on this machine's loopback only (a
/// provider run by the tests). The client secret and the tokens travel to it.
fn issuer_url(raw: &str) -> anyhow::Result<IssuerUrl> {
    let issuer = IssuerUrl::new(raw.trim().to_owned()).map_err(|e| anyhow::anyhow!("--oidc-issuer {raw:?}: {e}"))?;
    let url = issuer.url();
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match url.scheme() {
        "https" => Ok(issuer),
        "http" if loopback => Ok(issuer),
        _ => anyhow::bail!("--oidc-issuer must be an https:// address (plain http only on the loopback): {raw}"),
    }
}

/// The redirect URI: the public URL (no query or fragment) and `/sign-in/oidc/callback`.
pub fn redirect_uri(public_url: &str) -> anyhow::Result<RedirectUrl> {
    let base = url::Url::parse(public_url.trim())
        .map_err(|e| anyhow::anyhow!("--public-url {public_url:?} is not an absolute address: {e}"))?;
    if !matches!(base.scheme(), "https" | "http") || base.query().is_some() || base.fragment().is_some() {
        anyhow::bail!("--public-url must be an http(s) address without a query or fragment: {public_url}");
    }
    let uri = format!("{}/sign-in/oidc/callback", base.as_str().trim_end_matches('/'));
    RedirectUrl::new(uri).map_err(|e| anyhow::anyhow!("--public-url {public_url:?}: {e}"))
}

fn flow_key(secret: &Secret) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"haven oidc flow cookie v1\0");
    h.update(secret.expose().as_bytes());
    h.finalize().into()
}

fn http_client() -> anyhow::Result<reqwest::Client> {
    reqwest::ClientBuilder::new()
        // Following redirects would let a provider's answer send haven anywhere (SSRF).
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(PROVIDER_TIMEOUT_SECONDS))
        .build()
        .map_err(|e| anyhow::anyhow!("cannot build the HTTP client for the identity provider: {e}"))
}

impl Provider {
    /// Reads the provider's discovery document and signing keys. Fails, naming the issuer, when
    /// the provider cannot be reached or its answer is not a usable OpenID provider's.
    pub async fn discover(settings: &OidcSettings) -> anyhow::Result<Self> {
        let issuer = issuer_url(&settings.issuer)?;
        let redirect = redirect_uri(&settings.public_url)?;
        if settings.client_id.trim().is_empty() {
            anyhow::bail!("--oidc-client-id is required with --oidc-issuer");
        }
        if settings.client_secret.expose().is_empty() {
            anyhow::bail!("--oidc-client-secret (or HAVEN_OIDC_CLIENT_SECRET) is required with --oidc-issuer");
        }
        let http = http_client()?;
        let metadata = CoreProviderMetadata::discover_async(issuer.clone(), &http).await.map_err(|e| {
            anyhow::anyhow!(
                "cannot read the OpenID provider's discovery document at {}: {}",
                issuer.as_str(),
                chain(&e)
            )
        })?;
        if metadata.token_endpoint().is_none() {
            anyhow::bail!("the OpenID provider at {} publishes no token endpoint", issuer.as_str());
        }
        let jwks_uri = metadata.jwks_uri().clone();
        let jwks = metadata.jwks().clone();
        let client_id = ClientId::new(settings.client_id.trim().to_owned());
        let client = HavenClient::from_provider_metadata(
            metadata,
            client_id.clone(),
            Some(ClientSecret::new(settings.client_secret.expose().to_owned())),
        )
        .set_redirect_uri(redirect);
        let name = match settings.name.trim() {
            "" => "your organisation account".to_owned(),
            name => name.to_owned(),
        };
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                http,
                issuer,
                client_id,
                jwks_uri,
                jwks: RwLock::new(jwks),
                name,
                claim: settings.identity_claim,
                key: flow_key(&settings.client_secret),
            }),
        })
    }

    /// What the sign-in button calls the provider.
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The first leg: the provider's authorisation address to send the browser to, and the
    /// sealed flow for the cookie. `next` must already be a local path (or empty).
    pub fn start(&self, next: &str, now: DateTime<Utc>) -> (url::Url, String) {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = self
            .inner
            .client
            .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
            .set_pkce_challenge(challenge);
        if self.inner.claim == IdentityClaim::Oid {
            // Entra ID puts `oid` in the ID token with the profile scope only.
            request = request.add_scope(Scope::new("profile".to_owned()));
        }
        let (url, state, nonce) = request.url();
        let flow = Flow {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
            next: next.to_owned(),
            expires: (now + Duration::minutes(FLOW_MINUTES)).timestamp(),
        };
        (url, seal(&self.inner.key, &flow))
    }

    /// The second leg: the identity the provider vouches for, and where to go next, or why
    /// not. `sealed` is the flow cookie's value, if the browser sent one.
    pub async fn finish(
        &self,
        sealed: Option<&str>,
        callback: &Callback,
        now: DateTime<Utc>,
    ) -> Result<(Identity, String), FlowError> {
        let flow = sealed.and_then(|s| open(&self.inner.key, s, now)).ok_or(FlowError::NoFlow)?;
        let state = callback.state.as_deref().unwrap_or_default();
        if !constant_time_eq(state.as_bytes(), flow.state.as_bytes()) {
            return Err(FlowError::StateMismatch);
        }
        if let Some(error) = &callback.error {
            let error: String = error.chars().take(64).filter(char::is_ascii_graphic).collect();
            tracing::info!(error, "the identity provider answered with an error");
            return Err(FlowError::ProviderRefused);
        }
        let code = callback.code.as_deref().filter(|c| !c.is_empty()).ok_or(FlowError::NoCode)?;
        let request = self.inner.client.exchange_code(AuthorizationCode::new(code.to_owned())).map_err(|e| {
            tracing::error!(error = %e, "the identity provider has no token endpoint");
            FlowError::TokenExchange
        })?;
        let response = request
            .set_pkce_verifier(PkceCodeVerifier::new(flow.verifier.clone()))
            .request_async(&self.inner.http)
            .await
            .map_err(|e| {
                tracing::warn!(error = %chain(&e), "the identity provider's token endpoint refused the code");
                FlowError::TokenExchange
            })?;
        let token = response.extra_fields().id_token().ok_or(FlowError::NoIdToken)?;
        let nonce = Nonce::new(flow.nonce.clone());
        let jwks = self.keys();
        let checked =
            verify_id_token(token, &self.inner.issuer, &self.inner.client_id, jwks, &nonce, self.inner.claim, now);
        let identity = match checked {
            Err(Rejected::UnknownKey) => {
                // The provider may have rotated its keys since haven started: fetch them again,
                // once, and check again.
                let fresh = self.refresh_keys().await?;
                verify_id_token(token, &self.inner.issuer, &self.inner.client_id, fresh, &nonce, self.inner.claim, now)
            }
            other => other,
        }
        .map_err(|r| r.error())?;
        Ok((identity, flow.next))
    }

    fn keys(&self) -> CoreJsonWebKeySet {
        match self.inner.jwks.read() {
            Ok(keys) => keys.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    async fn refresh_keys(&self) -> Result<CoreJsonWebKeySet, FlowError> {
        let fresh = JsonWebKeySet::fetch_async(&self.inner.jwks_uri, &self.inner.http).await.map_err(|e| {
            tracing::error!(error = %chain(&e), "cannot fetch the identity provider's signing keys");
            FlowError::InvalidIdToken
        })?;
        match self.inner.jwks.write() {
            Ok(mut keys) => *keys = fresh.clone(),
            Err(poisoned) => *poisoned.into_inner() = fresh.clone(),
        }
        Ok(fresh)
    }
}

/// Why an ID token was refused (logged; the user sees "could not confirm your sign-in").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejected {
    /// Signed with a key the provider's key set does not hold (perhaps a rotation).
    UnknownKey,
    /// Any other failed check, with the library's reason.
    Invalid(String),
    /// The configured identity claim is missing or malformed.
    NoIdentity(&'static str),
}

impl Rejected {
    fn error(self) -> FlowError {
        match self {
            Rejected::UnknownKey | Rejected::Invalid(_) => {
                tracing::warn!(reason = ?self, "an ID token was refused");
                FlowError::InvalidIdToken
            }
            Rejected::NoIdentity(why) => {
                tracing::warn!(why, "an ID token lacks the identity claim");
                FlowError::NoIdentity
            }
        }
    }
}

/// The checks on an ID token, pure: its signature by one of `keys` with a public-key algorithm,
/// its issuer, its audience (this client, and no other untrusted one), its expiry and issue time
/// (against `now`, with five minutes' skew, and no older than an hour), and the nonce this
/// browser's flow drew. Then the identity claim haven reads.
pub fn verify_id_token(
    token: &HavenIdToken,
    issuer: &IssuerUrl,
    client_id: &ClientId,
    keys: CoreJsonWebKeySet,
    nonce: &Nonce,
    claim: IdentityClaim,
    now: DateTime<Utc>,
) -> Result<Identity, Rejected> {
    let verifier: IdTokenVerifier<'_, CoreJsonWebKey> =
        IdTokenVerifier::new_public_client(client_id.clone(), issuer.clone(), keys)
            .set_allowed_algs(SIGNING_ALGS)
            .set_time_fn(move || now)
            .set_issue_time_verifier_fn(move |iat| {
                if iat > now + Duration::seconds(CLOCK_SKEW_SECONDS) {
                    Err("issued in the future".to_owned())
                } else if iat < now - Duration::minutes(MAX_TOKEN_AGE_MINUTES) {
                    Err("issued too long ago".to_owned())
                } else {
                    Ok(())
                }
            });
    let claims = token.claims(&verifier, nonce).map_err(|e| match e {
        ClaimsVerificationError::SignatureVerification(openidconnect::SignatureVerificationError::NoMatchingKey) => {
            Rejected::UnknownKey
        }
        other => Rejected::Invalid(other.to_string()),
    })?;
    let raw = match claim {
        IdentityClaim::Sub => Some(claims.subject().as_str()),
        IdentityClaim::Oid => claims.additional_claims().oid.as_deref(),
    };
    let raw = raw.ok_or(Rejected::NoIdentity("missing"))?;
    Identity::parse(raw).map_err(Rejected::NoIdentity)
}

type HmacSha256 = Hmac<Sha256>;

/// HMAC-SHA256 of `body` (HMAC takes a key of any length: this never fails).
fn mac(key: &[u8; 32], body: &str) -> Option<HmacSha256> {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).ok()?;
    mac.update(body.as_bytes());
    Some(mac)
}

/// A flow as a cookie value: base64url JSON, a dot, base64url HMAC-SHA256 of the first part.
fn seal(key: &[u8; 32], flow: &Flow) -> String {
    let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(flow).unwrap_or_default());
    let tag = mac(key, &body).map(|m| URL_SAFE_NO_PAD.encode(m.finalize().into_bytes())).unwrap_or_default();
    format!("{body}.{tag}")
}

/// The flow in a cookie value, when haven sealed it (checked in constant time) and it has not
/// expired at `now`.
fn open(key: &[u8; 32], sealed: &str, now: DateTime<Utc>) -> Option<Flow> {
    let (body, tag) = sealed.split_once('.')?;
    let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
    mac(key, body)?.verify_slice(&tag).ok()?;
    let flow: Flow = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(body).ok()?).ok()?;
    (flow.expires > now.timestamp()).then_some(flow)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    !a.is_empty() && a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// An error and its causes on one line (the library's errors hide the useful part in sources).
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests;
