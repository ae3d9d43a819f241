//! A static file server for the page on localhost, with the MIME types the page needs
//! (application/wasm for streaming compilation) and no path escapes.

use crate::error::{io, CliError};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "wgsl" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "csv" => "text/csv",
        "md" => "text/markdown; charset=utf-8",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

/// Maps a URL path to a file under `root`, refusing anything that climbs out of it.
fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let mut out = root.to_path_buf();
    for c in Path::new(path.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(out)
}

pub fn serve(port: u16, dir: &Path) -> Result<(), CliError> {
    let root = dir.canonicalize().map_err(io(dir))?;
    if !root.join("index.html").exists() {
        return Err(format!("{}: no index.html here (use --dir)", root.display()).into());
    }
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("port {port}: {e}"))?;
    eprintln!("Gradient Lab: serving {} on http://localhost:{port}/", root.display());
    for stream in listener.incoming().flatten() {
        let root = root.clone();
        std::thread::spawn(move || answer(&root, stream));
    }
    Ok(())
}

/// One request per connection (`Connection: close`), each on its own thread. tiny_http
/// was tried first; under CPU load its keep-alive handling left some of the page's module
/// requests unanswered, so the server stays this small instead.
fn answer(root: &Path, mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let line = String::from_utf8_lossy(&head);
    let mut parts = line.split_whitespace();
    let (method, url) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let file = match method {
        "GET" | "HEAD" => resolve(root, url).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))),
        _ => None,
    };
    let (status, kind, body) = match file {
        Some((path, bytes)) => ("200 OK", mime(&path), bytes),
        None => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    // One write of header and body, without Nagle's delay: a header written on its own
    // would hold the body back until the browser's delayed ACK (about 40 ms a file).
    let _ = stream.set_nodelay(true);
    let mut response = header.into_bytes();
    if method != "HEAD" {
        response.extend_from_slice(&body);
    }
    let _ = stream.write_all(&response);
    let _ = stream.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape_the_root() {
        let root = Path::new("/srv/lab");
        assert_eq!(resolve(root, "/www/main.js?x=1"), Some(PathBuf::from("/srv/lab/www/main.js")));
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/www/../../x"), None);
    }
}
