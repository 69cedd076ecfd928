//! The citizen portal over the domain: drafts and their idempotent
//! confirmation, private links, the requester's actions, one-time codes for
//! "my requests", and the rate limits that keep the portal usable for all.


pub mod faq;
pub mod links;
pub mod photos;

use super::rate_limit::RateLimiter;
use crate::service::{internal, Service};
use crate::auth;
use crate::store::{AttachmentOwner, DraftClaim, OutboxMessage, WithRequest};
use app::api::auth::NewSession;
use app::api::backend::Upload;
use app::api::citizen::{CitizenAccess, CitizenAct, CitizenBackend, PhotoForm};
use app::api::citizen_views::{
    CategoryOption, CitizenActions, CitizenRequestView, CitizenSummary, DraftView, DueView, PhotoView, PublicEvent,
    SubmitChoices,
};
use app::api::AppError;
use app::domain::citizen_form::{FieldError, SubmitForm};
use app::domain::deadline::cst;
use app::domain::machine::{Actor, ClockName, Command, CommandCode, Event, Refusal};
use app::domain::state_code::StateCode;
use app::domain::notice::notice_for;
use app::domain::request::{Request, Round};
use app::domain::types::{Content, Note, Phone, Rating, Reference, Resolution, RequestNumber, RequestType};
use chrono::{DateTime, Duration, Utc};
use std::time::Duration as StdDuration;

/// The portal's limits. Generous for people, tight for scripts.
pub struct CitizenLimits {
    /// Submissions (drafts saved) per IP address: 30 an hour.
    drafts_per_ip: RateLimiter,
    /// Confirmed requests per phone number: 10 a day.
    requests_per_phone: RateLimiter,
    /// Look-ups by number and phone ending per IP: 10 in 15 minutes.
    lookups_per_ip: RateLimiter,
    /// Wrong last-four guesses per request number, from anywhere (issue 19 §1.3).
    lookups_per_number: RateLimiter,
    /// One-time codes per phone: 3 in 15 minutes; per IP: 10 an hour.
    codes_per_phone: RateLimiter,
    codes_per_ip: RateLimiter,
    /// Actions (ratings, additions …) per IP: 60 an hour.
    acts_per_ip: RateLimiter,
}

impl Default for CitizenLimits {
    fn default() -> Self {
        let minutes = |m: u64| StdDuration::from_secs(m * 60);
        CitizenLimits {
            drafts_per_ip: RateLimiter::new("drafts", 30, minutes(60)),
            requests_per_phone: RateLimiter::new("requests", 10, minutes(24 * 60)),
            lookups_per_ip: RateLimiter::new("lookups", 10, minutes(15)),
            lookups_per_number: RateLimiter::new("lookups_of", LOOKUPS_PER_NUMBER, minutes(60)),
            codes_per_phone: RateLimiter::new("codes", 3, minutes(15)),
            codes_per_ip: RateLimiter::new("code_clients", 10, minutes(60)),
            acts_per_ip: RateLimiter::new("acts", 60, minutes(60)),
        }
    }
}

/// A one-time code lives 10 minutes and allows 5 tries.
const CODE_MINUTES: i64 = 10;
const CODE_TRIES: i64 = 5;
/// Look-ups of one request number an hour, from anywhere: 5 of the 10,000
/// possible last fours (a success clears them).
pub const LOOKUPS_PER_NUMBER: u32 = 5;
/// "My requests" stays open for 2 hours on the citizen's phone.
const CITIZEN_SESSION_HOURS: i64 = 2;

/// The site's address for links in text messages (`HOTLINE_PUBLIC_URL`).
pub fn public_url() -> String {
    std::env::var("HOTLINE_PUBLIC_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "http://127.0.0.1:3000".to_string())
        .trim_end_matches('/')
        .to_string()
}

fn link_of(token: &str) -> String {
    format!("{}/r/{token}", public_url())
}

/// The messages these events give the requester, with the link they carry.
pub(crate) fn notices(req: &Request, events: &[Event], link: Option<&str>) -> Vec<OutboxMessage> {
    // Text messages reach mobiles only; a landline or foreign caller hears
    // the news by phone from the center (its callback notices, see staff_notice).
    if !req.requester().phone.is_mobile() {
        return Vec::new();
    }
    events
        .iter()
        .filter_map(|e| notice_for(req.number(), e, link))
        .map(|n| OutboxMessage {
            recipient: req.requester().phone.reveal().to_string(),
            kind: n.kind.code().to_string(),
            body: n.text,
            request_number: Some(req.number().to_string()),
        })
        .collect()
}


pub(super) fn not_found() -> AppError {
    AppError::NotFound("没有找到这条诉求，请检查链接或编号".into())
}

/// The citizen's words for a refusal of the state machine.
fn refusal_text(r: &Refusal) -> AppError {
    let text = match r {
        Refusal::AlreadyRated => "这一轮已经评价过了",
        Refusal::CallbackAlreadyAsked => "您已申请回电，工作人员会尽快联系您",
        Refusal::State { .. } => "诉求目前的办理阶段不能进行这项操作",
        _ => "暂时不能进行这项操作，请拨打 12345 咨询",
    };
    AppError::Refused(text.into())
}

/// Plain words for a state code.
/// A rating form's answers: one of the five levels, and an optional comment.
fn rating_given(rating: &str, comment: &str) -> Result<(Rating, Option<Note>), AppError> {
    let rating = Rating::parse(rating).map_err(|_| AppError::on_field("rating", "请选择一项评价"))?;
    let comment = match comment.trim() {
        "" => None,
        c => Some(Note::parse(c).map_err(|e| AppError::on_field("comment", app::domain::citizen_form::text_message("评价意见", &e)))?),
    };
    Ok((rating, comment))
}

fn status_words(state: &str) -> &'static str {
    StateCode::parse(state).map_or("办理中", StateCode::citizen_words)
}

/// What is written with a request's change besides the request: the
/// requester's text messages (with their private link), the units' notices,
/// and the forgetting of correction applications with erased data.
fn side_effects(links: &links::LinkKey, req: &Request, events: &[Event]) -> WithRequest {
    let link = link_of(&links.token(req.number()));
    let mut staff_notices: Vec<crate::store::StaffNoticeRow> = app::domain::staff_notice::staff_notices(req, events)
        .into_iter()
        .map(|n| crate::store::StaffNoticeRow {
            unit_id: n.unit.as_str().to_string(),
            kind: n.kind.to_string(),
            request_number: req.number().to_string(),
            body: n.text,
        })
        .collect();
    staff_notices.extend(phone_call_notices(req, events));
    // Art. 40: with the requester's data go their correction applications.
    let forget_corrections = events.iter().any(|e| matches!(e.kind, app::domain::machine::EventKind::RequesterDataErased { .. }));
    WithRequest { notices: notices(req, events, Some(&link)), staff_notices, forget_corrections, ..WithRequest::default() }
}

/// A requester without a mobile (a landline, a number abroad) gets no text
/// messages: each news a text would have carried goes to the owning hotline
/// office's callback list, to be told by phone. Registration is told on the
/// call itself.
fn phone_call_notices(req: &Request, events: &[Event]) -> Vec<crate::store::StaffNoticeRow> {
    if req.requester().phone.is_mobile() {
        return Vec::new();
    }
    events
        .iter()
        .filter(|e| e.kind_code() != "registered")
        .filter(|e| app::domain::notice::notice_for(req.number(), e, None).is_some())
        .filter_map(|e| e.public_text.as_deref())
        .map(|text| crate::store::StaffNoticeRow {
            unit_id: req.office().as_str().to_string(),
            kind: "callback".to_string(),
            request_number: req.number().to_string(),
            body: format!("请电话告知诉求人（未留手机号码）：{}「{}」——{text}", req.number(), req.title().as_str()),
        })
        .collect()
}

pub(super) fn cn_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&cst()).format("%-m月%-d日 %H:%M").to_string()
}

impl Service {
    /// What goes with a change: the requester's messages, with the private
    /// link, and the lines for the units' notification lists.
    pub(crate) fn side_effects(&self, req: &Request, events: &[Event]) -> WithRequest {
        side_effects(&self.links, req, events)
    }

    /// `side_effects` for a request not yet numbered: made where the number is taken.
    pub(crate) fn side_effects_of_new(&self) -> impl FnOnce(&Request, &[Event]) -> WithRequest + Send + 'static {
        let links = self.links.clone();
        move |req: &Request, events: &[Event]| side_effects(&links, req, events)
    }

    /// The counties a citizen chooses from: the active units under the
    /// center that dispatch within their subtree, by their place's name.
    pub(crate) fn counties(&self) -> Vec<String> {
        let world = self.world();
        let root = world.units.root().map(|u| u.id.clone());
        world
            .units
            .iter()
            .filter(|u| u.parent == root && u.dispatches_subtree && u.active)
            .map(|u| u.name.as_str().trim_end_matches("人民政府").to_string())
            .collect()
    }

    /// A photo of a request the staff member may see: its type and bytes.
    /// Photos of other requests, files of appeals the staff member may not
    /// read, and drafts' photos are "not found".
    pub async fn staff_photo(&self, session: &str, id: &str) -> Result<(String, Vec<u8>), AppError> {
        use app::api::auth::SessionBackend as _;
        let user = self.session_user(session).await?.ok_or(AppError::Unauthenticated)?;
        let missing = || AppError::NotFound("照片".into());
        if id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(missing());
        }
        let (row, owner) = self.store.attachment(id).await.map_err(internal)?.ok_or_else(missing)?;
        match owner {
            AttachmentOwner { request: Some(number), .. } => {
                self.load_visible(&user, &number).await?;
            }
            // A file sent with an appeal: whoever may read the appeal.
            AttachmentOwner { appeal: Some(appeal), .. } => {
                self.readable_appeal(&user, appeal).await.map_err(|_| missing())?;
            }
            _ => return Err(missing()),
        }
        let bytes = tokio::fs::read(photos::upload_dir().join(&row.id)).await.map_err(internal)?;
        Ok((row.media_type, bytes))
    }

    /// The private link token of a request (benchmarks and tools).
    pub fn tracking_link(&self, number: &RequestNumber) -> String {
        self.links.token(number)
    }

    /// Stores checked photos and returns their rows; the first bad one
    /// refuses all (and the files of those before it are removed).
    async fn store_photos(&self, photos: Vec<Upload>) -> Result<Vec<crate::store::AttachmentRow>, AppError> {
        let dir = photos::upload_dir();
        let mut rows = Vec::new();
        for upload in photos {
            match photos::store_upload(&upload, photos::clean).await {
                Ok(row) => rows.push(row),
                Err(e) => {
                    for row in &rows {
                        photos::delete(&dir, &row.id).await;
                    }
                    return Err(e);
                }
            }
        }
        Ok(rows)
    }

    /// The phone of a live "my requests" session.
    pub(super) async fn session_phone(&self, session: &str) -> Result<String, AppError> {
        self.store
            .citizen_session_phone(&auth::token_hash(session), Utc::now())
            .await
            .map_err(internal)?
            .ok_or(AppError::Unauthenticated)
    }

    /// The request behind a citizen's access, or "not found".
    async fn citizen_request(&self, access: &CitizenAccess) -> Result<(crate::store::StoredRequest, Request), AppError> {
        let key = access.key.trim();
        let number = if let Ok(number) = RequestNumber::parse(key) {
            // By number: only with a "my requests" session of the same phone.
            let phone = self.session_phone(access.session.as_deref().ok_or(AppError::Unauthenticated)?).await?;
            let (stored, req) = self.load_request(None, &number.to_string()).await.map_err(|_| not_found())?;
            if req.requester().phone.reveal() != phone {
                return Err(not_found());
            }
            return Ok((stored, req));
        } else {
            self.links.number(key).ok_or_else(not_found)?.to_string()
        };
        self.load_request(None, &number).await.map_err(|_| not_found())
    }

    fn citizen_view_of(&self, access: &str, req: &Request, events: &[crate::store::EventRow], photos: usize) -> CitizenRequestView {
        let world = self.world();
        let now = Utc::now();
        let actor = Actor::citizen(req.requester().phone.to_string());
        let allowed = req.allowed_commands(&actor, now, &world.ctx());
        let clocks = req.clocks(now, &world.ctx());
        let due = [ClockName::Redo, ClockName::Handling].iter().find_map(|name| {
            clocks.iter().find(|c| c.name == *name).and_then(|c| {
                c.last_day.map(|d| DueView {
                    last_day: d.to_string(),
                    what: if *name == ClockName::Redo { "重新办理".into() } else { "答复".into() },
                    assumed_years: c.assumed_years.iter().copied().collect(),
                })
            })
        });
        let reply = events
            .iter()
            .rev()
            .find(|e| matches!(e.kind.as_str(), "answered" | "completion_approved" | "supplementary_answered"))
            .and_then(|e| e.public_text.clone());
        let state = req.state_code();
        let next_step = match state {
            "redo" => Some("您对答复不满意，诉求已交由承办单位重新办理，新的办理期限见上方。".to_string()),
            "callback" => Some("您对重新办理的结果仍不满意，热线中心将与您电话联系回访。".to_string()),
            "closed" if req.round() == Round::Redo => {
                Some("这是重新办理后的答复，本次评价为最终评价，提交后不能更改。".to_string())
            }
            "finished" => Some("本诉求已办结，感谢您的评价。".to_string()),
            _ => None,
        };
        let regional_days = world.regional_days();
        CitizenRequestView {
            access: access.to_string(),
            number: req.number().to_string(),
            type_label: req.request_type().label().to_string(),
            title: req.title().to_string(),
            content: req.content().to_string(),
            status: status_words(state).to_string(),
            registered_at: cn_time(req.registered_at()),
            due: if req.is_open() || state == "redo" { due } else { None },
            timeline: events
                .iter()
                .filter_map(|e| e.public_text.as_ref().map(|t| PublicEvent { at: cn_time(e.at), text: t.clone() }))
                .collect(),
            actions: CitizenActions {
                add_information: allowed.contains(&CommandCode::AddInformation),
                rate: allowed.contains(&CommandCode::Rate),
                rate_call_service: allowed.contains(&CommandCode::RateCallService),
                object: allowed.contains(&CommandCode::Object),
                ask_callback: allowed.contains(&CommandCode::AskCallback),
            },
            rating_round: if req.round() == Round::Redo { 2 } else { 1 },
            reply,
            next_step,
            regional_days,
            photos,
        }
    }

    /// A draft by its token (with the token's hash), or "expired".
    async fn load_draft(&self, token: &str) -> Result<(String, crate::store::DraftRow), AppError> {
        let expired = || AppError::NotFound("表单已失效，请重新填写".into());
        if !valid_token(token) {
            return Err(expired());
        }
        let hash = auth::token_hash(token);
        let row = self.store.draft(&hash).await.map_err(internal)?.ok_or_else(expired)?;
        Ok((hash, row))
    }

    fn draft_view(&self, form: SubmitForm, errors: Vec<FieldError>, photos: Vec<PhotoView>, categories: &[(String, String, Option<String>)]) -> DraftView {
        let type_label = RequestType::parse(&form.request_type).map(|t| t.label().to_string()).unwrap_or_default();
        let category_label = categories
            .iter()
            .find(|(code, _, _)| *code == form.category)
            .map(|(_, name, _)| name.clone())
            .unwrap_or_else(|| "不确定（由热线中心分类）".into());
        DraftView { form, errors, photos, type_label, category_label, submitted: false }
    }
}

/// A draft token as the form carries it: 64 hex characters.
fn valid_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

#[async_trait::async_trait]
impl CitizenBackend for Service {
    async fn may_send(&self, form: PhotoForm, client: &str) -> Result<(), AppError> {
        let limit = match form {
            PhotoForm::Draft => &self.citizen_limits.drafts_per_ip,
            PhotoForm::Addition => &self.citizen_limits.acts_per_ip,
        };
        limit.check(&self.store, client).await
    }

    async fn submit_choices(&self) -> Result<SubmitChoices, AppError> {
        let categories = self.store.categories().await.map_err(internal)?;
        let names: std::collections::HashMap<&str, &str> =
            categories.iter().map(|(c, n, _)| (c.as_str(), n.as_str())).collect();
        let counties = self.counties();
        Ok(SubmitChoices {
            categories: categories
                .iter()
                .filter(|(_, _, parent)| parent.is_some())
                .map(|(code, name, parent)| CategoryOption {
                    code: code.clone(),
                    name: format!("{} · {name}", parent.as_deref().and_then(|p| names.get(p)).unwrap_or(&"")),
                })
                .collect(),
            counties,
        })
    }

    async fn save_draft(
        &self,
        token: Option<String>,
        form: SubmitForm,
        photos: Vec<Upload>,
        remove: Vec<String>,
        client: &str,
    ) -> Result<(String, bool), AppError> {
        self.citizen_limits.drafts_per_ip.attempt(&self.store, client).await?;
        // Only a draft this server made and nobody confirmed yet is continued:
        // a token it never handed out (chosen by someone else) starts a new one.
        let open = match token.filter(|t| valid_token(t)) {
            Some(t) => self.store.draft(&auth::token_hash(&t)).await.map_err(internal)?.filter(|d| d.request_number.is_none()).map(|_| t),
            None => None,
        };
        let token = open.unwrap_or_else(auth::new_token);
        let hash = auth::token_hash(&token);
        let mut errors = match form.parse() {
            Ok(_) => Vec::new(),
            Err(errors) => errors,
        };
        for id in remove {
            self.store.remove_draft_attachment(&hash, &id).await.map_err(internal)?;
        }
        // Photos are checked and their files written before the draft is
        // saved, so the draft is written once, with the photos' message too.
        let kept = self.store.draft_attachments(&hash).await.map_err(internal)?.len();
        let new_photos = if kept + photos.len() > app::api::citizen::MAX_PHOTOS {
            errors.push(FieldError::new("photos", "最多上传 5 张照片，请先删除一些"));
            Vec::new()
        } else {
            match self.store_photos(photos).await {
                Ok(rows) => rows,
                Err(AppError::Fields(e)) => {
                    errors.extend(e.into_iter().last());
                    Vec::new()
                }
                Err(e) => return Err(e),
            }
        };
        let form_json = serde_json::to_string(&form).map_err(internal)?;
        let errors_json = serde_json::to_string(&errors).map_err(internal)?;
        self.store.save_draft(&hash, &form_json, &errors_json, client, Utc::now()).await.map_err(internal)?;
        for row in new_photos {
            self.store.insert_attachment(&row, Some(&hash), None).await.map_err(internal)?;
        }
        Ok((token, errors.is_empty()))
    }

    async fn draft(&self, token: &str) -> Result<DraftView, AppError> {
        let (hash, row) = self.load_draft(token).await?;
        if row.request_number.is_some() {
            return Ok(DraftView { submitted: true, ..DraftView::default() });
        }
        let form: SubmitForm = serde_json::from_str(&row.form).map_err(internal)?;
        let errors: Vec<FieldError> = serde_json::from_str(&row.errors).map_err(internal)?;
        let photos = self
            .store
            .draft_attachments(&hash)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|a| PhotoView { id: a.id, media_type: a.media_type, bytes: a.bytes })
            .collect();
        let categories = self.store.categories().await.map_err(internal)?;
        Ok(self.draft_view(form, errors, photos, &categories))
    }

    async fn confirm_draft(&self, token: &str, _client: &str) -> Result<String, AppError> {
        let (hash, row) = self.load_draft(token).await?;
        // Confirmed before (a double tap, a retry): the same request.
        if let Some(tracking) = row.tracking_token {
            return Ok(tracking);
        }
        let form: SubmitForm = serde_json::from_str(&row.form).map_err(internal)?;
        let mut draft = form.parse().map_err(AppError::Fields)?;
        self.citizen_limits.requests_per_phone.attempt(&self.store, draft.requester.phone.reveal()).await?;
        let attachments = self.store.draft_attachments(&hash).await.map_err(internal)?;
        draft.attachments = attachments
            .iter()
            .map(|a| Reference::parse(&a.id).map_err(internal))
            .collect::<Result<_, _>>()?;
        let actor = Actor::citizen(draft.requester.phone.to_string());
        let (links, claimed, photos) = (self.links.clone(), hash.clone(), attachments.iter().map(|a| a.id.clone()).collect());
        let with = move |req: &Request, events: &[Event]| WithRequest {
            draft: Some(DraftClaim { draft_hash: claimed, tracking_token: links.token(req.number()) }),
            attachments: photos,
            ..side_effects(&links, req, events)
        };
        match self.register_as(&actor, draft, Utc::now(), with).await? {
            Some((req, _)) => Ok(self.links.token(req.number())),
            // Another confirmation of the same draft won the race: its request.
            None => self
                .store
                .draft(&hash)
                .await
                .map_err(internal)?
                .and_then(|d| d.tracking_token)
                .ok_or(AppError::Conflict),
        }
    }

    async fn citizen_view(&self, access: &CitizenAccess) -> Result<CitizenRequestView, AppError> {
        let (stored, req) = self.citizen_request(access).await?;
        let events = self.store.events(stored.id).await.map_err(internal)?;
        let photos = self.store.request_attachments(&stored.row.number).await.map_err(internal)?.len();
        Ok(self.citizen_view_of(access.key.trim(), &req, &events, photos))
    }

    async fn find_request(&self, number: &str, last4: &str, client: &str) -> Result<String, AppError> {
        let mut errors = Vec::new();
        let parsed = RequestNumber::parse(number.trim());
        if parsed.is_err() {
            errors.push(FieldError::new("number", "请输入完整的诉求编号，例如 YL2026112700001"));
        }
        let last4 = last4.trim();
        if last4.len() != 4 || !last4.bytes().all(|b| b.is_ascii_digit()) {
            errors.push(FieldError::new("last4", "请输入手机号码的后 4 位数字"));
        }
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        // Counted before the look-up: guessing costs the same whether it hits or not.
        self.citizen_limits.lookups_per_ip.attempt(&self.store, client).await?;
        let number = parsed.map_err(internal)?.to_string();
        self.citizen_limits.lookups_per_number.attempt(&self.store, &number).await?;
        let found = match self.load_request(None, &number).await {
            Ok((_, req)) if req.requester().phone.reveal().ends_with(last4) => true,
            Ok(_) | Err(AppError::NotFound(_)) => false,
            Err(e) => return Err(e),
        };
        if !found {
            return Err(AppError::on_field("number", "编号与手机号后四位不匹配，请检查后重试"));
        }
        self.citizen_limits.lookups_per_number.succeeded(&self.store, &number).await?;
        Ok(self.links.token(&RequestNumber::parse(&number).map_err(internal)?))
    }

    async fn citizen_act(&self, access: &CitizenAccess, act: CitizenAct, photos: Vec<Upload>, client: &str) -> Result<(), AppError> {
        self.citizen_limits.acts_per_ip.attempt(&self.store, client).await?;
        let (stored, req) = self.citizen_request(access).await?;
        let actor = Actor::citizen(req.requester().phone.to_string());
        let now = Utc::now();
        let command = match act {
            CitizenAct::AddInformation { text } => {
                let text = Content::parse(&text)
                    .map_err(|e| AppError::on_field("text", app::domain::citizen_form::text_message("补充内容", &e)))?;
                if photos.len() > app::api::citizen::MAX_PHOTOS {
                    return Err(AppError::on_field("photos", "最多上传 5 张照片"));
                }
                // Checked before any photo is stored, so a refusal leaves nothing behind.
                if !req.allowed_commands(&actor, now, &self.world().ctx()).contains(&CommandCode::AddInformation) {
                    return Err(AppError::Refused("诉求已经办结，不能再补充信息".into()));
                }
                let rows = self.store_photos(photos).await?;
                for row in &rows {
                    self.store.insert_attachment(row, None, Some(&stored.row.number)).await.map_err(internal)?;
                }
                let attachments =
                    rows.iter().map(|r| Reference::parse(&r.id).map_err(internal)).collect::<Result<_, _>>()?;
                Command::AddInformation { text, attachments }
            }
            CitizenAct::Rate { rating, resolution, comment } => {
                // Both questions are answered on the portal; a missing answer
                // to either is shown beside it, together.
                let resolution = Resolution::parse(&resolution)
                    .map_err(|_| FieldError::new("resolution", "请选择问题是否解决"));
                let (rating, comment) = match (rating_given(&rating, &comment), &resolution) {
                    (Ok(given), Ok(_)) => given,
                    (Err(AppError::Fields(mut errors)), Err(missing)) => {
                        errors.push(missing.clone());
                        return Err(AppError::Fields(errors));
                    }
                    (Err(e), _) => return Err(e),
                    (Ok(_), Err(missing)) => return Err(AppError::Fields(vec![missing.clone()])),
                };
                Command::Rate { rating, resolution: resolution.ok(), comment }
            }
            CitizenAct::RateCallService { rating, comment } => {
                let (rating, comment) = rating_given(&rating, &comment)?;
                Command::RateCallService { rating, comment }
            }
            CitizenAct::Object { reason } => {
                let reason = Note::parse(&reason)
                    .map_err(|e| AppError::on_field("reason", app::domain::citizen_form::text_message("异议理由", &e)))?;
                Command::Object { reason, unit: None }
            }
            CitizenAct::AskCallback { note } => {
                let note = match note.trim() {
                    "" => None,
                    n => Some(Note::parse(n).map_err(|e| {
                        AppError::on_field("note", app::domain::citizen_form::text_message("说明", &e))
                    })?),
                };
                Command::AskCallback { note }
            }
        };
        // A dry run first, so that a refusal is told in the citizen's words.
        req.clone().apply(command.clone(), &actor, now, &self.world().ctx()).map_err(|r| refusal_text(&r))?;
        self.apply_as(&actor, None, &stored.row.number, command, now).await.map_err(|e| match e {
            AppError::Refused(_) => AppError::Refused("诉求的状态刚刚发生了变化，请刷新页面后重试".into()),
            e => e,
        })
    }

    async fn send_code(&self, phone: &str, client: &str) -> Result<(), AppError> {
        // The code goes by text message: mobiles only.
        let phone = Phone::parse(phone)
            .ok()
            .filter(Phone::is_mobile)
            .ok_or_else(|| AppError::on_field("phone", "请输入 11 位手机号码"))?;
        self.citizen_limits.codes_per_ip.attempt(&self.store, client).await?;
        self.citizen_limits.codes_per_phone.attempt(&self.store, phone.reveal()).await?;
        let code = format!("{:06}", rand::random::<u32>() % 1_000_000);
        let expires = Utc::now() + Duration::minutes(CODE_MINUTES);
        self.store
            .put_code(phone.reveal(), &auth::token_hash(&format!("{}:{code}", phone.reveal())), expires)
            .await
            .map_err(internal)?;
        self.store
            .enqueue(OutboxMessage {
                recipient: phone.reveal().to_string(),
                kind: app::domain::types::MessageKind::Code.code().into(),
                body: format!("【12345热线】您的验证码是 {code}，{CODE_MINUTES} 分钟内有效。请勿告诉他人。"),
                request_number: None,
            })
            .await
            .map_err(internal)
    }

    async fn verify_code(&self, phone: &str, code: &str) -> Result<NewSession, AppError> {
        let wrong = || AppError::on_field("code", "验证码不正确或已过期，请重新输入或重新获取");
        let phone = Phone::parse(phone).map_err(|_| wrong())?;
        let (hash, tries) = self.store.try_code(phone.reveal(), Utc::now()).await.map_err(internal)?.ok_or_else(wrong)?;
        // Past the tries the code stays refused until a new one is sent (which resets them).
        if tries > CODE_TRIES || hash != auth::token_hash(&format!("{}:{code}", phone.reveal())) {
            return Err(wrong());
        }
        let token = auth::new_token();
        let expires = Utc::now() + Duration::hours(CITIZEN_SESSION_HOURS);
        // Used once: of parallel verifications with the right code, one opens a session.
        let opened = self
            .store
            .consume_code_into_session(phone.reveal(), &hash, &auth::token_hash(&token), expires)
            .await
            .map_err(internal)?;
        if !opened {
            return Err(wrong());
        }
        Ok(NewSession { token, max_age_seconds: CITIZEN_SESSION_HOURS * 3600 })
    }

    async fn my_requests(&self, session: &str) -> Result<Vec<CitizenSummary>, AppError> {
        let phone = self.session_phone(session).await?;
        let rows = self.store.requests_of_phone(&phone, 100).await.map_err(internal)?;
        Ok(rows
            .into_iter()
            .map(|(number, title, state, at)| CitizenSummary {
                number,
                title,
                status: status_words(&state).to_string(),
                registered_at: cn_time(crate::store::from_millis(at)),
            })
            .collect())
    }

}
