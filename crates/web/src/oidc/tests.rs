//! The ID token's checks and the flow cookie, without a provider: tokens are signed here with
//! test keys (RSA keys made for these tests only) and checked as the callback checks them. The
//! whole flow against a real provider is `e2e/tests/oidc.test.js`.

use super::*;
use openidconnect::core::{CoreHmacKey, CoreRsaPrivateSigningKey};
use openidconnect::{Audience, JsonWebKeyId, PrivateSigningKey, StandardClaims, SubjectIdentifier};

const KEY_1: &str = include_str!("test-key-1.pem");
const KEY_2: &str = include_str!("test-key-2.pem");
const ISSUER: &str = "https://login.example.gov.uk/tenant/v2.0";
const CLIENT: &str = "haven";
const NONCE: &str = "nonce-of-this-flow";

fn key(pem: &str, kid: &str) -> CoreRsaPrivateSigningKey {
    CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new(kid.to_owned()))).unwrap()
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-20T09:00:00Z").unwrap().with_timezone(&Utc)
}

/// The claims of a good token, for the tests to spoil.
fn claims() -> openidconnect::IdTokenClaims<ExtraClaims, CoreGenderClaim> {
    claims_of("248289761001", Some("00000000-0000-0000-66f3-3332eca7ea81"))
}

fn claims_of(sub: &str, oid: Option<&str>) -> openidconnect::IdTokenClaims<ExtraClaims, CoreGenderClaim> {
    openidconnect::IdTokenClaims::new(
        IssuerUrl::new(ISSUER.to_owned()).unwrap(),
        vec![Audience::new(CLIENT.to_owned())],
        now() + Duration::minutes(5),
        now() - Duration::seconds(10),
        StandardClaims::new(SubjectIdentifier::new(sub.to_owned())),
        ExtraClaims { oid: oid.map(str::to_owned) },
    )
    .set_nonce(Some(Nonce::new(NONCE.to_owned())))
}

fn sign(
    claims: openidconnect::IdTokenClaims<ExtraClaims, CoreGenderClaim>,
    with: &CoreRsaPrivateSigningKey,
) -> HavenIdToken {
    HavenIdToken::new(claims, with, CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, None, None).unwrap()
}

/// The provider publishes key 1 only.
fn published() -> CoreJsonWebKeySet {
    JsonWebKeySet::new(vec![key(KEY_1, "k1").as_verification_key()])
}

fn check(token: &HavenIdToken, claim: IdentityClaim) -> Result<Identity, Rejected> {
    verify_id_token(
        token,
        &IssuerUrl::new(ISSUER.to_owned()).unwrap(),
        &ClientId::new(CLIENT.to_owned()),
        published(),
        &Nonce::new(NONCE.to_owned()),
        claim,
        now(),
    )
}

fn invalid(result: Result<Identity, Rejected>) -> String {
    match result {
        Err(Rejected::Invalid(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_good_token_names_its_subject_or_its_entra_object_id() {
    let token = sign(claims(), &key(KEY_1, "k1"));
    assert_eq!(check(&token, IdentityClaim::Sub).unwrap().as_str(), "248289761001");
    assert_eq!(check(&token, IdentityClaim::Oid).unwrap().as_str(), "00000000-0000-0000-66f3-3332eca7ea81");
}

#[test]
fn a_token_without_the_configured_claim_names_nobody() {
    let token = sign(claims_of("248289761001", None), &key(KEY_1, "k1"));
    assert_eq!(check(&token, IdentityClaim::Oid), Err(Rejected::NoIdentity("missing")));
    let odd = sign(claims_of("has a space", None), &key(KEY_1, "k1"));
    assert_eq!(check(&odd, IdentityClaim::Sub), Err(Rejected::NoIdentity("identity-format")));
}

#[test]
fn another_issuer_is_refused() {
    let token =
        sign(claims().set_issuer(IssuerUrl::new("https://evil.example/".to_owned()).unwrap()), &key(KEY_1, "k1"));
    assert!(invalid(check(&token, IdentityClaim::Sub)).contains("issuer"));
}

#[test]
fn a_token_for_another_client_or_with_an_untrusted_audience_beside_haven_is_refused() {
    let other = sign(claims().set_audiences(vec![Audience::new("another-app".to_owned())]), &key(KEY_1, "k1"));
    assert!(invalid(check(&other, IdentityClaim::Sub)).contains("audience"));
    let shared = sign(
        claims().set_audiences(vec![Audience::new(CLIENT.to_owned()), Audience::new("another-app".to_owned())]),
        &key(KEY_1, "k1"),
    );
    assert!(invalid(check(&shared, IdentityClaim::Sub)).contains("audience"));
}

#[test]
fn an_expired_token_or_one_issued_long_ago_or_in_the_future_is_refused() {
    let expired = sign(claims().set_expiration(now() - Duration::seconds(1)), &key(KEY_1, "k1"));
    assert!(invalid(check(&expired, IdentityClaim::Sub)).contains("Expired"));
    let old = sign(claims().set_issue_time(now() - Duration::minutes(61)), &key(KEY_1, "k1"));
    assert!(invalid(check(&old, IdentityClaim::Sub)).contains("too long ago"));
    let future = sign(claims().set_issue_time(now() + Duration::minutes(6)), &key(KEY_1, "k1"));
    assert!(invalid(check(&future, IdentityClaim::Sub)).contains("future"));
    // Within the clock skew allowed.
    let skewed = sign(claims().set_issue_time(now() + Duration::minutes(4)), &key(KEY_1, "k1"));
    assert!(check(&skewed, IdentityClaim::Sub).is_ok());
}

#[test]
fn a_token_with_another_flows_nonce_or_none_is_refused() {
    let replayed = sign(claims().set_nonce(Some(Nonce::new("another-flow".to_owned()))), &key(KEY_1, "k1"));
    assert!(invalid(check(&replayed, IdentityClaim::Sub)).contains("nonce"));
    let without = sign(claims().set_nonce(None), &key(KEY_1, "k1"));
    assert!(invalid(check(&without, IdentityClaim::Sub)).contains("nonce"));
}

#[test]
fn a_forged_signature_is_refused_and_an_unknown_key_asks_for_the_keys_again() {
    // Signed by another key under the published key's id: forged.
    let forged = sign(claims(), &key(KEY_2, "k1"));
    assert!(invalid(check(&forged, IdentityClaim::Sub)).contains("Signature"));
    // Signed with a key id the provider has not published (yet): fetch the keys again.
    let rotated = sign(claims(), &key(KEY_2, "k2"));
    assert_eq!(check(&rotated, IdentityClaim::Sub), Err(Rejected::UnknownKey));
}

#[test]
fn an_hmac_keyed_with_the_client_secret_or_no_signature_at_all_is_refused() {
    let hmac = CoreHmacKey::new(b"the-client-secret".to_vec());
    let token = HavenIdToken::new(claims(), &hmac, CoreJwsSigningAlgorithm::HmacSha256, None, None).unwrap();
    assert!(invalid(check(&token, IdentityClaim::Sub)).contains("Signature"));

    // `alg: none`, the payload of a good token, no signature.
    let good = sign(claims(), &key(KEY_1, "k1")).to_string();
    let payload = good.split('.').nth(1).unwrap();
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let unsigned: HavenIdToken = format!("{header}.{payload}.").parse().unwrap();
    assert!(invalid(check(&unsigned, IdentityClaim::Sub)).contains("Signature"));
}

fn flow(expires: i64) -> Flow {
    Flow {
        state: "s".repeat(22),
        nonce: "n".repeat(22),
        verifier: "v".repeat(43),
        next: "/people/1".to_owned(),
        expires,
    }
}

#[test]
fn a_sealed_flow_opens_with_its_key_until_it_expires() {
    let key = flow_key(&Secret::new("client-secret".to_owned()));
    let f = flow((now() + Duration::minutes(FLOW_MINUTES)).timestamp());
    let sealed = seal(&key, &f);
    assert_eq!(open(&key, &sealed, now()), Some(f.clone()));
    assert_eq!(open(&key, &sealed, now() + Duration::minutes(FLOW_MINUTES)), None, "expired");
    let other = flow_key(&Secret::new("another-secret".to_owned()));
    assert_eq!(open(&other, &sealed, now()), None, "another install's key");
}

#[test]
fn a_tampered_flow_does_not_open() {
    let key = flow_key(&Secret::new("client-secret".to_owned()));
    let sealed = seal(&key, &flow((now() + Duration::minutes(5)).timestamp()));
    let (_, tag) = sealed.split_once('.').unwrap();
    let mut evil = flow((now() + Duration::minutes(5)).timestamp());
    evil.next = "https://evil.example/".to_owned();
    let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&evil).unwrap());
    assert_eq!(open(&key, &format!("{body}.{tag}"), now()), None);
    for junk in ["", ".", "abc", "abc.def", &sealed.replace('.', "")] {
        assert_eq!(open(&key, junk, now()), None, "{junk}");
    }
}

#[test]
fn states_compare_whole_and_never_empty() {
    assert!(constant_time_eq(b"abc", b"abc"));
    assert!(!constant_time_eq(b"abc", b"abd"));
    assert!(!constant_time_eq(b"abc", b"abcd"));
    assert!(!constant_time_eq(b"", b""));
}

#[test]
fn the_redirect_uri_comes_from_the_public_url_alone() {
    assert_eq!(
        redirect_uri("https://haven.example.gov.uk").unwrap().as_str(),
        "https://haven.example.gov.uk/sign-in/oidc/callback"
    );
    assert_eq!(
        redirect_uri("https://haven.example.gov.uk/").unwrap().as_str(),
        "https://haven.example.gov.uk/sign-in/oidc/callback"
    );
    assert_eq!(
        redirect_uri("https://example.gov.uk/haven/").unwrap().as_str(),
        "https://example.gov.uk/haven/sign-in/oidc/callback"
    );
    for bad in ["haven.example.gov.uk", "https://haven.example.gov.uk/?a=b", "https://h.example/#x", "ftp://h.example"]
    {
        assert!(redirect_uri(bad).is_err(), "{bad}");
    }
}

#[test]
fn an_issuer_is_https_or_plain_http_on_the_loopback_only() {
    assert!(issuer_url("https://login.microsoftonline.com/tenant/v2.0").is_ok());
    assert!(issuer_url("http://127.0.0.1:4000").is_ok());
    assert!(issuer_url("http://localhost:4000").is_ok());
    assert!(issuer_url("http://login.example.gov.uk").is_err());
    assert!(issuer_url("not a url").is_err());
}

#[test]
fn the_client_secret_never_shows_in_debug_output() {
    let settings = OidcSettings {
        issuer: ISSUER.to_owned(),
        client_id: CLIENT.to_owned(),
        client_secret: Secret::new("s3cr3t-value".to_owned()),
        public_url: "https://haven.example.gov.uk".to_owned(),
        name: String::new(),
        identity_claim: IdentityClaim::Sub,
    };
    assert!(!format!("{settings:?}").contains("s3cr3t-value"));
}
