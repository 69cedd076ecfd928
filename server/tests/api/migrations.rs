//! The SQLite and PostgreSQL migration folders never drift: the same
//! migrations by name, and once applied, the same tables with the same
//! columns of the same kind (after mapping the dialects' words) and the
//! same NOT NULL constraints.

use crate::support;

use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;
use support::TestDb;

/// (table, column) → (kind, nullable), read from the database itself.
type Schema = BTreeMap<(String, String), (&'static str, bool)>;

/// One word per kind of value, whatever the dialect calls it.
fn kind(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") {
        "integer"
    } else if t.contains("char") || t.contains("text") {
        "text"
    } else if t.contains("real") || t.contains("double") || t.contains("float") || t.contains("numeric") {
        "real"
    } else if t.contains("blob") || t.contains("bytea") {
        "bytes"
    } else if t.contains("bool") {
        "bool"
    } else {
        panic!("a column type no dialect mapping knows: {declared}")
    }
}

async fn sqlite_schema(pool: &AnyPool) -> Schema {
    let tables: Vec<String> = sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'")
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut schema = Schema::new();
    for table in tables {
        // (cid, name, type, notnull, default, pk); an INTEGER PRIMARY KEY is never null.
        let sql = format!("SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')");
        for r in sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await.unwrap() {
            let (name, declared, not_null, pk): (String, String, i64, i64) = (r.get(0), r.get(1), r.get(2), r.get(3));
            schema.insert((table.clone(), name), (kind(&declared), not_null == 0 && pk == 0));
        }
    }
    schema
}

async fn postgres_schema(pool: &AnyPool) -> Schema {
    let rows = sqlx::query(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    rows.iter()
        .map(|r| {
            let (table, column, declared, nullable): (String, String, String, String) = (r.get(0), r.get(1), r.get(2), r.get(3));
            ((table, column), (kind(&declared), nullable == "YES"))
        })
        .collect()
}

fn migration_names(dialect: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations").join(dialect);
    let mut names: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[tokio::test]
async fn both_dialects_hold_the_same_migrations_tables_and_columns() {
    let sqlite_names = migration_names("sqlite");
    assert!(sqlite_names.len() >= 13, "{sqlite_names:?}");
    assert_eq!(sqlite_names, migration_names("postgres"), "the same migrations by name");

    let (lite, pg) = (TestDb::sqlite().await, TestDb::postgres().await);
    let lite_pool = AnyPool::connect(&lite.url).await.unwrap();
    let pg_pool = AnyPool::connect(&pg.url).await.unwrap();
    let (a, b) = (sqlite_schema(&lite_pool).await, postgres_schema(&pg_pool).await);
    lite_pool.close().await;
    pg_pool.close().await;
    let only = |x: &Schema, y: &Schema| x.keys().filter(|k| !y.contains_key(*k)).cloned().collect::<Vec<_>>();
    assert_eq!(only(&a, &b), vec![], "columns only SQLite has");
    assert_eq!(only(&b, &a), vec![], "columns only PostgreSQL has");
    let differ: Vec<_> = a.iter().filter(|(k, v)| b.get(*k) != Some(*v)).map(|(k, v)| (k.clone(), *v, b[k])).collect();
    assert_eq!(differ, vec![], "(table, column), SQLite's (kind, nullable), PostgreSQL's");
    assert!(a.contains_key(&("data_corrections".to_string(), "snapshot".to_string())), "the schema was read");
    lite.drop_db().await;
    pg.drop_db().await;
}
