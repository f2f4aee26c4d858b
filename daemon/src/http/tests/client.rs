//! A small HTTP/1.1 client over a plain TCP stream: requests as a browser
//! sends them, responses read to the end with their chunked body decoded,
//! and whether that body ended properly or broke off.

use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A response as read off the wire.
#[derive(Debug)]
pub(crate) struct Reply {
    /// 0 when the connection ended before a whole response head came.
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The body ended as HTTP says it must (its last chunk, or its full
    /// length), rather than the connection breaking off.
    pub complete: bool,
}

impl Reply {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET path`.
pub(crate) async fn get(addr: SocketAddr, path: &str) -> Reply {
    send(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
    )
    .await
}

/// `POST path` with a form body, as the page's form sends it.
pub(crate) async fn post_form(addr: SocketAddr, path: &str, form: &str) -> Reply {
    send(
        addr,
        &form_request(path, "application/x-www-form-urlencoded", form),
    )
    .await
}

/// The raw text of a `POST` with `body` of `content_type`.
pub(crate) fn form_request(path: &str, content_type: &str, body: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// Sends `request` as it is and reads the whole response.
pub(crate) async fn send(addr: SocketAddr, request: &str) -> Reply {
    tokio::time::timeout(Duration::from_secs(60), async {
        let mut stream = TcpStream::connect(addr).await.expect("the server accepts");
        stream
            .write_all(request.as_bytes())
            .await
            .expect("the request is sent");
        let mut raw = Vec::new();
        let mut buf = [0u8; 16 * 1024];
        // A connection broken off mid-body ends the reading like its close.
        while let Ok(n) = stream.read(&mut buf).await {
            if n == 0 {
                break;
            }
            raw.extend_from_slice(&buf[..n]);
        }
        parse(&raw)
    })
    .await
    .expect("the response arrives within a minute")
}

/// Sends `request`, reads the head and at least `at_least` bytes of body,
/// and hands back the head with the open connection, for a test to drop or
/// keep reading.
pub(crate) async fn start(addr: SocketAddr, request: &str, at_least: usize) -> (Reply, TcpStream) {
    tokio::time::timeout(Duration::from_secs(60), async {
        let mut stream = TcpStream::connect(addr).await.expect("the server accepts");
        stream
            .write_all(request.as_bytes())
            .await
            .expect("the request is sent");
        let mut raw = Vec::new();
        let mut buf = [0u8; 16 * 1024];
        loop {
            let n = stream.read(&mut buf).await.expect("the response comes");
            assert!(
                n > 0,
                "the connection ended early: {}",
                String::from_utf8_lossy(&raw)
            );
            raw.extend_from_slice(&buf[..n]);
            if let Some(end) = head_end(&raw) {
                if raw.len() - end >= at_least {
                    break;
                }
            }
        }
        (parse(&raw), stream)
    })
    .await
    .expect("the response starts within a minute")
}

fn head_end(raw: &[u8]) -> Option<usize> {
    raw.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4)
}

/// Parses a response; a chunked body is decoded as far as it goes.
fn parse(raw: &[u8]) -> Reply {
    let Some(end) = head_end(raw) else {
        return Reply {
            status: 0,
            headers: Vec::new(),
            body: Vec::new(),
            complete: false,
        };
    };
    let head = String::from_utf8_lossy(&raw[..end - 4]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let rest = &raw[end..];
    let mut reply = Reply {
        status,
        headers,
        body: Vec::new(),
        complete: false,
    };
    if reply
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        let (body, complete) = dechunk(rest);
        reply.body = body;
        reply.complete = complete;
    } else {
        let length = reply
            .header("content-length")
            .and_then(|v| v.parse::<usize>().ok());
        reply.body = rest.to_vec();
        reply.complete = length.is_none_or(|l| l == rest.len());
    }
    reply
}

/// The data of a chunked body, and whether its last chunk came.
fn dechunk(mut rest: &[u8]) -> (Vec<u8>, bool) {
    let mut body = Vec::new();
    loop {
        let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") else {
            return (body, false);
        };
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size_text = size_text
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        let Ok(size) = usize::from_str_radix(&size_text, 16) else {
            return (body, false);
        };
        rest = &rest[line_end + 2..];
        if size == 0 {
            return (body, rest.starts_with(b"\r\n"));
        }
        if rest.len() < size + 2 {
            body.extend_from_slice(&rest[..rest.len().min(size)]);
            return (body, false);
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

#[test]
fn a_chunked_body_is_complete_only_with_its_last_chunk() {
    assert_eq!(
        dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"),
        (b"abcde".to_vec(), true)
    );
    assert_eq!(dechunk(b"3\r\nabc\r\n2\r\nd"), (b"abcd".to_vec(), false));
    assert_eq!(dechunk(b"3\r\nabc\r\n"), (b"abc".to_vec(), false));
}
