//! The citizen portal's server functions. Every form posts here as a plain
//! HTML form (so it works before the WASM loads) and is answered with a
//! redirect to the next page (post/redirect/get); an error goes back to the
//! form's page in the URL, where the page shows it beside the field.

use super::citizen_views::{CitizenRequestView, CitizenSummary, DraftView, SubmitChoices};
use super::error::AppError;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

/// At most this many photos per form (Art. 11: "up to 5 photos").
pub const MAX_PHOTOS: usize = 5;
/// Each photo at most 10 MB.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

/// How a citizen reaches a request: a private link's token, or a request
/// number together with the session of "my requests" for its phone.
#[cfg(feature = "ssr")]
pub struct CitizenAccess {
    pub key: String,
    pub session: Option<String>,
}

/// What a citizen does on a request's page.
#[cfg(feature = "ssr")]
pub enum CitizenAct {
    AddInformation { text: String },
    Rate { rating: String, resolution: String, comment: String },
    RateCallService { rating: String, comment: String },
    Object { reason: String },
    AskCallback { note: String },
}

/// A citizen form that carries photos.
#[cfg(feature = "ssr")]
pub enum PhotoForm {
    /// The submit form, saved as a draft.
    Draft,
    /// Information added to a request.
    Addition,
}

/// The citizen portal's side of the backend (`service/citizen/mod.rs`). `client` is the caller's IP
/// address, for the rate limits.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait CitizenBackend: Send + Sync + 'static {
    async fn submit_choices(&self) -> Result<SubmitChoices, AppError>;
    /// Refuses a client that has used up the form's limit, before a byte
    /// of its body is read (issue 19 §1.4); counts nothing.
    async fn may_send(&self, form: PhotoForm, client: &str) -> Result<(), AppError>;
    /// Saves the form (and photos) under the draft `token` names when it is
    /// one not yet confirmed, else under a new token; returns the token and
    /// whether the form is complete.
    async fn save_draft(
        &self,
        token: Option<String>,
        form: crate::domain::citizen_form::SubmitForm,
        photos: Vec<super::backend::Upload>,
        remove: Vec<String>,
        client: &str,
    ) -> Result<(String, bool), AppError>;
    /// The draft; once confirmed, only that it was (none of its contents).
    async fn draft(&self, token: &str) -> Result<DraftView, AppError>;
    /// Registers the draft's request, once; returns the tracking token.
    async fn confirm_draft(&self, token: &str, client: &str) -> Result<String, AppError>;
    async fn citizen_view(&self, access: &CitizenAccess) -> Result<CitizenRequestView, AppError>;
    /// A new private link to the request with this number and phone ending.
    async fn find_request(&self, number: &str, last4: &str, client: &str) -> Result<String, AppError>;
    async fn citizen_act(&self, access: &CitizenAccess, act: CitizenAct, photos: Vec<super::backend::Upload>, client: &str) -> Result<(), AppError>;
    async fn send_code(&self, phone: &str, client: &str) -> Result<(), AppError>;
    /// Checks a one-time code; a new citizen session for the phone.
    async fn verify_code(&self, phone: &str, code: &str) -> Result<super::auth::NewSession, AppError>;
    async fn my_requests(&self, session: &str) -> Result<Vec<CitizenSummary>, AppError>;
}

/// The public FAQ (`service/citizen/faq.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait FaqBackend: Send + Sync + 'static {
    /// Entries that are read, by words (best first) or by category.
    async fn faq(&self, words: &str, category: &str) -> Result<super::citizen_views::FaqPage, AppError>;
    async fn faq_entry(&self, code: &str) -> Result<super::citizen_views::FaqItem, AppError>;
}

/// The citizen portal's backend from the Leptos context.
#[cfg(feature = "ssr")]
fn citizens() -> Result<Arc<dyn CitizenBackend>, AppError> {
    super::backend::context()
}

/// The categories and counties the submit form offers.
/// The public FAQ: entries that are read, by words and category.
#[server(name = GetFaq, prefix = "/api", endpoint = "citizen/faq")]
pub async fn faq(words: String, category: String) -> Result<super::citizen_views::FaqPage, AppError> {
    use super::backend::with_status;
    super::backend::context::<Arc<dyn FaqBackend>>()?.faq(&words, &category).await.map_err(with_status)
}

/// One FAQ entry that is read.
#[server(name = GetFaqEntry, prefix = "/api", endpoint = "citizen/faq_entry")]
pub async fn faq_entry(code: String) -> Result<super::citizen_views::FaqItem, AppError> {
    use super::backend::with_status;
    super::backend::context::<Arc<dyn FaqBackend>>()?.faq_entry(&code).await.map_err(with_status)
}

#[server(name = GetSubmitChoices, prefix = "/api", endpoint = "citizen/choices")]
pub async fn submit_choices() -> Result<SubmitChoices, AppError> {
    use super::backend::with_status;
    citizens()?.submit_choices().await.map_err(with_status)
}

/// Step 1 of submitting: the form and its photos are saved as a draft; a
/// complete form goes on to the check page, an incomplete one back to the
/// form with the messages beside the fields. Nothing typed is lost. The
/// draft is the one this browser's cookie names when the form says it
/// continues one (`continue=1`), else a new one the server names and binds
/// to this browser with the cookie; a token from anywhere else is ignored.
#[server(prefix = "/api", endpoint = "citizen/check", input = MultipartFormData)]
pub async fn check_request(data: MultipartData) -> Result<bool, AppError> {
    use super::backend::with_status;
    use super::cookies::{client_address, request_cookie, set_private_cookie, DRAFT_COOKIE, DRAFT_MAX_AGE};
    use crate::domain::citizen_form::SubmitForm;
    let client = client_address().await;
    citizens()?.may_send(PhotoForm::Draft, &client).await.map_err(with_status)?;
    let received = received::read(data).await.map_err(with_status)?;
    let mut form = SubmitForm::default();
    for (name, value) in &received.fields {
        let v = value.clone();
        match name.as_str() {
            "request_type" => form.request_type = v,
            "category" => form.category = v,
            "title" => form.title = v,
            "content" => form.content = v,
            "county" => form.county = v,
            "township" => form.township = v,
            "address" => form.address = v,
            "coordinates" => form.coordinates = v,
            "name" => form.name = v,
            "phone" => form.phone = v,
            "anonymous" => form.anonymous = !v.is_empty(),
            "consent" => form.consent = !v.is_empty(),
            _ => {}
        }
    }
    let token = match received.first("continue").as_deref() {
        Some("1") => request_cookie(DRAFT_COOKIE).await,
        _ => None,
    };
    let remove = received.all("remove");
    let (token, complete) = citizens()?.save_draft(token, form, received.files, remove, &client)
        .await
        .map_err(with_status)?;
    set_private_cookie(DRAFT_COOKIE, &token, DRAFT_MAX_AGE, "Lax");
    if complete {
        leptos_axum::redirect("/submit/check");
    } else {
        leptos_axum::redirect("/submit?draft=1#errors");
    }
    Ok(complete)
}

/// This browser's draft with its messages, for the form and the check page.
#[server(name = GetDraft, prefix = "/api", endpoint = "citizen/draft")]
pub async fn get_draft() -> Result<DraftView, AppError> {
    use super::backend::with_status;
    use super::cookies::{request_cookie, DRAFT_COOKIE};
    let token = request_cookie(DRAFT_COOKIE).await.unwrap_or_default();
    citizens()?.draft(&token).await.map_err(with_status)
}

/// Step 2: registers this browser's checked draft. The draft is the
/// idempotency key: a double tap or a retry lands on the same request.
#[server(prefix = "/api", endpoint = "citizen/confirm")]
pub async fn confirm_request() -> Result<String, AppError> {
    use super::backend::with_status;
    use super::cookies::{client_address, request_cookie, DRAFT_COOKIE};
    let client = client_address().await;
    let token = request_cookie(DRAFT_COOKIE).await.unwrap_or_default();
    let tracking = citizens()?.confirm_draft(&token, &client).await.map_err(with_status)?;
    leptos_axum::redirect(&format!("/r/{tracking}?new=1"));
    Ok(tracking)
}

/// A request as its requester sees it: by private link or, with the
/// "my requests" session, by number.
#[server(name = GetTrack, prefix = "/api", endpoint = "citizen/track")]
pub async fn track(access: String) -> Result<CitizenRequestView, AppError> {
    use super::backend::with_status;
    let access = citizen_access(access).await;
    citizens()?.citizen_view(&access).await.map_err(with_status)
}

/// Finds a request by its number and the last four digits of the phone.
#[server(prefix = "/api", endpoint = "citizen/find")]
pub async fn find_request(number: String, last4: String) -> Result<(), AppError> {
    use super::backend::with_status;
    use super::cookies::client_address;
    let client = client_address().await;
    let token = citizens()?.find_request(&number, &last4, &client).await.map_err(with_status)?;
    leptos_axum::redirect(&format!("/r/{token}"));
    Ok(())
}

/// Adds information (and photos) to an open request.
#[server(prefix = "/api", endpoint = "citizen/add", input = MultipartFormData)]
pub async fn add_information(data: MultipartData) -> Result<(), AppError> {
    use super::backend::with_status;
    citizens()?.may_send(PhotoForm::Addition, &super::cookies::client_address().await).await.map_err(with_status)?;
    let received = received::read(data).await.map_err(with_status)?;
    let access = received.first("access").unwrap_or_default();
    let text = received.first("text").unwrap_or_default();
    act(access, CitizenAct::AddInformation { text }, received.files).await
}

/// Rates the reply on the five levels of Art. 24 and answers the rating's
/// own question, whether the problem was solved (SPEC §7).
#[server(prefix = "/api", endpoint = "citizen/rate")]
pub async fn rate_request(
    access: String,
    rating: Option<String>,
    resolution: Option<String>,
    comment: Option<String>,
) -> Result<(), AppError> {
    let act_ = CitizenAct::Rate {
        rating: rating.unwrap_or_default(),
        resolution: resolution.unwrap_or_default(),
        comment: comment.unwrap_or_default(),
    };
    act(access, act_, Vec::new()).await
}

/// Rates the call service itself (话务服务, Art. 24), once.
#[server(prefix = "/api", endpoint = "citizen/rate_call")]
pub async fn rate_call_service(access: String, rating: Option<String>, comment: Option<String>) -> Result<(), AppError> {
    let act_ = CitizenAct::RateCallService { rating: rating.unwrap_or_default(), comment: comment.unwrap_or_default() };
    act(access, act_, Vec::new()).await
}

/// Objects to the reply once, asking for a supplementary answer (Art. 22(2)).
#[server(prefix = "/api", endpoint = "citizen/object")]
pub async fn object_request(access: String, reason: String) -> Result<(), AppError> {
    act(access, CitizenAct::Object { reason }, Vec::new()).await
}

/// Asks the center to call back.
#[server(prefix = "/api", endpoint = "citizen/callback")]
pub async fn ask_callback(access: String, note: Option<String>) -> Result<(), AppError> {
    act(access, CitizenAct::AskCallback { note: note.unwrap_or_default() }, Vec::new()).await
}

/// Sends a one-time code to the phone for "my requests".
#[server(prefix = "/api", endpoint = "citizen/send_code")]
pub async fn send_code(phone: String) -> Result<(), AppError> {
    use super::backend::with_status;
    use super::cookies::{client_address, set_private_cookie, CODE_PHONE_COOKIE};
    use crate::domain::types::Phone;
    let parsed = Phone::parse(&phone).map_err(|_| with_status(AppError::on_field("phone", "请输入 11 位手机号码，例如 13812345678")))?;
    let client = client_address().await;
    citizens()?.send_code(parsed.reveal(), &client).await.map_err(with_status)?;
    set_private_cookie(CODE_PHONE_COOKIE, parsed.reveal(), 600, "Lax");
    leptos_axum::redirect("/mine/code");
    Ok(())
}

/// Checks the one-time code and opens "my requests" for the phone.
#[server(prefix = "/api", endpoint = "citizen/verify_code")]
pub async fn verify_code(code: String) -> Result<(), AppError> {
    use super::backend::with_status;
    use super::cookies::{request_cookie, set_private_cookie, CITIZEN_COOKIE, CODE_PHONE_COOKIE};
    let Some(phone) = request_cookie(CODE_PHONE_COOKIE).await else {
        return Err(with_status(AppError::on_field("code", "验证码已过期，请重新获取")));
    };
    let session = citizens()?.verify_code(&phone, code.trim()).await.map_err(with_status)?;
    set_private_cookie(CITIZEN_COOKIE, &session.token, session.max_age_seconds, "Lax");
    set_private_cookie(CODE_PHONE_COOKIE, "", 0, "Lax");
    leptos_axum::redirect("/mine");
    Ok(())
}

/// The requests of the phone behind the citizen session; `Unauthenticated` without one.
#[server(prefix = "/api", endpoint = "citizen/mine")]
pub async fn my_requests() -> Result<Vec<CitizenSummary>, AppError> {
    use super::backend::with_status;
    use super::cookies::{request_cookie, CITIZEN_COOKIE};
    let session = request_cookie(CITIZEN_COOKIE).await.ok_or_else(|| with_status(AppError::Unauthenticated))?;
    citizens()?.my_requests(&session).await.map_err(with_status)
}

/// Where a request's page lives for this access: its link or "my requests".
pub fn page_of(access: &str) -> String {
    if crate::domain::types::RequestNumber::parse(access).is_ok() {
        format!("/mine/{access}")
    } else {
        format!("/r/{access}")
    }
}

#[cfg(feature = "ssr")]
async fn citizen_access(key: String) -> CitizenAccess {
    use super::cookies::{request_cookie, CITIZEN_COOKIE};
    CitizenAccess { key, session: request_cookie(CITIZEN_COOKIE).await }
}

/// Runs a citizen's action and goes back to the request's page.
#[cfg(feature = "ssr")]
async fn act(access: String, act: CitizenAct, photos: Vec<super::backend::Upload>) -> Result<(), AppError> {
    use super::backend::with_status;
    use super::cookies::client_address;
    let page = page_of(&access);
    let client = client_address().await;
    let access = citizen_access(access).await;
    citizens()?.citizen_act(&access, act, photos, &client).await.map_err(with_status)?;
    leptos_axum::redirect(&format!("{page}#timeline"));
    Ok(())
}

/// Reading a multipart form with limits: text fields are bounded, at most
/// five photos of at most 10 MB each, counted while the bytes arrive and
/// written to spool files as they do (a photo is never held in memory whole).
#[cfg(feature = "ssr")]
pub(super) mod received {
    use super::{AppError, MultipartData, MAX_PHOTOS, MAX_PHOTO_BYTES};
    use crate::api::backend::Upload;
    use tokio::io::AsyncWriteExt as _;

    const MAX_TEXT_BYTES: usize = 64 * 1024;
    /// All a form's text together, and its parts: text is held in memory,
    /// so many fields of 64 KiB must not add up to the body's 51 MiB.
    const MAX_TEXT_TOTAL: usize = 256 * 1024;
    const MAX_PARTS: usize = 64;

    pub struct Received {
        pub fields: Vec<(String, String)>,
        pub files: Vec<Upload>,
    }

    impl Received {
        pub fn first(&self, name: &str) -> Option<String> {
            self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
        }
        pub fn all(&self, name: &str) -> Vec<String> {
            self.fields.iter().filter(|(n, _)| n == name).map(|(_, v)| v.clone()).collect()
        }
    }

    fn bad_form() -> AppError {
        AppError::Invalid("表单格式不正确，请重新提交".into())
    }

    fn spool_failed(e: std::io::Error) -> AppError {
        leptos::logging::error!("an upload could not be spooled: {e}");
        AppError::Internal
    }

    pub async fn read(data: MultipartData) -> Result<Received, AppError> {
        let mut multipart = data.into_inner().ok_or_else(bad_form)?;
        let mut out = Received { fields: Vec::new(), files: Vec::new() };
        let (mut parts, mut text_total) = (0, 0);
        while let Some(mut field) = multipart.next_field().await.map_err(|_| bad_form())? {
            parts += 1;
            if parts > MAX_PARTS {
                return Err(bad_form());
            }
            let name = field.name().unwrap_or_default().to_string();
            if field.file_name().is_none() {
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|_| bad_form())? {
                    if bytes.len() + chunk.len() > MAX_TEXT_BYTES {
                        return Err(AppError::on_field(&name, "内容过长"));
                    }
                    text_total += chunk.len();
                    if text_total > MAX_TEXT_TOTAL {
                        return Err(bad_form());
                    }
                    bytes.extend_from_slice(&chunk);
                }
                out.fields.push((name, String::from_utf8(bytes).map_err(|_| bad_form())?));
                continue;
            }
            let (mut file, path) = Upload::spool().map_err(spool_failed)?;
            let mut len = 0;
            while let Some(chunk) = field.chunk().await.map_err(|_| bad_form())? {
                len += chunk.len();
                if len > MAX_PHOTO_BYTES {
                    return Err(AppError::on_field("photos", "每张照片不能超过 10 MB"));
                }
                file.write_all(&chunk).await.map_err(spool_failed)?;
            }
            file.flush().await.map_err(spool_failed)?;
            // A file input left empty still sends an empty part.
            if len == 0 {
                continue;
            }
            if out.files.len() >= MAX_PHOTOS {
                return Err(AppError::on_field("photos", "最多上传 5 张照片"));
            }
            out.files.push(Upload::spooled(path, len as u64));
        }
        Ok(out)
    }
}
