//! A tiny scripted HTTP server on loopback: it answers each connection with the next canned
//! answer, framed as the test asks (honest, lying or absent `Content-Length`, endless chunks),
//! and records exactly what the client sent.

use crate::common;
use pageport_client::{StoreClient, StoreClientBuilder};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How an answer's body is delimited on the wire.
#[derive(Debug, Clone, Copy)]
pub enum Framing {
    /// `Content-Length` is the body's length.
    Exact,
    /// `Content-Length` announces this many bytes; the body is sent, then the connection is
    /// held open until the client hangs up.
    Declared(u64),
    /// No `Content-Length`: the body is repeated until `total` bytes are sent, then the
    /// connection closes (which ends the body).
    UntilClose {
        /// Bytes sent in all.
        total: u64,
    },
    /// `Transfer-Encoding: chunked`: the body repeated as chunks until `total` bytes are sent.
    Chunked {
        /// Bytes sent in all.
        total: u64,
    },
}

/// One scripted answer.
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    pub framing: Framing,
}

/// A JSON answer with an honest `Content-Length`.
pub fn answer(status: u16, body: serde_json::Value) -> Canned {
    Canned {
        status,
        headers: vec![("Content-Type", "application/json".into())],
        body: body.to_string(),
        framing: Framing::Exact,
    }
}

/// What answers each request: given the raw request, the answer (`None`: the script is over).
type Responder = Arc<Mutex<dyn FnMut(&str) -> Option<Canned> + Send>>;

/// A server answering requests with the script, in order, and recording them raw.
pub struct Scripted {
    base_url: String,
    received: Arc<Mutex<Vec<String>>>,
}

impl Scripted {
    pub async fn start(script: Vec<Canned>) -> Self {
        let mut script = VecDeque::from(script);
        Self::answering(move |_| script.pop_front()).await
    }

    /// A server that answers every request with what `respond` makes of it, for as long as the
    /// client asks (a store that never stops paginating).
    pub async fn answering(respond: impl FnMut(&str) -> Option<Canned> + Send + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("addr"));
        let respond: Responder = Arc::new(Mutex::new(respond));
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let log = Arc::clone(&log);
                tokio::spawn(serve_one(stream, Arc::clone(&respond), log));
            }
        });
        Self { base_url, received }
    }

    /// A builder for the scripted store with fast pacing.
    pub fn builder(&self) -> StoreClientBuilder {
        pageport_test_support::client::client_builder(&self.base_url, common::STORE, common::TOKEN)
            .pacing(common::fast_pacing())
    }

    pub fn client(&self) -> StoreClient {
        self.builder().build().expect("client")
    }

    pub fn received(&self) -> Vec<String> {
        self.received.lock().expect("log").clone()
    }
}

async fn serve_one(mut stream: TcpStream, respond: Responder, log: Arc<Mutex<Vec<String>>>) {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let Ok(n) = stream.read(&mut buf).await else {
            return;
        };
        if n == 0 {
            return;
        }
        raw.extend_from_slice(&buf[..n]);
        if let Some(pos) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).to_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while raw.len() < head_end + length {
        let Ok(n) = stream.read(&mut buf).await else {
            return;
        };
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let request = String::from_utf8_lossy(&raw).into_owned();
    let canned = (respond.lock().expect("script"))(&request);
    log.lock().expect("log").push(request);
    let canned =
        canned.unwrap_or_else(|| answer(500, serde_json::json!({"title": "script exhausted"})));
    let mut head = format!("HTTP/1.1 {} Canned\r\nConnection: close\r\n", canned.status);
    for (name, value) in &canned.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    // Write errors mean the client hung up, which is what the size tests expect of it.
    match canned.framing {
        Framing::Exact => {
            head.push_str(&format!("Content-Length: {}\r\n\r\n", canned.body.len()));
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(canned.body.as_bytes()).await;
        }
        Framing::Declared(length) => {
            head.push_str(&format!("Content-Length: {length}\r\n\r\n"));
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(canned.body.as_bytes()).await;
            // Hold the connection until the client closes it.
            while let Ok(n) = stream.read(&mut buf).await {
                if n == 0 {
                    break;
                }
            }
        }
        Framing::UntilClose { total } => {
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
            let mut sent = 0u64;
            while sent < total {
                if stream.write_all(canned.body.as_bytes()).await.is_err() {
                    return;
                }
                sent += canned.body.len() as u64;
            }
        }
        Framing::Chunked { total } => {
            head.push_str("Transfer-Encoding: chunked\r\n\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
            let chunk = format!("{:x}\r\n{}\r\n", canned.body.len(), canned.body);
            let mut sent = 0u64;
            while sent < total {
                if stream.write_all(chunk.as_bytes()).await.is_err() {
                    return;
                }
                sent += canned.body.len() as u64;
            }
            let _ = stream.write_all(b"0\r\n\r\n").await;
        }
    }
    let _ = stream.shutdown().await;
}
