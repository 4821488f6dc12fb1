//! The history store's backends for a test: a SQLite file in a temporary folder always, and a
//! fresh PostgreSQL database when `GONGKAI_TEST_POSTGRES` names a server
//! (`postgres://USER:PASS@HOST:PORT/postgres`, a role that may create databases). Without it
//! the PostgreSQL half is skipped with a note, except under CI (`CI` set), where it fails: CI
//! must never pass without having run PostgreSQL.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Connection;
use sqlx::postgres::PgConnection;

/// One store location for a test, removed when dropped.
pub struct TestDb {
    /// `sqlite` or `postgres`.
    pub name: &'static str,
    /// What `Store::open` and `--db` take.
    pub location: String,
    _dir: Option<tempfile::TempDir>,
    /// The server URL and the database to drop.
    pg: Option<(String, String)>,
}

impl std::fmt::Debug for TestDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "gk_{}_{}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A SQLite store file in a fresh temporary folder (the file itself not yet created).
pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let location = dir
        .path()
        .join("nested/history.sqlite")
        .display()
        .to_string();
    TestDb {
        name: "sqlite",
        location,
        _dir: Some(dir),
        pg: None,
    }
}

/// A fresh PostgreSQL database, when the tests have a server.
pub async fn postgres() -> Option<TestDb> {
    let Ok(server) = std::env::var("GONGKAI_TEST_POSTGRES") else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "GONGKAI_TEST_POSTGRES is not set under CI: the history tests must run against PostgreSQL (.ci/run starts one)"
            );
        }
        eprintln!(
            "note: GONGKAI_TEST_POSTGRES not set, PostgreSQL tests skipped (see README, 测试 PostgreSQL)"
        );
        return None;
    };
    let name = unique_name();
    let mut admin = PgConnection::connect(&server)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to GONGKAI_TEST_POSTGRES: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    admin.close().await.ok();
    let mut url = url::Url::parse(&server).unwrap();
    url.set_path(&format!("/{name}"));
    Some(TestDb {
        name: "postgres",
        location: url.to_string(),
        _dir: None,
        pg: Some((server, name)),
    })
}

/// Every backend a test runs against.
pub async fn backends() -> Vec<TestDb> {
    let mut all = vec![sqlite()];
    all.extend(postgres().await);
    all
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((server, name)) = self.pg.take() else {
            return;
        };
        // Drop runs inside the test's runtime: drop the database from a thread of its own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                if let Ok(mut admin) = PgConnection::connect(&server).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut admin)
                        .await;
                }
            });
        })
        .join();
    }
}
