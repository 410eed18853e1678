//! Go's `time.ParseDuration`, as containerd applies it to `dial_timeout`.
//!
//! containerd rejects the whole hosts.toml when `dial_timeout` does not parse,
//! so the check has to accept exactly what Go accepts: a possibly signed
//! sequence of decimal numbers, each with an optional fraction and a unit
//! (`ns`, `us`, `µs`, `μs`, `ms`, `s`, `m`, `h`), e.g. `"300ms"`, `"-1.5h"`,
//! `"2h45m"`; the bare `"0"` needs no unit. Ported from Go's
//! `src/time/format.go` (`ParseDuration`, `leadingInt`, `leadingFraction`),
//! including its overflow limits, so that error cases match.

use super::go_url::quote;

/// 2^63: the magnitude limit Go checks against before applying the sign.
const LIMIT: u64 = 1 << 63;

/// Parses `s` the way Go's `time.ParseDuration` does and returns the
/// duration in nanoseconds; the error text matches Go's.
pub fn parse_go_duration(s: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", quote(s));
    let (negative, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !rest.is_empty() {
        if !rest.starts_with(|c: char| c == '.' || c.is_ascii_digit()) {
            return Err(invalid());
        }
        let (whole, after_whole) = leading_int(rest).ok_or_else(invalid)?;
        let had_whole = after_whole.len() != rest.len();
        rest = after_whole;

        let (mut fraction, mut scale, mut had_fraction) = (0u64, 1f64, false);
        if let Some(after_dot) = rest.strip_prefix('.') {
            let (f, sc, after_fraction) = leading_fraction(after_dot);
            had_fraction = after_fraction.len() != after_dot.len();
            (fraction, scale) = (f, sc);
            rest = after_fraction;
        }
        if !had_whole && !had_fraction {
            return Err(invalid());
        }

        let unit_len = rest
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(rest.len());
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {}", quote(s)));
        }
        let (unit_name, after_unit) = rest.split_at(unit_len);
        rest = after_unit;
        let unit = unit_nanos(unit_name).ok_or_else(|| {
            format!(
                "time: unknown unit {} in duration {}",
                quote(unit_name),
                quote(s)
            )
        })?;

        if whole > LIMIT / unit {
            return Err(invalid());
        }
        let mut value = whole * unit;
        if fraction > 0 {
            // Go converts the float product to uint64 (truncating); the
            // product is at most 3.6e12 (one hour), so it always fits.
            let extra = (fraction as f64 * (unit as f64 / scale)) as u64;
            value = value.checked_add(extra).ok_or_else(invalid)?;
            if value > LIMIT {
                return Err(invalid());
            }
        }
        total = total.checked_add(value).ok_or_else(invalid)?;
        if total > LIMIT {
            return Err(invalid());
        }
    }
    if negative {
        // total <= 2^63, so -(total) fits in i64 (i64::MIN at the limit).
        return Ok((-(i128::from(total))) as i64);
    }
    i64::try_from(total).map_err(|_| invalid())
}

fn unit_nanos(unit: &str) -> Option<u64> {
    Some(match unit {
        "ns" => 1,
        "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60 * 1_000_000_000,
        "h" => 60 * 60 * 1_000_000_000,
        _ => return None,
    })
}

/// Go's `leadingInt`: consumes `[0-9]*`; `None` on overflow past 2^63.
fn leading_int(s: &str) -> Option<(u64, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let mut x: u64 = 0;
    for b in s.bytes().take(digits) {
        if x > LIMIT / 10 {
            return None;
        }
        x = x * 10 + u64::from(b - b'0');
        if x > LIMIT {
            return None;
        }
    }
    Some((x, &s[digits..]))
}

/// Go's `leadingFraction`: consumes `[0-9]*`, silently dropping precision
/// that would overflow.
fn leading_fraction(s: &str) -> (u64, f64, &str) {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let (mut x, mut scale, mut overflow) = (0u64, 1f64, false);
    for b in s.bytes().take(digits) {
        if overflow {
            continue;
        }
        if x > (LIMIT - 1) / 10 {
            overflow = true;
            continue;
        }
        let y = x * 10 + u64::from(b - b'0');
        if y > LIMIT {
            overflow = true;
            continue;
        }
        x = y;
        scale *= 10.0;
    }
    (x, scale, &s[digits..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: i64 = 1_000_000_000;

    #[test]
    fn accepts_go_durations() {
        // Expected values from Go's time package tests (parseDurationTests).
        let cases: [(&str, i64); 20] = [
            ("0", 0),
            ("-0", 0),
            ("+0", 0),
            ("5s", 5 * SECOND),
            ("30s", 30 * SECOND),
            ("1478s", 1478 * SECOND),
            ("-5s", -5 * SECOND),
            ("+5s", 5 * SECOND),
            ("1m30s", 90 * SECOND),
            ("1.5h", 5400 * SECOND),
            ("-1.5h", -5400 * SECOND),
            (".5s", SECOND / 2),
            ("1.s", SECOND),
            ("1.0s", SECOND),
            ("100ms", 100_000_000),
            ("10us", 10_000),
            ("10\u{b5}s", 10_000),
            ("10\u{3bc}s", 10_000),
            ("13ns", 13),
            ("3h30m", 12_600 * SECOND),
        ];
        for (input, nanos) in cases {
            assert_eq!(parse_go_duration(input), Ok(nanos), "{input}");
        }
        assert_eq!(
            parse_go_duration("9223372036854775807ns"),
            Ok(i64::MAX),
            "largest"
        );
        assert_eq!(
            parse_go_duration("-9223372036854775808ns"),
            Ok(i64::MIN),
            "smallest"
        );
        assert_eq!(
            parse_go_duration("0.3333333333333333333h"),
            Ok(1_200_000_000_000)
        );
    }

    #[test]
    fn rejects_what_go_rejects_with_go_messages() {
        let cases = [
            ("", "time: invalid duration \"\""),
            ("3", "time: missing unit in duration \"3\""),
            ("-", "time: invalid duration \"-\""),
            ("s", "time: invalid duration \"s\""),
            (".", "time: invalid duration \".\""),
            ("-.", "time: invalid duration \"-.\""),
            (".s", "time: invalid duration \".s\""),
            ("+.s", "time: invalid duration \"+.s\""),
            ("1d", "time: unknown unit \"d\" in duration \"1d\""),
            ("30 s", "time: unknown unit \" s\" in duration \"30 s\""),
            ("1S", "time: unknown unit \"S\" in duration \"1S\""),
            ("5sec", "time: unknown unit \"sec\" in duration \"5sec\""),
            (" 5s", "time: invalid duration \" 5s\""),
            ("--5s", "time: invalid duration \"--5s\""),
            (
                "9223372036854775808ns",
                "time: invalid duration \"9223372036854775808ns\"",
            ),
            (
                "9223372036854775810ns",
                "time: invalid duration \"9223372036854775810ns\"",
            ),
            ("3000000h", "time: invalid duration \"3000000h\""),
        ];
        for (input, message) in cases {
            assert_eq!(
                parse_go_duration(input),
                Err(message.to_string()),
                "{input:?}"
            );
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for input in [
            "µ",
            "1µ",
            "1.µs.",
            "\u{0}",
            "1e3s",
            "0x10s",
            "1_000s",
            "9".repeat(40).as_str(),
        ] {
            let _ = parse_go_duration(input);
        }
    }
}
