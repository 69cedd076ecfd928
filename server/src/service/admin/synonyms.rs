//! Synonym groups for administrators: words a searcher means alike (暖气,
//! 供暖, 采暖). A query holding one word of a group also looks for the
//! others. Changes are audited and take effect for the next query (no
//! re-indexing: synonyms widen queries, not documents).

use crate::service::{internal, Service};
use crate::search::{split_group, Synonyms};
use app::api::auth::StaffUser;
use app::api::AppError;
use app::domain::types::{AuditAction, Role};
use std::sync::Arc;
use app::api::admin::SynonymBackend;

const MAX_GROUPS: usize = 500;
const MAX_WORDS: usize = 20;
const MAX_WORD_CHARS: usize = 20;

fn admin_only(user: &StaffUser) -> Result<(), AppError> {
    if user.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden("只有系统管理员可以维护同义词".into()))
    }
}

/// The groups as kept: words separated by single spaces, lonely words and empty lines dropped.
pub fn parse_groups(text: &str) -> Result<Vec<String>, AppError> {
    let mut groups = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let words = split_group(line);
        if words.len() > MAX_WORDS || words.iter().any(|w| w.chars().count() > MAX_WORD_CHARS) {
            return Err(AppError::Invalid(format!("第 {} 行：每组最多 {MAX_WORDS} 个词，每词最多 {MAX_WORD_CHARS} 个字", i + 1)));
        }
        if words.len() >= 2 {
            groups.push(words.join(" "));
        }
    }
    if groups.len() > MAX_GROUPS {
        return Err(AppError::Invalid(format!("同义词最多 {MAX_GROUPS} 组")));
    }
    Ok(groups)
}


#[cfg(test)]
mod tests {
    use super::parse_groups;

    #[test]
    fn groups_are_normalised_and_bounded() {
        assert_eq!(parse_groups("暖气，供暖  采暖\n\n孤单\n噪音/噪声").unwrap(), vec!["暖气 供暖 采暖", "噪音 噪声"]);
        assert!(parse_groups(&"词 ".repeat(21)).is_err());
        assert!(parse_groups(&format!("{} 供暖", "长".repeat(21))).is_err());
    }
}

#[async_trait::async_trait]
impl SynonymBackend for Service {
    async fn synonyms(&self, user: &StaffUser) -> Result<Vec<String>, AppError> {
        admin_only(user)?;
        Ok(self.store.synonym_groups().await.map_err(internal)?.into_iter().map(|(_, g)| g).collect())
    }

    async fn set_synonyms(&self, user: &StaffUser, text: &str) -> Result<Vec<String>, AppError> {
        admin_only(user)?;
        let groups = parse_groups(text)?;
        self.store.replace_synonyms(&groups).await.map_err(internal)?;
        self.audit_change(user, AuditAction::SynonymsChange, format!("共 {} 组同义词", groups.len())).await?;
        *self.synonyms.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(Synonyms::new(&groups));
        Ok(groups)
    }
}
