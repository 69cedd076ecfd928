//! Searching requests in the viewer's scope: the center searches all, a
//! unit the requests assigned into its subtree. Words are searched in the
//! full-text index, most relevant first, with the matched passage. Searching by a phone number
//! looks up personal data, so it is for roles that may see it and it is
//! written to the audit log.

use crate::service::requests::inbox::PAGE_SIZE;
use crate::service::finder::snippet_parts;
use crate::search::{DocKind, Filter};
use crate::service::{given, internal, is_center_role, Service};
use crate::store::{AuditEntry, SearchFilter};
use app::api::{inbox::Inbox, search::SearchQuery, auth::StaffUser};
use app::api::AppError;
use app::domain::deadline::end_of_day;
use app::domain::types::{AuditAction, CategoryCode, Phone, RequestNumber, RequestType, Role};
use chrono::{NaiveDate, Utc};
use app::api::search::SearchBackend;

/// A text search ranks at most this many requests (the most relevant).
const TEXT_HITS: usize = 500;

fn day(s: &str, what: &str) -> Result<Option<NaiveDate>, AppError> {
    given(s)
        .map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| AppError::Invalid(format!("{what}应为 年-月-日，例如 2026-11-27"))))
        .transpose()
}

impl Service {

    /// The part of a request search the index can narrow by itself.
    fn index_filter(&self, f: &SearchFilter) -> Filter {
        Filter {
            kind: Some(DocKind::Request),
            scope: f.scope.clone(),
            unit: f.unit_path.clone(),
            category: f.category.clone(),
            request_type: f.request_type.clone(),
            state: f.state.clone(),
            county: f.county.clone(),
            from: f.from,
            until: f.until,
            ..Filter::default()
        }
    }
}

#[async_trait::async_trait]
impl SearchBackend for Service {
    async fn search(&self, user: &StaffUser, q: SearchQuery) -> Result<Inbox, AppError> {
        let world = self.world();
        let center = world.is_root(&user.unit_id);
        let number = given(&q.number)
            .map(|n| RequestNumber::parse(&n).map(|n| n.to_string()).map_err(|_| AppError::Invalid("事项编号格式不正确，例如 YL2026112700001".into())))
            .transpose()?;
        let phone = given(&q.phone).map(|p| Phone::parse(&p).map_err(|_| AppError::Invalid("请输入来电号码：手机、固定电话（如 0999-8021234）或境外号码（+…）".into()))).transpose()?;
        let request_type = given(&q.request_type)
            .map(|t| RequestType::parse(&t).map(|t| t.code().to_string()).map_err(|_| AppError::Invalid("未知的诉求类型".into())))
            .transpose()?;
        let category = given(&q.category)
            .map(|c| CategoryCode::parse(&c).map(|c| c.as_str().to_string()).map_err(|_| AppError::Invalid("未知的分类".into())))
            .transpose()?;
        let unit_path = match given(&q.unit) {
            Some(u) if world.paths.contains_key(&u) => Some(world.path(&u)),
            Some(_) => return Err(AppError::Invalid("未知的单位".into())),
            None => None,
        };
        let text = given(&q.text);
        if text.as_ref().is_some_and(|t| t.chars().count() > 50) {
            return Err(AppError::Invalid("关键词最多 50 个字".into()));
        }
        // The start of a day is the end of the day before.
        let from = day(&q.from, "起始日期")?.and_then(|d| d.pred_opt()).map(end_of_day);
        let until = day(&q.until, "截止日期")?.map(end_of_day);
        if let Some(phone) = &phone {
            // Analysts read numbers, not people (SPEC §8).
            if user.role == Role::Analyst {
                return Err(AppError::Forbidden("该角色不能按电话号码查询".into()));
            }
            self.store
                .audit(&AuditEntry {
                    at: Utc::now(),
                    username: user.username.clone(),
                    action: AuditAction::SearchPhone,
                    request_number: None,
                    reason: Some(if is_center_role(user.role) { "热线中心查询" } else { "承办单位查询" }.into()),
                    detail: Some(phone.masked()),
                })
                .await
                .map_err(internal)?;
        }
        let mut filter = SearchFilter {
            scope: (!center).then(|| world.path(&user.unit_id)),
            number,
            phone: phone.map(|p| p.reveal().to_string()),
            numbers: None,
            state: given(&q.state),
            unit_path,
            request_type,
            category,
            county: given(&q.county),
            from,
            until,
        };
        let page = q.page.clamp(1, 100_000);
        let Some(text) = text else {
            let (rows, total) = self.store.search_requests(&filter, PAGE_SIZE, (page - 1) * PAGE_SIZE).await.map_err(internal)?;
            let items = self.inbox_items(rows, Utc::now());
            return Ok(Inbox { filter: "search".into(), order: String::new(), items, total, page, page_size: PAGE_SIZE, center });
        };
        // Words: the index ranks the requests in scope by relevance; the store
        // adds what the index does not hold (number, phone) and the rows.
        let found = self.find(&text, self.index_filter(&filter), TEXT_HITS, 0, true).await?;
        if found.hits.is_empty() {
            return Ok(Inbox { filter: "search".into(), order: String::new(), items: Vec::new(), total: 0, page, page_size: PAGE_SIZE, center });
        }
        filter.numbers = Some(found.hits.iter().map(|h| h.key.clone()).collect());
        let (rows, _) = self.store.search_requests(&filter, TEXT_HITS as i64, 0).await.map_err(internal)?;
        let mut items = self.inbox_items(rows, Utc::now());
        let rank = |number: &str| found.hits.iter().position(|h| h.key == number).unwrap_or(usize::MAX);
        items.sort_by_key(|i| rank(&i.number));
        for item in &mut items {
            if let Some(h) = found.hits.iter().find(|h| h.key == item.number) {
                item.snippet = snippet_parts(&h.snippet);
            }
        }
        let total = items.len() as i64;
        let items = items.into_iter().skip(((page - 1) * PAGE_SIZE) as usize).take(PAGE_SIZE as usize).collect();
        Ok(Inbox { filter: "search".into(), order: String::new(), items, total, page, page_size: PAGE_SIZE, center })
    }
}
