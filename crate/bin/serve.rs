//! A static file server for the page on localhost (tiny_http), with the MIME types the
//! page needs (application/wasm for streaming compilation) and no path escapes.

use std::path::{Component, Path, PathBuf};

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

pub fn serve(port: u16, dir: &Path) -> Result<(), String> {
    let root = dir.canonicalize().map_err(|e| format!("{}: {e}", dir.display()))?;
    if !root.join("index.html").exists() {
        return Err(format!("{}: no index.html here (use --dir)", root.display()));
    }
    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| format!("port {port}: {e}"))?;
    eprintln!("Gradient Lab: serving {} on http://localhost:{port}/", root.display());
    for request in server.incoming_requests() {
        let file = resolve(&root, request.url()).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b)));
        let response = match file {
            Some((path, bytes)) => {
                let header = tiny_http::Header::from_bytes("Content-Type", mime(&path)).unwrap();
                let no_cache = tiny_http::Header::from_bytes("Cache-Control", "no-cache").unwrap();
                tiny_http::Response::from_data(bytes).with_header(header).with_header(no_cache)
            }
            None => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
        };
        let _ = request.respond(response);
    }
    Ok(())
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
