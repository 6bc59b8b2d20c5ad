//! The W3C `traceparent` parser against the spec and its test suite.
//!
//! Valid and invalid values are transcribed from the W3C Trace Context recommendation
//! (<https://www.w3.org/TR/trace-context/>, section 3.2 and its examples) and from the
//! working group's conformance harness, w3c/trace-context `test/test.py`
//! (`test_traceparent_*`: each case there says whether a service must keep the incoming
//! trace-id or start a new trace).

use distlab_core::observability::traceparent::{
    Field, Traceparent, TraceparentError, POST_SHORTHAND, SPEC_EXAMPLE,
};
use proptest::prelude::*;

const T: &str = "12345678901234567890123456789012";
const P: &str = "1234567890123456";

fn ok(s: &str) -> Traceparent {
    Traceparent::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
}

fn err(s: &str) -> TraceparentError {
    match Traceparent::parse(s) {
        Ok(tp) => panic!("{s:?} should be refused, parsed as {tp:?}"),
        Err(e) => e,
    }
}

#[test]
fn spec_example_is_valid_and_sampled() {
    let tp = ok(SPEC_EXAMPLE);
    assert_eq!(tp.version, 0);
    assert_eq!(tp.trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
    assert_eq!(tp.parent_id_hex(), "00f067aa0ba902b7");
    assert_eq!(tp.flags, 1);
    assert!(tp.sampled());
    assert_eq!(tp.to_string(), SPEC_EXAMPLE);
    // The spec's not-sampled variant.
    let tp = ok("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
    assert!(!tp.sampled());
}

/// The post's `00-abc123-def456-01` is a shorthand, not a header: both ids are too short.
#[test]
fn post_shorthand_is_invalid() {
    assert_eq!(
        err(POST_SHORTHAND),
        TraceparentError::WrongLength {
            field: Field::TraceId,
            found: 6,
            text: "abc123".into()
        }
    );
    assert_eq!(
        Traceparent::diagnose(POST_SHORTHAND),
        vec![
            TraceparentError::WrongLength {
                field: Field::TraceId,
                found: 6,
                text: "abc123".into()
            },
            TraceparentError::WrongLength {
                field: Field::ParentId,
                found: 6,
                text: "def456".into()
            },
        ]
    );
    assert_eq!(
        err(POST_SHORTHAND).to_string(),
        "trace-id must be exactly 32 lowercase hex digits, found 6 characters \"abc123\""
    );
}

/// test.py: test_traceparent_included_tracestate_missing, _version_0xcc (valid cases).
#[test]
fn conformance_valid() {
    let tp = ok(&format!("00-{T}-{P}-01"));
    assert_eq!(tp.trace_id_hex(), T);
    assert_eq!(tp.parent_id_hex(), P);
    let tp = ok(&format!("00-{T}-{P}-00"));
    assert!(!tp.sampled());
    // A future version: the four fields are read, the rest ignored after a `-`.
    let tp = ok(&format!("cc-{T}-{P}-01"));
    assert_eq!((tp.version, tp.trace_id_hex()), (0xcc, T.to_string()));
    let tp = ok(&format!("cc-{T}-{P}-01-what-the-future-will-be-like"));
    assert_eq!(tp.trace_id_hex(), T);
    // Unknown flag bits are kept, not refused.
    assert_eq!(ok(&format!("00-{T}-{P}-09")).flags, 9);
}

/// test.py: test_traceparent_ows_handling — whitespace around the field value is allowed.
#[test]
fn conformance_optional_whitespace() {
    for raw in [
        format!(" 00-{T}-{P}-01"),
        format!("\t00-{T}-{P}-01"),
        format!("00-{T}-{P}-01 "),
        format!("00-{T}-{P}-01\t"),
        format!("\t 00-{T}-{P}-01 \t"),
    ] {
        let tp = Traceparent::parse_field_value(&raw).unwrap();
        assert_eq!(tp.trace_id_hex(), T, "{raw:?}");
        // The value itself, untrimmed, is not a valid value.
        assert!(Traceparent::parse(&raw).is_err(), "{raw:?}");
    }
}

/// test.py: every case where a service must start a new trace.
#[test]
fn conformance_invalid() {
    use Field::*;
    use TraceparentError::*;
    let wrong = |field, found: usize, text: &str| WrongLength {
        field,
        found,
        text: text.into(),
    };
    let cases: Vec<(String, TraceparentError)> = vec![
        // test_traceparent_version_0x00: version 00 with trailing data.
        (format!("00-{T}-{P}-01."), wrong(TraceFlags, 3, "01.")),
        (
            format!("00-{T}-{P}-01-what-the-future-will-be-like"),
            TrailingData {
                text: "-what-the-future-will-be-like".into(),
            },
        ),
        // test_traceparent_version_0xcc: a future version still needs `-` after flags.
        (
            format!("cc-{T}-{P}-01.what-the-future-will-be-like"),
            wrong(TraceFlags, 7, "01.what"),
        ),
        // test_traceparent_version_0xff
        (format!("ff-{T}-{P}-01"), VersionFf),
        // test_traceparent_version_illegal_characters
        (
            format!(".0-{T}-{P}-01"),
            NotHex {
                field: Version,
                at: 0,
                found: '.',
            },
        ),
        (
            format!("0.-{T}-{P}-01"),
            NotHex {
                field: Version,
                at: 1,
                found: '.',
            },
        ),
        // test_traceparent_version_too_long / too_short
        (format!("000-{T}-{P}-01"), wrong(Version, 3, "000")),
        (format!("0000-{T}-{P}-01"), wrong(Version, 4, "0000")),
        (format!("0-{T}-{P}-01"), wrong(Version, 1, "0")),
        // test_traceparent_trace_id_all_zero
        (
            format!("00-00000000000000000000000000000000-{P}-01"),
            AllZeros { field: TraceId },
        ),
        // test_traceparent_trace_id_illegal_characters
        (
            format!("00-.2345678901234567890123456789012-{P}-01"),
            NotHex {
                field: TraceId,
                at: 3,
                found: '.',
            },
        ),
        (
            format!("00-1234567890123456789012345678901.-{P}-01"),
            NotHex {
                field: TraceId,
                at: 34,
                found: '.',
            },
        ),
        // test_traceparent_trace_id_too_long / too_short
        (
            format!("00-123456789012345678901234567890123-{P}-01"),
            wrong(TraceId, 33, "123456789012345678901234567890123"),
        ),
        (
            format!("00-1234567890123456789012345678901-{P}-01"),
            wrong(TraceId, 31, "1234567890123456789012345678901"),
        ),
        // test_traceparent_parent_id_all_zero
        (
            format!("00-{T}-0000000000000000-01"),
            AllZeros { field: ParentId },
        ),
        // test_traceparent_parent_id_illegal_characters
        (
            format!("00-{T}-.234567890123456-01"),
            NotHex {
                field: ParentId,
                at: 36,
                found: '.',
            },
        ),
        (
            format!("00-{T}-123456789012345.-01"),
            NotHex {
                field: ParentId,
                at: 51,
                found: '.',
            },
        ),
        // test_traceparent_parent_id_too_long / too_short
        (
            format!("00-{T}-12345678901234567-01"),
            wrong(ParentId, 17, "12345678901234567"),
        ),
        (
            format!("00-{T}-123456789012345-01"),
            wrong(ParentId, 15, "123456789012345"),
        ),
        // test_traceparent_trace_flags_illegal_characters
        (
            format!("00-{T}-{P}-.0"),
            NotHex {
                field: TraceFlags,
                at: 53,
                found: '.',
            },
        ),
        (
            format!("00-{T}-{P}-0."),
            NotHex {
                field: TraceFlags,
                at: 54,
                found: '.',
            },
        ),
        // test_traceparent_trace_flags_too_long / too_short
        (format!("00-{T}-{P}-001"), wrong(TraceFlags, 3, "001")),
        (format!("00-{T}-{P}-1"), wrong(TraceFlags, 1, "1")),
        // The spec's grammar: lowercase hex only.
        (
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01".into(),
            Uppercase {
                field: TraceId,
                at: 4,
                found: 'B',
            },
        ),
        ("".into(), Empty),
        ("00".into(), Missing { field: TraceId }),
        (format!("00-{T}"), Missing { field: ParentId }),
        (format!("00-{T}-{P}"), Missing { field: TraceFlags }),
    ];
    for (input, want) in cases {
        assert_eq!(Traceparent::parse(&input), Err(want), "{input:?}");
    }
}

#[test]
fn display_names_field_and_finding() {
    let e = err(&format!("00-{T}-{P}-0X"));
    assert_eq!(
        e.to_string(),
        "trace-flags has 'X' at position 54, which is not a hex digit"
    );
    let e = err(&format!("00-{T}-{}-01", "ABCDEF0123456789"));
    assert_eq!(
        e.to_string(),
        "parent-id has uppercase 'A' at position 36: traceparent hex must be lowercase"
    );
    assert_eq!(
        err(&format!("ff-{T}-{P}-01")).to_string().split(':').next(),
        Some("version ff is invalid")
    );
    assert!(err("00").to_string().starts_with("trace-id is missing"));
}

#[test]
fn new_refuses_zero_ids() {
    assert!(Traceparent::new([0; 16], [1; 8], true).is_none());
    assert!(Traceparent::new([1; 16], [0; 8], true).is_none());
    let tp = Traceparent::new([0xab; 16], [0x01; 8], false).unwrap();
    assert_eq!(
        tp.to_string(),
        format!("00-{}-{}-00", "ab".repeat(16), "01".repeat(8))
    );
}

proptest! {
    /// format then parse gives back the same header (for every valid version-00 value).
    #[test]
    fn format_parse_round_trip(t in any::<[u8; 16]>(), p in any::<[u8; 8]>(), flags in any::<u8>(),
                               version in 0u8..0xff) {
        prop_assume!(t != [0; 16] && p != [0; 8]);
        let tp = Traceparent { version, trace_id: t, parent_id: p, flags };
        let s = tp.to_string();
        prop_assert_eq!(s.len(), 55);
        prop_assert_eq!(Traceparent::parse(&s), Ok(tp));
    }

    /// parse then format gives back the same text for every accepted version-00 value.
    #[test]
    fn parse_format_round_trip(s in "00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}") {
        if let Ok(tp) = Traceparent::parse(&s) {
            prop_assert_eq!(tp.to_string(), s);
        }
    }

    /// Random strings never panic; an error always names something; a valid 00 is 55 long.
    #[test]
    fn random_input_never_panics(s in "\\PC{0,80}") {
        match Traceparent::parse(&s) {
            Ok(tp) => prop_assert!(tp.version != 0 || s.len() == 55),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        let _ = Traceparent::diagnose(&s);
        let _ = Traceparent::parse_field_value(&s);
    }

    /// Near-misses of a valid header (one character changed) never panic and are refused
    /// unless the change kept every field lowercase hex.
    #[test]
    fn mutated_header_never_panics(i in 0usize..55, c in any::<char>()) {
        let mut chars: Vec<char> = SPEC_EXAMPLE.chars().collect();
        chars[i] = c;
        let s: String = chars.into_iter().collect();
        let r = Traceparent::parse(&s);
        let lower_hex = c.is_ascii_digit() || ('a'..='f').contains(&c);
        if ![2, 35, 52].contains(&i) && !lower_hex {
            prop_assert!(r.is_err());
        }
    }
}
