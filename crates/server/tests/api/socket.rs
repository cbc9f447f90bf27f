//! The server on a real port: requests over TCP, the peer address reaching the login limiter, and a
//! graceful shutdown that lets the server return.

use crate::common::{Fx, PASSWORD, config};
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use zhengwu_server::Config;

async fn http(addr: std::net::SocketAddr, request: String) -> (u16, String, String) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(request.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), s.read_to_end(&mut buf))
        .await
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_string(), body.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_on_a_real_port_and_shuts_down_gracefully() {
    let fx = Fx::with_config(Config {
        login_per_ip_per_minute: 2,
        ..config()
    })
    .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(zhengwu_server::serve(listener, fx.state.clone(), async {
        let _ = stopped.await;
    }));

    let (status, head, body) = http(
        addr,
        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".into(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase()
            .contains("x-content-type-options: nosniff"),
        "{head}"
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["status"],
        "ok"
    );

    // The peer address from the socket keys the login limit: 2 attempts from 127.0.0.1, then 429.
    let login = |user: &str| {
        let b = json!({"username": user, "password": PASSWORD}).to_string();
        format!(
            "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{b}",
            b.len()
        )
    };
    assert_eq!(http(addr, login("edu")).await.0, 200);
    assert_eq!(http(addr, login("fin")).await.0, 200);
    assert_eq!(http(addr, login("office")).await.0, 429);

    stop.send(()).unwrap();
    let res = tokio::time::timeout(Duration::from_secs(20), server)
        .await
        .expect("shut down in time");
    assert!(res.unwrap().is_ok());
    // The port is closed afterwards.
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
