//! Private tracking links: `/r/<number>-<32 hex>`, the hex being the first
//! 128 bits of HMAC-SHA256(key, number). Unguessable without the key (made
//! at first start and kept in the store), checked in constant time, and
//! nothing to store per link: a request has one link, however it was found.

use app::domain::types::RequestNumber;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How many bytes of the MAC the link carries.
const MAC_BYTES: usize = 16;

#[derive(Clone)]
pub struct LinkKey(Vec<u8>);

impl LinkKey {
    pub fn new(key: &[u8]) -> LinkKey {
        LinkKey(key.to_vec())
    }

    fn mac(&self, number: &RequestNumber) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(number.to_string().as_bytes());
        mac
    }

    /// The link token of a request.
    pub fn token(&self, number: &RequestNumber) -> String {
        let tag = self.mac(number).finalize().into_bytes();
        format!("{number}-{}", hex::encode(&tag[..MAC_BYTES]))
    }

    /// The request a token opens, if it is genuine.
    pub fn number(&self, token: &str) -> Option<RequestNumber> {
        let (number, tag) = token.split_once('-')?;
        let number = RequestNumber::parse(number).ok()?;
        let tag = hex::decode(tag).ok().filter(|t| t.len() == MAC_BYTES)?;
        self.mac(&number).verify_truncated_left(&tag).ok()?;
        Some(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_opens_its_request_and_nothing_else() {
        let key = LinkKey::new(b"a key of thirty-two bytes, say..");
        let n = RequestNumber::parse("YL2026112700042").unwrap();
        let token = key.token(&n);
        assert_eq!(token.len(), 15 + 1 + 32);
        assert_eq!(key.number(&token), Some(n));
        // Another number with this tag, a changed tag, another key, a short tag: nothing.
        assert_eq!(key.number(&token.replace("00042", "00043")), None);
        let mut bad = token.clone();
        bad.replace_range(token.len() - 1.., if token.ends_with('0') { "1" } else { "0" });
        assert_eq!(key.number(&bad), None);
        assert_eq!(LinkKey::new(b"another key").number(&token), None);
        assert_eq!(key.number(&token[..token.len() - 2]), None);
        assert_eq!(key.number("YL2026112700042"), None);
        assert_eq!(key.number("not a token"), None);
    }
}
