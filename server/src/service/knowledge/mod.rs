//! The knowledge base's upkeep (Art. 28, 36): units write entries and new
//! versions of them, the center's reviewers publish or send back, either may
//! withdraw. Every version is kept with who wrote it for which unit and who
//! decided; the center sees each unit's activity (entries, updates in the
//! last 30 days, stale entries) for the assessment. A unit sees its
//! subtree's entries, and every entry that is read.


pub mod lookup;

use crate::service::jobs::indexer::entry_is_read;
use super::{internal, Service};
use crate::store::{KnowledgeFilter, KnowledgeRow, KnowledgeText, KnowledgeVersion, StaffNoticeRow, KNOWLEDGE_NOTICE};
use app::api::auth::StaffUser;
use super::china_time::{day, minute};
use app::api::knowledge::{KnowledgeActivity, KnowledgeBackend, KnowledgeHit, KnowledgeDetail, KnowledgeEdit, KnowledgeItem, KnowledgeList, KnowledgeQuery, KnowledgeVersionView};
use app::api::AppError;
use app::domain::deadline::cst_date;
use app::domain::knowledge::{allowed_actions, is_stale, next_status, EntryAction, EntryActor, EntryContent, EntryForm, EntryStatus};
use app::domain::types::Role;
use app::domain::unit::UnitId;
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;

const PAGE_SIZE: i64 = 50;
/// How many entries a look-up shows.
const HITS: usize = 10;
/// The window of a unit's update activity.
const ACTIVITY_DAYS: i64 = 30;

/// After how many days without review an entry is stale (`HOTLINE_KB_STALE_DAYS`, default 180).
pub fn stale_days() -> i64 {
    super::settings::positive("HOTLINE_KB_STALE_DAYS", 180)
}

impl Service {
    fn unit_name(&self, unit: Option<&str>) -> String {
        unit.and_then(|u| UnitId::parse(u).ok()).map(|u| self.world().units.name_of(&u)).unwrap_or_else(|| "热线管理中心".into())
    }

    /// What `user` may do to entries owned by `owner`.
    fn entry_actor(&self, user: &StaffUser, owner: Option<&str>) -> EntryActor {
        let world = self.world();
        let center = world.is_root(&user.unit_id);
        let unit = |id: &str| UnitId::parse(id).ok();
        let in_subtree = match (owner.and_then(unit), unit(&user.unit_id)) {
            (Some(owner), Some(mine)) => world.units.is_within(&owner, &mine),
            _ => false,
        };
        EntryActor {
            reviews: center && matches!(user.role, Role::Reviewer | Role::Admin),
            writes: matches!(user.role, Role::Handler | Role::UnitAdmin | Role::Reviewer | Role::Admin) && (center || in_subtree),
        }
    }

    /// The entry if `user` may see it: in their subtree, or read by all.
    async fn visible_entry(&self, user: &StaffUser, code: &str) -> Result<KnowledgeRow, AppError> {
        let not_found = || AppError::NotFound(format!("没有知识库条目 {code}"));
        let row = self.store.knowledge_entry(code).await.map_err(internal)?.ok_or_else(not_found)?;
        let actor = self.entry_actor(user, row.unit_id.as_deref());
        if actor.writes || actor.reviews || entry_is_read(&row, cst_date(Utc::now())) {
            Ok(row)
        } else {
            Err(not_found())
        }
    }


    fn knowledge_item(&self, r: &KnowledgeRow, today: chrono::NaiveDate, now: DateTime<Utc>, stale_days: i64) -> KnowledgeItem {
        let status = EntryStatus::parse(&r.status).unwrap_or(EntryStatus::Draft);
        let live = entry_is_read(r, today);
        KnowledgeItem {
            code: r.code.clone(),
            question: r.text.question.clone(),
            status: status.label().into(),
            status_code: status.code().into(),
            unit_name: self.unit_name(r.unit_id.as_deref()),
            updated: day(r.updated_at),
            live,
            stale: live && is_stale(r.reviewed_at, now, stale_days),
        }
    }

    async fn knowledge_activity(&self, now: DateTime<Utc>, stale_days: i64) -> Result<Vec<KnowledgeActivity>, AppError> {
        let today = cst_date(now);
        let mut per_unit: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
        for e in self.store.all_knowledge().await.map_err(internal)? {
            let counts = per_unit.entry(e.unit_id.clone().unwrap_or_default()).or_default();
            counts.0 += 1;
            if entry_is_read(&e, today) && is_stale(e.reviewed_at, now, stale_days) {
                counts.2 += 1;
            }
        }
        for (unit, n) in self.store.knowledge_activity(now - Duration::days(ACTIVITY_DAYS)).await.map_err(internal)? {
            per_unit.entry(unit).or_default().1 += n;
        }
        Ok(per_unit
            .into_iter()
            .map(|(unit, (entries, updates, stale))| KnowledgeActivity {
                unit_name: self.unit_name(Some(unit.as_str()).filter(|u| !u.is_empty())),
                entries,
                updates,
                stale,
            })
            .collect())
    }


    fn parse_entry(&self, form: &EntryForm) -> Result<EntryContent, AppError> {
        let content = form.parse().map_err(|errors| AppError::Invalid(errors.into_iter().map(|e| e.message).collect::<Vec<_>>().join("；")))?;
        if let Some(c) = &content.category {
            if !self.world().category_names.contains_key(c.as_str()) {
                return Err(AppError::Invalid("未知的分类".into()));
            }
        }
        Ok(content)
    }



    /// Who hears of a step: the center of a submission, the owning unit of
    /// the center's decision; nobody of their own unit's step.
    fn entry_notice(&self, user: &StaffUser, row: &KnowledgeRow, action: EntryAction, note: &str) -> Option<StaffNoticeRow> {
        let center = self.world().units.root().map(|u| u.id.to_string())?;
        let (unit, what) = match action {
            EntryAction::Submit => (center, "知识库条目待审核".to_string()),
            EntryAction::Publish => (row.unit_id.clone()?, "知识库条目已发布".to_string()),
            EntryAction::SendBack => (row.unit_id.clone()?, format!("知识库条目退回修改（{note}）")),
            EntryAction::Expire => (row.unit_id.clone()?, "知识库条目已设为失效".to_string()),
            EntryAction::Edit => return None,
        };
        (unit != user.unit_id).then(|| StaffNoticeRow {
            unit_id: unit,
            kind: KNOWLEDGE_NOTICE.into(),
            request_number: row.code.clone(),
            body: format!("{what}：{}「{}」", row.code, row.text.question),
        })
    }

    /// Tells each unit once of its entries that have gone unreviewed for
    /// `HOTLINE_KB_STALE_DAYS`; returns how many entries were announced.
    pub async fn announce_stale_entries(&self, now: DateTime<Utc>) -> Result<i64, AppError> {
        let days = stale_days();
        let text = move |n: i64| format!("本单位有 {n} 条知识库条目超过 {days} 天未复核，请复核更新");
        let counts = self.store.announce_stale_knowledge(now - Duration::days(days), now, text).await.map_err(internal)?;
        Ok(counts.iter().map(|(_, n)| n).sum())
    }
}

#[async_trait::async_trait]
impl KnowledgeBackend for Service {
    async fn knowledge_list(&self, user: &StaffUser, q: KnowledgeQuery) -> Result<KnowledgeList, AppError> {
        let world = self.world();
        let center = world.is_root(&user.unit_id);
        let now = Utc::now();
        let stale_days = stale_days();
        let stale_since = now - Duration::days(stale_days);
        let subtree: Vec<String> = match UnitId::parse(&user.unit_id) {
            Ok(mine) => world.units.subtree(&mine).iter().map(|u| u.id.as_str().to_string()).collect(),
            Err(_) => Vec::new(),
        };
        let mut filter = KnowledgeFilter { units: (!center).then_some(subtree), ..KnowledgeFilter::default() };
        match q.show.as_str() {
            "" => {}
            "stale" => {
                filter.reviewed_before = Some(stale_since);
                filter.status = Some(EntryStatus::Published.code().into());
            }
            s => match EntryStatus::parse(s) {
                Some(status) => filter.status = Some(status.code().into()),
                None => return Err(AppError::Invalid("未知的筛选条件".into())),
            },
        }
        let page = q.page.clamp(1, 10_000);
        let (rows, total) = self.store.knowledge_list(&filter, PAGE_SIZE, (page - 1) * PAGE_SIZE).await.map_err(internal)?;
        let today = cst_date(now);
        let items = rows.iter().map(|r| self.knowledge_item(r, today, now, stale_days)).collect();
        let activity = if center { self.knowledge_activity(now, stale_days).await? } else { Vec::new() };
        let may_write = matches!(user.role, Role::Handler | Role::UnitAdmin | Role::Reviewer | Role::Admin);
        Ok(KnowledgeList { items, total, page, page_size: PAGE_SIZE, stale_days, activity, may_write })
    }

    async fn knowledge_detail(&self, user: &StaffUser, code: &str) -> Result<KnowledgeDetail, AppError> {
        let row = self.visible_entry(user, code).await?;
        let versions = self.store.knowledge_versions(code).await.map_err(internal)?;
        let latest = versions.first().ok_or_else(|| internal(format!("entry {code} has no version")))?;
        let status = EntryStatus::parse(&row.status).unwrap_or(EntryStatus::Draft);
        let actor = self.entry_actor(user, row.unit_id.as_deref());
        let now = Utc::now();
        let live = entry_is_read(&row, cst_date(now));
        Ok(KnowledgeDetail {
            code: row.code.clone(),
            form: EntryForm {
                question: latest.text.question.clone(),
                answer: latest.text.answer.clone(),
                basis: latest.text.basis.clone(),
                category: latest.text.category.clone().unwrap_or_default(),
                tags: latest.text.tags.clone(),
                valid_from: latest.text.valid_from.clone().unwrap_or_default(),
                valid_until: latest.text.valid_until.clone().unwrap_or_default(),
            },
            status: status.label().into(),
            status_code: status.code().into(),
            unit_id: row.unit_id.clone().unwrap_or_default(),
            unit_name: self.unit_name(row.unit_id.as_deref()),
            live,
            live_version: row.live_version,
            stale: live && is_stale(row.reviewed_at, now, stale_days()),
            actions: allowed_actions(status, actor).into_iter().map(|a| (a.code().to_string(), a.label().to_string())).collect(),
            versions: versions
                .iter()
                .map(|v| KnowledgeVersionView {
                    version: v.version,
                    status: EntryStatus::parse(&v.status).map(EntryStatus::label).unwrap_or("其他").into(),
                    question: v.text.question.clone(),
                    written_by: v.written_by.clone(),
                    written_unit: self.unit_name(v.written_unit.as_deref()),
                    written_at: minute(v.written_at),
                    decided: v.decided_at.map(|at| format!("{} {}", v.decided_by.clone().unwrap_or_default(), minute(at))),
                    note: v.note.clone(),
                })
                .collect(),
        })
    }

    async fn save_knowledge(&self, user: &StaffUser, edit: KnowledgeEdit) -> Result<KnowledgeDetail, AppError> {
        let content = self.parse_entry(&edit.form)?;
        let now = Utc::now();
        let version = |code: &str, number: i64, unit: Option<String>| KnowledgeVersion {
            code: code.to_string(),
            version: number,
            text: KnowledgeText {
                question: content.question.clone(),
                answer: content.answer.clone(),
                basis: content.basis.clone(),
                category: content.category.as_ref().map(|c| c.as_str().to_string()),
                tags: content.tags.join(" "),
                valid_from: content.valid_from.map(|d| d.to_string()),
                valid_until: content.valid_until.map(|d| d.to_string()),
            },
            status: EntryStatus::Draft.code().into(),
            written_by: user.username.clone(),
            written_unit: unit,
            written_at: now,
            decided_by: None,
            decided_at: None,
            note: None,
        };
        let code = if edit.code.trim().is_empty() {
            let owner = Some(edit.unit.trim()).filter(|u| !u.is_empty()).unwrap_or(&user.unit_id).to_string();
            if !self.world().paths.contains_key(&owner) {
                return Err(AppError::Invalid("未知的单位".into()));
            }
            if !self.entry_actor(user, Some(&owner)).writes {
                return Err(AppError::Forbidden("只能为本单位或下级单位编写知识库条目".into()));
            }
            let mut created = None;
            // Two writers may take the same next code at once: the second tries the one after.
            for _ in 0..3 {
                let code = format!("KB-{:04}", self.store.last_knowledge_number().await.map_err(internal)? + 1);
                if self.store.create_knowledge(&version(&code, 1, Some(user.unit_id.clone())), &owner).await.map_err(internal)? {
                    created = Some(code);
                    break;
                }
            }
            created.ok_or(AppError::Conflict)?
        } else {
            let row = self.visible_entry(user, edit.code.trim()).await?;
            let status = EntryStatus::parse(&row.status).unwrap_or(EntryStatus::Draft);
            next_status(status, EntryAction::Edit, self.entry_actor(user, row.unit_id.as_deref())).map_err(AppError::Refused)?;
            let next = version(&row.code, row.latest_version + 1, Some(user.unit_id.clone()));
            if !self.store.add_knowledge_version(&next, row.latest_version).await.map_err(internal)? {
                return Err(AppError::Conflict);
            }
            row.code
        };
        self.index_soon();
        self.knowledge_detail(user, &code).await
    }

    async fn knowledge_action(&self, user: &StaffUser, code: &str, action: &str, note: &str) -> Result<KnowledgeDetail, AppError> {
        let action = EntryAction::parse(action).filter(|a| *a != EntryAction::Edit).ok_or_else(|| AppError::Invalid("未知的操作".into()))?;
        let row = self.visible_entry(user, code).await?;
        let status = EntryStatus::parse(&row.status).unwrap_or(EntryStatus::Draft);
        let next = next_status(status, action, self.entry_actor(user, row.unit_id.as_deref())).map_err(AppError::Refused)?;
        let note = note.trim();
        if action == EntryAction::SendBack && note.is_empty() {
            return Err(AppError::Invalid("退回修改时请写明需要修改的地方".into()));
        }
        if note.chars().count() > 1000 {
            return Err(AppError::Invalid("说明最多 1000 个字".into()));
        }
        let notice = self.entry_notice(user, &row, action, note);
        let note = Some(note.to_string()).filter(|n| !n.is_empty());
        if !self.store.decide_knowledge(code, row.latest_version, next.code(), &user.username, note, Utc::now(), notice).await.map_err(internal)? {
            return Err(AppError::Conflict);
        }
        self.index_soon();
        self.knowledge_detail(user, code).await
    }

    async fn knowledge(&self, _user: &StaffUser, words: &str) -> Result<Vec<KnowledgeHit>, AppError> {
        let found = self.entries_found(words, None, HITS).await?;
        Ok(found
            .into_iter()
            .map(|(r, snippet)| KnowledgeHit { code: r.code, question: r.text.question, answer: r.text.answer, basis: r.text.basis, snippet })
            .collect())
    }
}
