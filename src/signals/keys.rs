//! The transmitter's signing keys: ES256 (P-256) pairs made with `ring`, published as a
//! JWKS and used through `jsonwebtoken` to sign SETs with `typ: secevent+jwt`.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use jsonwebtoken::jwk::{
    AlgorithmParameters, CommonParameters, EllipticCurve, EllipticCurveKeyParameters,
    EllipticCurveKeyType, Jwk, JwkSet, KeyAlgorithm, PublicKeyUse,
};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
use sha2::{Digest, Sha256};

/// The media type of a SET (RFC 8417 §2.3), also the JOSE `typ` SSF requires.
pub const SET_TYP: &str = "secevent+jwt";

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot generate a signing key")]
    Generate,
    #[error("the stored signing key is unusable: {0}")]
    Invalid(String),
    #[error("cannot sign: {0}")]
    Sign(#[from] jsonwebtoken::errors::Error),
}

/// A private signing key and its public half.
#[derive(Clone)]
pub struct SigningKey {
    pub kid: String,
    pkcs8: Vec<u8>,
    encoding: EncodingKey,
    pub public: Jwk,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// A fresh P-256 key pair.
    pub fn generate() -> Result<SigningKey, KeyError> {
        let document =
            EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &SystemRandom::new())
                .map_err(|_| KeyError::Generate)?;
        SigningKey::from_pkcs8(document.as_ref())
    }

    /// The key as stored: PKCS#8 DER, base64.
    pub fn from_stored(private_pkcs8: &str) -> Result<SigningKey, KeyError> {
        let der = STANDARD
            .decode(private_pkcs8.trim())
            .map_err(|e| KeyError::Invalid(e.to_string()))?;
        SigningKey::from_pkcs8(&der)
    }

    fn from_pkcs8(der: &[u8]) -> Result<SigningKey, KeyError> {
        let pair =
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, der, &SystemRandom::new())
                .map_err(|e| KeyError::Invalid(e.to_string()))?;
        // An uncompressed point: 0x04, then X and Y (32 bytes each).
        let point = pair.public_key().as_ref();
        if point.len() != 65 || point[0] != 4 {
            return Err(KeyError::Invalid("not an uncompressed P-256 point".into()));
        }
        let x = URL_SAFE_NO_PAD.encode(&point[1..33]);
        let y = URL_SAFE_NO_PAD.encode(&point[33..65]);
        let kid = thumbprint(&x, &y);
        Ok(SigningKey {
            public: public_jwk(&kid, x, y),
            kid,
            pkcs8: der.to_vec(),
            encoding: EncodingKey::from_ec_der(der),
        })
    }

    /// What the database keeps of the private key.
    pub fn to_stored(&self) -> String {
        STANDARD.encode(&self.pkcs8)
    }

    /// A compact JWS of `claims`, typed as a SET and naming this key.
    pub fn sign(&self, claims: &serde_json::Value) -> Result<String, KeyError> {
        let mut header = Header::new(Algorithm::ES256);
        header.typ = Some(SET_TYP.to_string());
        header.kid = Some(self.kid.clone());
        Ok(jsonwebtoken::encode(&header, claims, &self.encoding)?)
    }
}

/// The RFC 7638 thumbprint of a P-256 public key: a key id every party can recompute.
fn thumbprint(x: &str, y: &str) -> String {
    let canonical = format!(r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

fn public_jwk(kid: &str, x: String, y: String) -> Jwk {
    Jwk {
        common: CommonParameters {
            public_key_use: Some(PublicKeyUse::Signature),
            key_algorithm: Some(KeyAlgorithm::ES256),
            key_id: Some(kid.to_string()),
            ..CommonParameters::default()
        },
        algorithm: AlgorithmParameters::EllipticCurve(EllipticCurveKeyParameters {
            key_type: EllipticCurveKeyType::EC,
            curve: EllipticCurve::P256,
            x,
            y,
        }),
    }
}

/// The published key set from stored public keys (JSON), skipping any that do not parse.
pub fn jwks(public_keys: &[String]) -> JwkSet {
    JwkSet {
        keys: public_keys
            .iter()
            .filter_map(|k| serde_json::from_str(k).ok())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{decode, decode_header, DecodingKey, Validation};
    use serde_json::json;

    #[test]
    fn a_signed_set_verifies_with_the_published_key() {
        let key = SigningKey::generate().unwrap();
        let claims = json!({"iss": "https://r.example", "aud": "a", "jti": "1", "iat": 1,
            "events": {"urn:x": {}}});
        let jwt = key.sign(&claims).unwrap();

        let header = decode_header(&jwt).unwrap();
        assert_eq!(header.typ.as_deref(), Some("secevent+jwt"));
        assert_eq!(header.alg, Algorithm::ES256);
        assert_eq!(header.kid.as_deref(), Some(key.kid.as_str()));

        let published = serde_json::to_string(&key.public).unwrap();
        let set = jwks(&[published]);
        let jwk = set.find(&key.kid).unwrap();
        let mut validation = Validation::new(Algorithm::ES256);
        validation.set_audience(&["a"]);
        validation.required_spec_claims.clear();
        let decoded =
            decode::<serde_json::Value>(&jwt, &DecodingKey::from_jwk(jwk).unwrap(), &validation)
                .unwrap();
        assert_eq!(decoded.claims, claims);

        let other = SigningKey::generate().unwrap();
        let wrong = DecodingKey::from_jwk(&other.public).unwrap();
        assert!(decode::<serde_json::Value>(&jwt, &wrong, &validation).is_err());
    }

    #[test]
    fn a_stored_key_comes_back_the_same() {
        let key = SigningKey::generate().unwrap();
        let again = SigningKey::from_stored(&key.to_stored()).unwrap();
        assert_eq!(again.kid, key.kid);
        assert_eq!(again.public, key.public);
        assert!(SigningKey::from_stored("bm90IGEga2V5").is_err());
    }

    #[test]
    fn the_jwk_is_a_public_p256_signing_key() {
        let key = SigningKey::generate().unwrap();
        let v = serde_json::to_value(&key.public).unwrap();
        assert_eq!(v["kty"], "EC");
        assert_eq!(v["crv"], "P-256");
        assert_eq!(v["alg"], "ES256");
        assert_eq!(v["use"], "sig");
        assert_eq!(v["kid"], key.kid.as_str());
        assert!(v.get("d").is_none(), "no private member is published");
        assert_eq!(v["x"].as_str().unwrap().len(), 43);
    }

    #[test]
    fn thumbprint_matches_rfc_7638() {
        // RFC 7638 gives no EC example; this value was computed with Python's hashlib.
        assert_eq!(
            thumbprint(
                "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"
            ),
            "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U"
        );
    }
}
