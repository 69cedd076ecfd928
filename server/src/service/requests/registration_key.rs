//! A staff registration's idempotency key (issue 19 §1.9): the intake desk
//! asks for a key per call and sends it with the registration; the key is
//! claimed in the registering transaction, so a retry — an answer lost to
//! the network, a crash before the reply, a double click — gets the request
//! the first attempt registered, never a second one. A key is the staff
//! member's own: another's same key registers anew.

use crate::service::{internal, Service};
use crate::store::WithRequest;
use app::api::auth::StaffUser;
use app::api::requests::{RequestBackend, RequestView};
use app::api::AppError;
use app::domain::request::RequestDraft;
use chrono::Utc;

/// Whether a key is one the server could have made (`auth::new_token`) or a
/// client's own of similar strength.
fn well_formed(key: &str) -> bool {
    (16..=128).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Service {
    pub(super) async fn register_once(&self, user: &StaffUser, draft: RequestDraft, key: &str) -> Result<RequestView, AppError> {
        let key = key.trim();
        if !well_formed(key) {
            return Err(AppError::on_field("key", "登记标识无效，请刷新页面后重新登记"));
        }
        let hash = crate::auth::token_hash(&format!("{}\n{key}", user.username));
        if let Some(number) = self.store.registration_by_key(&hash).await.map_err(internal)? {
            return self.request_view(user, &number).await;
        }
        let actor = Self::actor(user)?;
        let (effects, claimed) = (self.side_effects_of_new(), hash.clone());
        let claim = move |req: &app::domain::request::Request, events: &[app::domain::machine::Event]| WithRequest { registration_key: Some(claimed), ..effects(req, events) };
        match self.register_as(&actor, draft, Utc::now(), claim).await? {
            Some((req, events)) => self.present(user, &req, &events, 1),
            // A concurrent attempt with the same key registered first: its request.
            None => {
                let number = self.store.registration_by_key(&hash).await.map_err(internal)?.ok_or_else(|| internal("a registration key neither claimed nor free"))?;
                self.request_view(user, &number).await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_long_and_plain() {
        assert!(super::well_formed(&crate::auth::new_token()));
        assert!(super::well_formed("0b6f1c1e-6a43-4b0e-9a51-3c4b1f0d2e77"));
        for bad in ["", "short", "key with spaces 1234", "键键键键键键键键键键键键键键键键", &"a".repeat(129)] {
            assert!(!super::well_formed(bad), "{bad}");
        }
    }
}
