//! `hotline user add`: creates a staff account; the password comes from stdin.

use super::{block_on, usage_error};
use app::domain::types::{LeaderPost, Role};
use std::io::BufRead;

#[derive(clap::Subcommand, Debug)]
pub enum UserCommand {
    /// Add a staff account; reads the password from the first line of stdin.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        unit: String,
        /// The name shown in the app (default: the username).
        #[arg(long)]
        name: Option<String>,
        /// A leading post the account holds (Art. 42): info_center_head or bureau_head.
        #[arg(long)]
        post: Option<String>,
    },
}

pub fn run(command: UserCommand, database_url: &str) -> i32 {
    let UserCommand::Add { username, role, unit, name, post } = command;
    let Ok(role) = Role::parse(role.trim()) else {
        return usage_error(format!("unknown role {role:?}"));
    };
    let post = match post.as_deref().map(LeaderPost::parse).transpose() {
        Ok(post) => post,
        Err(_) => return usage_error("unknown post: info_center_head or bureau_head"),
    };
    if let Err(e) = crate::auth::check_username(&username) {
        return usage_error(e);
    }
    let mut password = String::new();
    if std::io::stdin().lock().read_line(&mut password).is_err() {
        return usage_error("cannot read the password from stdin");
    }
    let password = password.trim_end_matches(['\r', '\n']).to_string();
    if let Err(e) = crate::auth::check_password(&password) {
        return usage_error(e);
    }
    let display = name.unwrap_or_else(|| username.clone());
    block_on(async move {
        let store = crate::store::Store::connect(database_url).await?;
        store.migrate().await?;
        let world = crate::service::World::load(&store).await?;
        let Some(found) = app::domain::unit::UnitId::parse(&unit).ok().and_then(|u| world.units.get(&u).cloned()) else {
            anyhow::bail!("unknown unit {unit:?}");
        };
        // The same rule as the admin screen: agents and reviewers work at a hotline office (Art. 4).
        if !found.may_hold(role) {
            anyhow::bail!("{} works at a hotline office: the center or a unit that dispatches in its subtree", role.code());
        }
        let hash = crate::auth::hash_password(&password)?;
        let id = store.insert_user(&username, &display, &hash, role.code(), &unit, chrono::Utc::now()).await?;
        if let Some(post) = post {
            store.set_user_post(id, Some(post.code())).await?;
        }
        super::emit(format_args!("user {username} added as {} in {unit}", role.code()));
        Ok(())
    })
}
