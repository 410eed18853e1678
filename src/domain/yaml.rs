//! Writing YAML scalars that read back byte for byte.
//!
//! cloud-init parses user data with PyYAML (YAML 1.1), so file contents
//! must survive a YAML 1.1 reader exactly. Literal block scalars (`|`) keep
//! text readable and carry it unchanged when the chomping indicator matches
//! the trailing newlines (`|-` none, `|` one, `|+` more) and an indentation
//! indicator is given when the first line starts with a space. They cannot
//! carry `\r`, other control characters, NEL/LS/PS (line breaks in YAML 1.1)
//! or a byte order mark; such text is written double-quoted with escapes.

/// Spaces between a parent node's column and its block scalar content;
/// also the explicit indentation indicator.
const STEP: usize = 2;

/// The text after `key:` (or `-`) for a value that may span lines: a
/// literal block scalar when it round-trips, otherwise a double-quoted
/// string. `parent_indent` is the column of the key (or `-`). The result
/// starts with a space and ends with a newline; it is appended to `out`.
pub fn push_block_value(out: &mut String, content: &str, parent_indent: usize) {
    if !block_can_carry(content) {
        out.push(' ');
        out.push_str(&double_quoted(content));
        out.push('\n');
        return;
    }
    let body = content.strip_suffix('\n').unwrap_or(content);
    let chomping = if !content.ends_with('\n') {
        "-"
    } else if body.ends_with('\n') {
        "+"
    } else {
        ""
    };
    let first_text_line = body.split('\n').find(|line| !line.is_empty());
    out.push_str(" |");
    if first_text_line.is_some_and(|line| line.starts_with(' ')) {
        out.push_str(&STEP.to_string());
    }
    out.push_str(chomping);
    out.push('\n');
    for line in body.split('\n') {
        if !line.is_empty() {
            push_spaces(out, parent_indent + STEP);
            out.push_str(line);
        }
        out.push('\n');
    }
}

fn push_spaces(out: &mut String, count: usize) {
    const SPACES: &str = "                ";
    let mut left = count;
    while left > 0 {
        let now = left.min(SPACES.len());
        out.push_str(&SPACES[..now]);
        left -= now;
    }
}

/// Whether a literal block scalar can carry `content` exactly.
fn block_can_carry(content: &str) -> bool {
    content.chars().any(|c| c != '\n') && content.chars().all(allowed_in_block)
}

fn allowed_in_block(c: char) -> bool {
    match c {
        '\t' | '\n' | ' '..='~' => true,
        '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => false,
        c => c >= '\u{a0}',
    }
}

/// A one-line scalar: plain when it cannot be mistaken for anything but
/// the same string, otherwise double-quoted.
pub fn push_inline_scalar(out: &mut String, s: &str) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else {
        out.push_str(&double_quoted(s));
    }
}

/// Conservative plain scalars: paths and names such as
/// `/etc/containerd/certs.d/docker.io/hosts.toml` or `root:root`.
fn is_plain_safe(s: &str) -> bool {
    const RESERVED: [&str; 10] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    ];
    let starts_well = s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
    starts_well
        && !s.ends_with(':')
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | ':' | '@' | '+')
        })
        && !RESERVED.iter().any(|r| r.eq_ignore_ascii_case(s))
}

/// A single-quoted scalar, for values that must stay strings (`'0644'`).
/// Falls back to double quotes for text single quotes cannot carry.
pub fn single_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_single_quoted(&mut out, s);
    out
}

/// [`single_quoted`], appended to `out`.
pub fn push_single_quoted(out: &mut String, s: &str) {
    if s.chars()
        .all(|c| c == ' ' || (c != '\u{feff}' && allowed_in_block(c) && c != '\n' && c != '\t'))
    {
        out.push('\'');
        for (i, part) in s.split('\'').enumerate() {
            if i > 0 {
                out.push_str("''");
            }
            out.push_str(part);
        }
        out.push('\'');
    } else {
        out.push_str(&double_quoted(s));
    }
}

/// A double-quoted scalar with YAML escapes for everything that is not
/// printable on its own.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            ' '..='~' => out.push(c),
            c if u32::from(c) < 0x100 && !allowed_in_block(c) => {
                out.push_str(&format!("\\x{:02X}", u32::from(c)));
            }
            c if allowed_in_block(c) => out.push(c),
            c if u32::from(c) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08X}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_value(content: &str, parent_indent: usize) -> String {
        let mut out = String::new();
        push_block_value(&mut out, content, parent_indent);
        out
    }

    fn inline_scalar(s: &str) -> String {
        let mut out = String::new();
        push_inline_scalar(&mut out, s);
        out
    }

    #[test]
    fn chomping_follows_trailing_newlines() {
        assert_eq!(block_value("a\n", 4), " |\n      a\n");
        assert_eq!(block_value("a", 4), " |-\n      a\n");
        assert_eq!(block_value("a\n\n", 4), " |+\n      a\n\n");
        assert_eq!(block_value("a\n\nb\n", 0), " |\n  a\n\n  b\n");
    }

    #[test]
    fn leading_space_needs_an_indentation_indicator() {
        assert_eq!(block_value("  a\nb\n", 4), " |2\n        a\n      b\n");
        assert_eq!(block_value("\n\n  a", 4), " |2-\n\n\n        a\n");
        assert_eq!(block_value("\ta\n", 4), " |\n      \ta\n");
    }

    #[test]
    fn falls_back_to_double_quotes() {
        assert_eq!(block_value("", 4), " \"\"\n");
        assert_eq!(block_value("\n\n", 4), " \"\\n\\n\"\n");
        assert_eq!(block_value("a\r\nb\r\n", 4), " \"a\\r\\nb\\r\\n\"\n");
        assert_eq!(block_value("\u{feff}x", 4), " \"\\uFEFFx\"\n");
        assert_eq!(block_value("a\u{85}b", 4), " \"a\\x85b\"\n");
        assert_eq!(block_value("a\u{2028}", 4), " \"a\\u2028\"\n");
        assert_eq!(block_value("\u{1}", 4), " \"\\x01\"\n");
    }

    #[test]
    fn double_quoted_escapes() {
        assert_eq!(
            double_quoted("a\"b\\c\t\u{7f}é😀"),
            "\"a\\\"b\\\\c\\t\\x7Fé😀\""
        );
        assert_eq!(double_quoted("\u{ffff}"), "\"\\uFFFF\"");
    }

    #[test]
    fn plain_only_when_unambiguous() {
        assert_eq!(
            inline_scalar("/etc/containerd/certs.d/registry.example.com:5000/hosts.toml"),
            "/etc/containerd/certs.d/registry.example.com:5000/hosts.toml"
        );
        assert_eq!(inline_scalar("root:root"), "root:root");
        assert_eq!(
            inline_scalar("/etc/containerd/certs.d/[::1]:5000/hosts.toml"),
            "\"/etc/containerd/certs.d/[::1]:5000/hosts.toml\""
        );
        assert_eq!(inline_scalar("-c"), "\"-c\"");
        assert_eq!(inline_scalar("yes"), "\"yes\"");
        assert_eq!(inline_scalar("0644"), "\"0644\"");
        assert_eq!(inline_scalar("a b"), "\"a b\"");
        assert_eq!(inline_scalar("a:"), "\"a:\"");
        assert_eq!(inline_scalar(""), "\"\"");
    }

    #[test]
    fn single_quoted_keeps_strings() {
        assert_eq!(single_quoted("0644"), "'0644'");
        assert_eq!(single_quoted("it's"), "'it''s'");
        assert_eq!(single_quoted("a\nb"), "\"a\\nb\"");
    }
}
