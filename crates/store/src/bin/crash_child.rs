//! Child process of the crash test (`tests/crash.rs`): opens the SQLite database given as the first
//! argument and writes records as fast as it can from several tasks, printing each record's id on
//! its own line only after the write returned `Ok` (= acknowledged, hence durable). The parent
//! kills it with SIGKILL at a random moment.

use std::io::Write;
use std::process::ExitCode;
use zhengwu_store::{Audit, NewRecord, Store};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(db), Some(tag)) = (args.next(), args.next()) else {
        eprintln!("用法 (usage): zhengwu-store-crash-child DB TAG");
        return ExitCode::from(2);
    };
    let store = match Store::open(&db).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let mut tasks = Vec::new();
    for w in 0..4 {
        let (store, tag) = (store.clone(), tag.clone());
        tasks.push(tokio::spawn(async move {
            let audit = Audit::new(format!("crash-writer-{w}"), "crash.write");
            for n in 0u64.. {
                let id = format!("{tag}-{w}-{n}");
                let rec = NewRecord {
                    kind: "crash".into(),
                    id: Some(id.clone()),
                    data: serde_json::json!({"n": n, "pad": "x".repeat(200)}),
                    idempotency_key: None,
                };
                if let Err(e) = store.create_record(&audit, rec).await {
                    eprintln!("{e}");
                    return;
                }
                let mut out = std::io::stdout().lock();
                if writeln!(out, "{id}").and_then(|_| out.flush()).is_err() {
                    return;
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    ExitCode::from(1)
}
