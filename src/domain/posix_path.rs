//! Slash-separated path arithmetic as Go's `path` package does it, for
//! predicting the paths containerd computes on Linux nodes.

/// Go's `path.Clean`: removes `.` and empty segments and resolves `..`.
pub fn clean(path: &str) -> String {
    if is_clean(path) {
        return path.to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|last| *last != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// Whether `clean` would return `path` unchanged: not empty, no empty, `.` or `..` segment,
/// and no trailing `/` except for the root itself.
fn is_clean(path: &str) -> bool {
    if path == "/" {
        return true;
    }
    let relative = path.strip_prefix('/').unwrap_or(path);
    !relative.is_empty() && relative.split('/').all(|s| !matches!(s, "" | "." | ".."))
}

/// containerd's `makeAbsPath`: absolute paths stay, relative ones are
/// joined to `base` (`filepath.Join`, which cleans).
pub fn resolve(path: &str, base: &str) -> String {
    if path.starts_with('/') {
        clean(path)
    } else {
        clean(&format!("{base}/{path}"))
    }
}

/// The last component of a path written with `/` or `\` separators,
/// ignoring trailing separators: `./files/docker.io/` → `docker.io`.
pub fn file_name(path: &str) -> &str {
    path.trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_like_go() {
        // Cases from Go's path.Clean tests.
        for (input, expected) in [
            ("", "."),
            ("abc", "abc"),
            ("abc/def/", "abc/def"),
            ("/abc/./def", "/abc/def"),
            ("abc//def//ghi", "abc/def/ghi"),
            ("/../abc", "/abc"),
            ("abc/../../x", "../x"),
            ("/a/b/../c/./d/", "/a/c/d"),
            ("//", "/"),
            ("/", "/"),
            (".", "."),
            ("..", ".."),
            ("/..", "/"),
            ("a/", "a"),
            ("/v2", "/v2"),
            ("/a/b.c/..d/v2", "/a/b.c/..d/v2"),
        ] {
            assert_eq!(clean(input), expected, "{input}");
        }
    }

    #[test]
    fn resolves_relative_to_the_hosts_directory() {
        let dir = "/etc/containerd/certs.d/docker-registry:5000";
        assert_eq!(
            resolve("tls.crt", dir),
            "/etc/containerd/certs.d/docker-registry:5000/tls.crt"
        );
        assert_eq!(
            resolve("../../certs/tls.crt", dir),
            "/etc/containerd/certs/tls.crt"
        );
        assert_eq!(
            resolve("/etc/containerd/certs/a.crt", dir),
            "/etc/containerd/certs/a.crt"
        );
        assert_eq!(resolve("", dir), dir);
    }

    #[test]
    fn file_names() {
        assert_eq!(file_name("./files/containerd/docker.io"), "docker.io");
        assert_eq!(file_name("docker.io"), "docker.io");
        assert_eq!(file_name("files/docker.io/"), "docker.io");
        assert_eq!(file_name("C:\\files\\registry.k8s.io"), "registry.k8s.io");
        assert_eq!(file_name("/"), "");
        assert_eq!(file_name(""), "");
    }
}
