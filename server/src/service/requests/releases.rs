//! Records release (Art. 42) for the prefecture center: its reviewers and
//! administrators register an application with the body's scanned letter
//! and its two officials; the leader who holds the post Art. 42 names
//! approves or refuses it; once approved, the center generates the package
//! — a zip of the requests asked for with a manifest of every file's SHA-256
//! — and records its hand-over. The register lists every application.
//! Every step, every released request and every download is audited.

use crate::service::china_time::minute;
use crate::service::{internal, citizen::photos, Service};
use crate::store::{AuditEntry, ReleaseRow};
use app::api::releases::{PackageView, ReleaseBackend, ReleaseDecisionView, ReleaseForm, ReleaseRegister, ReleaseView, Upload};
use app::api::auth::StaffUser;
use app::api::AppError;
use app::domain::release::{Official, RecordsRelease, ReleaseApplication, ReleaseDecision, ReleasePackage, ReleaseState};
use app::domain::types::{AuditAction, Label, Note, Reference, RequestingBody, Role};
use chrono::Utc;
use sha2::{Digest, Sha256};
use std::io::Write as _;

/// How many applications the register shows.
const REGISTER_LENGTH: i64 = 500;

/// Which stored file of an application is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReleaseFile {
    Letter,
    Package,
}

fn label(field: &'static str, s: &str, what: &str) -> Result<Label, AppError> {
    Label::parse(s).map_err(|_| AppError::on_field(field, format!("请填写{what}（50 字以内）")))
}

fn audit(user: &StaffUser, action: AuditAction, number: Option<String>, reason: Option<&str>, detail: String) -> AuditEntry {
    AuditEntry { at: Utc::now(), username: user.username.clone(), action, request_number: number, reason: reason.map(String::from), detail: Some(detail) }
}

fn decision_view(d: &ReleaseDecision, approved: bool) -> ReleaseDecisionView {
    ReleaseDecisionView { approved, by: d.by.clone(), post: d.post.label().into(), at: minute(d.at), note: d.note.as_str().into() }
}

impl Service {
    /// The center's reviewers and administrators, and the leaders of Art. 42.
    fn sees_releases(&self, user: &StaffUser) -> bool {
        user.post.is_some() || (self.world().is_root(&user.unit_id) && matches!(user.role, Role::Reviewer | Role::Admin))
    }

    fn keeps_register(&self, user: &StaffUser) -> bool {
        self.world().is_root(&user.unit_id) && matches!(user.role, Role::Reviewer | Role::Admin)
    }

    fn release_view(&self, user: &StaffUser, row: &ReleaseRow) -> Result<ReleaseView, AppError> {
        let release: RecordsRelease = serde_json::from_str(&row.snapshot).map_err(internal)?;
        let a = &release.application;
        let (decision, package) = match &release.state {
            ReleaseState::Applied => (None, None),
            ReleaseState::Approved { approval } => (Some(decision_view(approval, true)), None),
            ReleaseState::Refused { refusal } => (Some(decision_view(refusal, false)), None),
            ReleaseState::Released { approval, package } => (
                Some(decision_view(approval, true)),
                Some(PackageView {
                    by: package.by.clone(),
                    at: minute(package.at),
                    url: format!("/staff/releases/{}/package", row.id),
                    sha256: package.sha256.clone(),
                    requests: package.requests,
                }),
            ),
        };
        Ok(ReleaseView {
            id: row.id,
            body: a.body.label().into(),
            body_name: a.body_name.as_str().into(),
            letter_number: a.letter_number.as_str().into(),
            letter_url: format!("/staff/releases/{}/letter", row.id),
            officials: a.officials.iter().map(|o| format!("{}（{}）", o.name.as_str(), o.credential.as_str())).collect(),
            records: a.records.iter().map(ToString::to_string).collect(),
            personal_data: a.personal_data,
            purpose: a.purpose.as_str().into(),
            approver: a.body.approver().label().into(),
            registered_by: release.registered_by.clone(),
            registered_at: minute(release.registered_at),
            state: release.state.code().into(),
            state_label: release.state.label().into(),
            decision,
            package,
            may_decide: release.state == ReleaseState::Applied && user.post == Some(a.body.approver()),
            may_release: release.may_release() && self.keeps_register(user),
        })
    }

    async fn load_release(&self, id: i64) -> Result<(ReleaseRow, RecordsRelease), AppError> {
        let row = self.store.release(id).await.map_err(internal)?.ok_or_else(|| AppError::NotFound("调取申请".into()))?;
        let release = serde_json::from_str(&row.snapshot).map_err(internal)?;
        Ok((row, release))
    }

    async fn released_view(&self, user: &StaffUser, id: i64) -> Result<ReleaseView, AppError> {
        let (row, _) = self.load_release(id).await?;
        self.release_view(user, &row)
    }

    /// Writes the next step, or says someone else got there first.
    async fn save_release(&self, id: i64, version: i64, release: &RecordsRelease, entries: &[AuditEntry]) -> Result<(), AppError> {
        let snapshot = serde_json::to_string(release).map_err(internal)?;
        match self.store.update_release(id, version, release.state.code(), &snapshot, Utc::now(), entries).await.map_err(internal)? {
            true => Ok(()),
            false => Err(AppError::Refused("该申请刚被他人处理，请刷新后重试".into())),
        }
    }

    /// The zip handed over: `manifest.json` and one file per request.
    async fn package(&self, user: &StaffUser, id: i64, release: &RecordsRelease) -> Result<(Vec<u8>, Vec<AuditEntry>), AppError> {
        let a = &release.application;
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let mut files = Vec::new();
        let mut entries = Vec::new();
        let reason = format!("第四十二条 调取登记第 {id} 号：{}", a.body_name.as_str());
        for number in &a.records {
            let (stored, req) = self.load_request(None, &number.to_string()).await?;
            let events = self.store.events(stored.id).await.map_err(internal)?;
            let view = self.present(user, &req, &events, stored.version)?;
            let requester = a.personal_data.then(|| {
                let r = req.requester();
                serde_json::json!({
                    "name": r.revealed_name(),
                    "phone": r.phone.reveal(),
                    "id_number": r.id_number.as_ref().map(|i| i.reveal().to_string()),
                })
            });
            let body = serde_json::to_vec_pretty(&serde_json::json!({ "request": view, "requester": requester })).map_err(internal)?;
            let path = format!("requests/{number}.json");
            zip.start_file(path.as_str(), options).map_err(internal)?;
            zip.write_all(&body).map_err(internal)?;
            files.push(serde_json::json!({ "path": path, "bytes": body.len(), "sha256": hex::encode(Sha256::digest(&body)) }));
            let what = if a.personal_data { "含个人信息" } else { "不含个人信息" };
            entries.push(audit(user, AuditAction::ReleaseRecord, Some(number.to_string()), Some(&reason), what.into()));
        }
        let approval = match &release.state {
            ReleaseState::Approved { approval } => approval,
            _ => return Err(AppError::Refused("第四十二条：未经批准不得调取资料".into())),
        };
        let manifest = serde_json::json!({
            "register_number": id,
            "article": "《伊犁州12345政务服务便民热线管理办法（试行）》第四十二条",
            "body": a.body.label(),
            "body_name": a.body_name.as_str(),
            "letter_number": a.letter_number.as_str(),
            "officials": a.officials.iter().map(|o| serde_json::json!({"name": o.name.as_str(), "credential": o.credential.as_str()})).collect::<Vec<_>>(),
            "purpose": a.purpose.as_str(),
            "personal_data": a.personal_data,
            "approved_by": approval.by,
            "approver_post": approval.post.label(),
            "approved_at": approval.at.to_rfc3339(),
            "generated_by": user.username,
            "generated_at": Utc::now().to_rfc3339(),
            "files": files,
        });
        zip.start_file("manifest.json", options).map_err(internal)?;
        zip.write_all(&serde_json::to_vec_pretty(&manifest).map_err(internal)?).map_err(internal)?;
        let bytes = zip.finish().map_err(internal)?.into_inner();
        Ok((bytes, entries))
    }

    /// A stored file of an application, for a staff member who may see the
    /// register (the HTTP route `/staff/releases/<id>/<letter|package>`);
    /// every download of a package is audited.
    pub async fn release_file(&self, session: &str, id: i64, file: ReleaseFile) -> Result<(String, String, Vec<u8>), AppError> {
        use app::api::auth::SessionBackend as _;
        let user = self.session_user(session).await?.ok_or(AppError::Unauthenticated)?;
        if !self.sees_releases(&user) {
            return Err(AppError::Forbidden("只有热线管理中心和审批领导可以查看调取资料".into()));
        }
        let (_, release) = self.load_release(id).await?;
        let (reference, name) = match (file, &release.state) {
            (ReleaseFile::Letter, _) => (release.application.letter.clone(), format!("release-{id}-letter")),
            (ReleaseFile::Package, ReleaseState::Released { package, .. }) => (package.archive.clone(), format!("release-{id}.zip")),
            (ReleaseFile::Package, _) => return Err(AppError::NotFound("调取资料包".into())),
        };
        let (row, _) = self.store.attachment(reference.as_str()).await.map_err(internal)?.ok_or_else(|| AppError::NotFound("文件".into()))?;
        let bytes = tokio::fs::read(photos::upload_dir().join(&row.id)).await.map_err(internal)?;
        if file == ReleaseFile::Package {
            self.store.audit(&audit(&user, AuditAction::DownloadReleasePackage, None, None, format!("release {id}; sha256 {}", row.sha256))).await.map_err(internal)?;
        }
        Ok((row.media_type, name, bytes))
    }
}

#[async_trait::async_trait]
impl ReleaseBackend for Service {
    async fn releases(&self, user: &StaffUser) -> Result<ReleaseRegister, AppError> {
        if !self.sees_releases(user) {
            return Err(AppError::Forbidden("只有热线管理中心和审批领导可以查看调取登记".into()));
        }
        let rows = self.store.releases(REGISTER_LENGTH).await.map_err(internal)?;
        let releases = rows.iter().map(|r| self.release_view(user, r)).collect::<Result<_, _>>()?;
        Ok(ReleaseRegister { releases, may_register: self.keeps_register(user) })
    }

    async fn register_release(&self, user: &StaffUser, form: ReleaseForm, letter: Option<Upload>) -> Result<ReleaseView, AppError> {
        if !self.keeps_register(user) {
            return Err(AppError::Forbidden("第四十二条：调取申请由热线管理中心的审核员或系统管理员登记".into()));
        }
        let body = RequestingBody::parse(&form.body).map_err(|_| AppError::on_field("body", "请选择申请调取的机构类别"))?;
        let body_name = label("body_name", &form.body_name, "机构名称")?;
        let letter_number = label("letter_number", &form.letter_number, "公函文号")?;
        let officials = [
            Official { name: label("official1_name", &form.official1_name, "第一名工作人员的姓名")?, credential: label("official1_credential", &form.official1_credential, "第一名工作人员的证件号码")? },
            Official { name: label("official2_name", &form.official2_name, "第二名工作人员的姓名")?, credential: label("official2_credential", &form.official2_credential, "第二名工作人员的证件号码")? },
        ];
        let purpose = Note::parse(&form.purpose).map_err(|_| AppError::on_field("purpose", "请填写调取用途（1000 字以内）"))?;
        let records = Self::typed_numbers("records", &form.records)?;
        for number in &records {
            if self.store.load_request(&number.to_string()).await.map_err(internal)?.is_none() {
                return Err(AppError::on_field("records", format!("找不到诉求 {number}")));
            }
        }
        let letter = letter.ok_or_else(|| AppError::on_field("letter", "第四十二条：请上传所在单位公函的扫描件"))?;
        // Checked before the letter is stored, so that a refusal stores nothing.
        let placeholder = Reference::parse("pending").map_err(internal)?;
        let application = ReleaseApplication { body, body_name, letter_number, letter: placeholder, officials, records, personal_data: form.personal_data, purpose };
        let now = Utc::now();
        let actor = Self::actor(user)?;
        RecordsRelease::apply(application.clone(), &actor, now).map_err(|r| AppError::Refused(r.message()))?;
        let row = photos::store_upload(&letter, photos::clean_document).await.map_err(|e| match e {
            AppError::Internal => e,
            _ => AppError::on_field("letter", "公函只能是 PDF 或 JPG、PNG、WebP 格式的扫描件"),
        })?;
        self.store.insert_attachment(&row, None, None).await.map_err(internal)?;
        let letter = Reference::parse(&row.id).map_err(internal)?;
        let release = RecordsRelease::apply(ReleaseApplication { letter, ..application }, &actor, now).map_err(|r| AppError::Refused(r.message()))?;
        let a = &release.application;
        let detail = format!("{} {} 公函 {}; 调取 {} 件{}", a.body.label(), a.body_name.as_str(), a.letter_number.as_str(), a.records.len(), if a.personal_data { "（含个人信息）" } else { "" });
        let snapshot = serde_json::to_string(&release).map_err(internal)?;
        let id = self
            .store
            .insert_release(release.state.code(), a.body_name.as_str(), &snapshot, now, audit(user, AuditAction::RegisterRelease, None, Some(a.purpose.as_str()), detail))
            .await
            .map_err(internal)?;
        self.released_view(user, id).await
    }

    async fn decide_release(&self, user: &StaffUser, id: i64, approve: bool, note: &str) -> Result<ReleaseView, AppError> {
        let (row, mut release) = self.load_release(id).await?;
        let note = Note::parse(note).map_err(|_| AppError::on_field("note", "请填写审批意见（1000 字以内）"))?;
        release.decide(&Self::actor(user)?, user.post, Utc::now(), approve, note.clone()).map_err(|r| AppError::Refused(r.message()))?;
        let action = if approve { AuditAction::ApproveRelease } else { AuditAction::RefuseRelease };
        self.save_release(id, row.version, &release, &[audit(user, action, None, Some(note.as_str()), format!("release {id}"))]).await?;
        self.released_view(user, id).await
    }

    async fn hand_over_release(&self, user: &StaffUser, id: i64) -> Result<ReleaseView, AppError> {
        if !self.keeps_register(user) {
            return Err(AppError::Forbidden("第四十二条：资料由热线管理中心的审核员或系统管理员移交".into()));
        }
        let (row, mut release) = self.load_release(id).await?;
        if !release.may_release() {
            return Err(AppError::Refused("第四十二条：未经批准不得调取资料".into()));
        }
        let (bytes, mut entries) = self.package(user, id, &release).await?;
        let stored = photos::save(&photos::upload_dir(), photos::CleanPhoto { media_type: "application/zip", bytes }).await.map_err(internal)?;
        self.store.insert_attachment(&stored, None, None).await.map_err(internal)?;
        let package = ReleasePackage {
            by: user.username.clone(),
            at: Utc::now(),
            archive: Reference::parse(&stored.id).map_err(internal)?,
            sha256: stored.sha256.clone(),
            requests: release.application.records.len(),
        };
        release.release(package).map_err(|r| AppError::Refused(r.message()))?;
        entries.push(audit(user, AuditAction::HandOverRelease, None, None, format!("release {id}; {} 件; sha256 {}", release.application.records.len(), stored.sha256)));
        self.save_release(id, row.version, &release, &entries).await?;
        self.released_view(user, id).await
    }
}
