//! Change data capture against dual writes: known answers from PostgreSQL, Debezium and
//! Kafka, and properties over many seeds.

use distlab_core::cdc::event::pretty;
use distlab_core::cdc::row::{iso_utc, json_str};
use distlab_core::cdc::topic::{murmur2, partition_for};
use distlab_core::cdc::wal::{OldImage, FIRST_LSN};
use distlab_core::cdc::workload::Rng;
use distlab_core::cdc::*;

fn sim(seed: u64) -> Sim {
    Sim::new(Config {
        seed,
        ..Config::default()
    })
}

/// PostgreSQL's pg_lsn documentation: "printed as two hexadecimal numbers of up to 8
/// digits each, separated by a slash; for example, 16/B374D848".
#[test]
fn lsn_prints_as_postgresql_does() {
    assert_eq!(Lsn(291_840).to_string(), "0/47400");
    assert_eq!(Lsn(0x16_B374_D848).to_string(), "16/B374D848");
    assert_eq!(Lsn::parse("16/B374D848"), Some(Lsn(0x16_B374_D848)));
    assert_eq!(Lsn(0).to_string(), "0/0");
    assert_eq!(Lsn(u64::MAX).to_string(), "FFFFFFFF/FFFFFFFF");
    for bad in ["", "0", "/1", "1/", "G/0", "123456789/0", "0/1/2"] {
        assert_eq!(Lsn::parse(bad), None, "{bad}");
    }
    let mut rng = Rng(9);
    for _ in 0..1000 {
        let l = Lsn(rng.next_u64());
        assert_eq!(Lsn::parse(&l.to_string()), Some(l));
    }
    assert_eq!(Lsn(300).since(Lsn(200)), 100);
    assert_eq!(Lsn(200).since(Lsn(300)), 0);
}

/// The post's example, exactly: op c, before null, after the x7Kp2 row, source.table
/// links, source.lsn 291840.
#[test]
fn the_posts_insert_event_comes_out_exactly() {
    let mut s = sim(1);
    s.step();
    let ev = s.event(0).expect("first event").clone();
    assert_eq!(ev.op, Op::Create);
    assert_eq!(ev.lsn, FIRST_LSN);
    assert_eq!(ev.lsn.to_string(), "0/47400");
    let json = ev.json();
    assert!(json.starts_with("{\"before\":null,\"after\":{\"id\":\"x7Kp2\",\"dest\":\"https://example.com\",\"user_id\":123,\"created_at\":\"2025-06-01T14:00:00Z\"},\"source\":{"), "{json}");
    assert!(json.contains("\"table\":\"links\""));
    assert!(json.contains("\"schema\":\"public\""));
    assert!(json.contains("\"lsn\":291840,"));
    assert!(json.contains("\"txId\":767,"));
    assert!(json.contains(
        "\"source\":{\"connector\":\"postgresql\",\"name\":\"postgres\",\"ts_ms\":1748786400000,"
    ));
    assert!(json.contains("\"op\":\"c\",\"ts_ms\":"));
    // source.sequence is a string holding JSON, its quotes escaped.
    assert!(
        json.contains("\"sequence\":\"[null,\\\"291840\\\"]\""),
        "{json}"
    );
    assert_eq!(ev.key_json(), "{\"id\":\"x7Kp2\"}");
    assert!(pretty(&json, 9).contains("\n  \"op\": \"c\",\n"));
    assert!(pretty(&json, 9).contains("\n    \"id\": \"x7Kp2\",\n"));
    assert!(pretty(&json, 1).contains("\n  \"after\": {\"id\": \"x7Kp2\", \"dest\": \"https://example.com\", \"user_id\": 123, \"created_at\": \"2025-06-01T14:00:00Z\"},\n"));
}

#[test]
fn json_strings_are_escaped() {
    assert_eq!(json_str("a\"b\\c\nd\u{1}"), "\"a\\\"b\\\\c\\nd\\u0001\"");
    assert_eq!(json_str("https://x?a=1&b=2"), "\"https://x?a=1&b=2\"");
    assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
    assert_eq!(iso_utc(1_748_786_400_000), "2025-06-01T14:00:00Z");
    assert_eq!(iso_utc(951_782_400_123), "2000-02-29T00:00:00.123Z");
}

/// Debezium (PostgreSQL connector, "Replica identity"): DEFAULT gives UPDATE and DELETE
/// events the previous values of the primary key columns only (and an UPDATE only the
/// key columns whose values changed, so none when the key is kept); FULL the previous
/// values of all columns. A delete is followed by a tombstone: same key, null value.
#[test]
fn before_depends_on_replica_identity_and_deletes_leave_a_tombstone() {
    let mut db = Database::new(WalLimits::default());
    let row = workload::post_example_row();
    db.insert(row.clone(), 0).unwrap();
    db.update("x7Kp2", "https://example.org", 1).unwrap();
    db.replica_identity = ReplicaIdentity::Full;
    db.update("x7Kp2", "https://example.net", 2).unwrap();
    db.replica_identity = ReplicaIdentity::Default;
    db.delete("x7Kp2", 3).unwrap();
    use distlab_core::cdc::wal::RecordKind::*;
    let kinds: Vec<_> = db
        .wal
        .iter()
        .filter(|r| !matches!(r.kind, Commit | RunningXacts))
        .map(|r| r.kind.clone())
        .collect();
    assert!(matches!(&kinds[1], Update(OldImage::None, _)));
    assert!(matches!(&kinds[2], Update(OldImage::Full(r), _) if r.dest == "https://example.org"));
    assert!(matches!(&kinds[3], Delete(OldImage::Key(k)) if k == "x7Kp2"));

    // Through the pipeline: the delete event's before holds only the key, then a
    // tombstone; under FULL the whole row.
    for (identity, before) in [
        (ReplicaIdentity::Default, "{\"id\":\"x7Kp2\",\"dest\":null,\"user_id\":null,\"created_at\":null}"),
        (ReplicaIdentity::Full, "{\"id\":\"x7Kp2\",\"dest\":\"https://example.com\",\"user_id\":123,\"created_at\":\"2025-06-01T14:00:00Z\"}"),
    ] {
        let mut s = sim(3);
        s.db.replica_identity = identity;
        s.step();
        let ts = s.workload.now_ms;
        s.db.delete("x7Kp2", ts).unwrap();
        for _ in 0..3 {
            s.set_stalled(Who::Connector, false);
            // Step without new work on x7Kp2: any op of the workload is fine.
            s.step();
        }
        let (p, _) = s.published[0];
        let part = &s.topic.partitions[p];
        let d = part
            .iter()
            .position(|r| r.key == "x7Kp2" && matches!(&r.value, Some(e) if e.op == Op::Delete))
            .expect("delete event");
        let e = part[d].value.as_ref().unwrap();
        assert_eq!(e.before_json(), before);
        assert!(e.json().contains("\"after\":null"));
        assert!(e.json().contains("\"op\":\"d\""));
        assert_eq!(part[d + 1].key, "x7Kp2");
        assert_eq!(part[d + 1].value, None, "tombstone");
    }
}

/// Snapshot rows are op r with before null.
#[test]
fn snapshot_rows_are_reads() {
    let mut s = sim(4);
    for _ in 0..20 {
        s.step();
    }
    let snap = s.snapshot_events();
    assert_eq!(snap.len(), s.db.rows.len());
    for e in &snap {
        assert_eq!(e.op, Op::Read);
        assert!(e.json().starts_with("{\"before\":null,"));
        assert!(e.json().contains("\"snapshot\":\"true\""));
    }
}

/// librdkafka's src/rdmurmur2.c unit test, `java_murmur2_results` (the values Kafka's
/// Java client gives).
#[test]
fn kafka_murmur2_known_answers() {
    let cases: [(&str, u32); 11] = [
        ("kafka", 0xd067cf64),
        ("giberish123456789", 0x8f552b0c),
        ("1234", 0x9fc97b14),
        ("234", 0xe7c009ca),
        ("34", 0x873930da),
        ("4", 0x5a4b5ca1),
        ("PreAmbleWillBeRemoved,ThePrePartThatIs", 0x78424f1c),
        ("reAmbleWillBeRemoved,ThePrePartThatIs", 0x4a62b377),
        ("eAmbleWillBeRemoved,ThePrePartThatIs", 0xe0e4e09e),
        ("AmbleWillBeRemoved,ThePrePartThatIs", 0x62b8b43f),
        ("", 0x106e08d9),
    ];
    for (k, h) in cases {
        assert_eq!(murmur2(k.as_bytes()), h, "{k}");
    }
    assert_eq!(
        partition_for("kafka", 3),
        (0xd067cf64u32 & 0x7fffffff) as usize % 3
    );
    assert_eq!(partition_for("anything", 0), 0);
}

/// Every change of one row lands in one partition, in WAL order.
#[test]
fn one_rows_changes_share_a_partition_in_lsn_order() {
    for seed in 0..20 {
        let mut s = sim(seed);
        for _ in 0..200 {
            s.step();
        }
        for (p, part) in s.topic.partitions.iter().enumerate() {
            let mut last: std::collections::BTreeMap<&str, Lsn> = Default::default();
            for r in part {
                assert_eq!(partition_for(&r.key, 3), p);
                if let Some(e) = &r.value {
                    if let Some(prev) = last.insert(&r.key, e.lsn) {
                        assert!(prev < e.lsn, "seed {seed}");
                    }
                }
            }
        }
    }
}

fn who(k: u64) -> Who {
    match k % 4 {
        0 => Who::Connector,
        1 => Who::Consumer(Sink::Search),
        2 => Who::Consumer(Sink::Cache),
        _ => Who::Consumer(Sink::Warehouse),
    }
}

/// Any seeded sequence of stalls, resumes, crashes and failed consumer writes: once
/// everything runs again, every CDC-fed store equals the database.
#[test]
fn cdc_converges_after_any_stalls_and_crashes() {
    for seed in 0..200u64 {
        let mut s = sim(seed);
        let mut f = Rng(seed ^ 0xC0FFEE);
        for _ in 0..300 {
            match f.below(12) {
                0 => s.set_stalled(who(f.next_u64()), true),
                1 => s.set_stalled(who(f.next_u64()), false),
                2 => s.crash(who(f.next_u64())),
                3 => s.fail_next_write(SINKS[f.below(3) as usize]),
                4 => s.reorder_next_update(),
                5 => s.crash_app_between_writes(),
                _ => {}
            }
            s.step();
        }
        for k in 0..4 {
            s.set_stalled(who(k), false);
        }
        let mut n = 0;
        while !s.cdc_converged() {
            s.step();
            n += 1;
            assert!(n < 500, "seed {seed} did not converge");
        }
        for sink in SINKS {
            assert!(s.cdc_behind(sink).is_empty(), "seed {seed} {sink:?}");
        }
    }
}

/// Each dual-write fault leaves rows out of step, and they are found and counted.
#[test]
fn dual_write_divergence_is_detected_and_counted() {
    // A failed Elasticsearch write on the post's insert: the search index lacks x7Kp2.
    let mut s = sim(5);
    s.fail_next_write(Sink::Search);
    s.step();
    assert_eq!(s.dual_diverged(Sink::Search), vec!["x7Kp2".to_string()]);
    assert_eq!(s.dual.failed, 1);
    // ...while the CDC consumer retried and caught up.
    s.step();
    assert!(s.cdc_behind(Sink::Search).is_empty());
    assert_eq!(s.consumers[0].retries, 1);

    // Over many seeds: the moment a fault fires, some store is out of step (and the
    // count says which rows); CDC's stores catch up.
    for seed in 0..100u64 {
        for fault in 0..3 {
            let mut s = sim(seed);
            for _ in 0..10 {
                s.step();
            }
            match fault {
                0 => s.fail_next_write(Sink::Warehouse),
                1 => s.crash_app_between_writes(),
                _ => s.reorder_next_update(),
            }
            let fired = |s: &Sim| s.dual.failed + s.dual.crashes + s.reorders;
            // The fault waits for an operation that writes (an update, for a reorder).
            let mut n = 0;
            while fired(&s) == 0 {
                s.step();
                n += 1;
                assert!(n < 100, "seed {seed} fault {fault} never fired");
            }
            let d: usize = SINKS.iter().map(|k| s.dual_diverged(*k).len()).sum();
            assert!(d > 0, "seed {seed} fault {fault}: {}", s.last);
            if fault == 2 {
                assert!(!s.dual_diverged(Sink::Search).is_empty());
            }
            // The CDC consumer retries its failed write on the next tick.
            s.step();
            assert!(s.cdc_converged(), "seed {seed} fault {fault}");
        }
    }
}

/// Replay from a committed offset (or the slot's confirmed LSN) applies no change twice.
#[test]
fn replay_applies_no_change_twice() {
    for seed in 0..50u64 {
        let mut s = sim(seed);
        let mut f = Rng(seed);
        for t in 0..200u64 {
            if t % 7 == 6 {
                s.crash(who(f.next_u64()));
            }
            s.step();
        }
        while !s.cdc_converged() {
            s.step();
        }
        let distinct: std::collections::BTreeSet<u64> = s
            .topic
            .partitions
            .iter()
            .flatten()
            .filter_map(|r| r.value.as_ref().map(|e| e.lsn.0))
            .collect();
        let dupes = s.topic.len() - distinct.len();
        assert!(
            s.connector.crashes == 0 || dupes > 0 || s.consumers.iter().any(|c| c.duplicates > 0)
        );
        for sink in [Sink::Search, Sink::Warehouse] {
            let c = &s.consumers[sink.index()];
            assert_eq!(
                c.applied as usize,
                distinct.len(),
                "seed {seed}: each change applied once"
            );
        }
        // Replaying the whole topic into a converged store changes nothing.
        for c in &s.consumers {
            let mut st = c.store.clone();
            for r in s.topic.partitions.iter().flatten() {
                if let Some(e) = &r.value {
                    assert_eq!(st.apply_cdc(e), store::Applied::Duplicate);
                }
            }
            assert_eq!(st, c.store);
        }
    }
}

/// A stalled connector: retained WAL and slot lag grow, wal_status passes max_wal_size
/// (PostgreSQL docs, pg_replication_slots.wal_status: "extended means that max_wal_size
/// is exceeded but the files are still retained"); after it resumes and confirms, they
/// drop.
#[test]
fn retained_wal_grows_while_stalled_and_drops_after_confirm() {
    let mut s = sim(7);
    for _ in 0..10 {
        s.step();
    }
    let before = s.db.retained_wal();
    assert_eq!(s.db.wal_status(), WalStatus::Reserved);
    s.set_stalled(Who::Connector, true);
    let mut last = before;
    for _ in 0..60 {
        s.step();
        assert!(s.db.retained_wal() >= last);
        last = s.db.retained_wal();
    }
    assert!(last > before + 2000, "{before} → {last}");
    assert!(s.db.slot_lag() > 2000);
    assert_eq!(s.db.wal_status(), WalStatus::Extended);
    assert_eq!(
        s.db.slot.confirmed_flush_lsn,
        s.db.slot.confirmed_flush_lsn.min(s.db.current)
    );
    s.set_stalled(Who::Connector, false);
    for _ in 0..30 {
        s.step();
    }
    assert!(s.db.retained_wal() < 1000, "{}", s.db.retained_wal());
    assert!(s.db.slot.restart_lsn <= s.db.slot.confirmed_flush_lsn);
    assert_eq!(s.db.wal_status(), WalStatus::Reserved);
    assert!(s.cdc_converged());
}

/// With max_slot_wal_keep_size set, a long stall makes the slot unreserved, and the next
/// checkpoint loses it ("lost means that this slot is no longer usable").
#[test]
fn a_keep_size_limit_loses_the_slot() {
    let mut s = Sim::new(Config {
        seed: 8,
        limits: WalLimits {
            max_wal_size: 1000,
            max_slot_wal_keep_size: Some(3000),
            checkpoint_every: 4,
        },
        ..Config::default()
    });
    s.set_stalled(Who::Connector, true);
    let mut seen = Vec::new();
    for _ in 0..80 {
        s.step();
        let st = s.db.wal_status();
        if seen.last() != Some(&st) {
            seen.push(st);
        }
    }
    assert_eq!(
        seen,
        [
            WalStatus::Reserved,
            WalStatus::Extended,
            WalStatus::Unreserved,
            WalStatus::Lost
        ]
    );
}

/// Same seed, same run.
#[test]
fn deterministic() {
    let run = |seed| {
        let mut s = sim(seed);
        for _ in 0..100 {
            s.step();
        }
        (s.db.current, s.topic.clone(), s.last.clone())
    };
    assert_eq!(run(11), run(11));
    assert_ne!(run(11).0, run(12).0);
}

#[test]
fn bench_counts() {
    let d = bench(Model::DualWrite, 1, 2000);
    assert_eq!(d.ops, 2000);
    assert!(d.dual_writes > 1000 && d.diverged > 0 && d.published == 0);
    let c = bench(Model::Cdc, 1, 6000);
    assert_eq!(c.ops, 6000);
    assert!(c.published > 3000 && c.applied > 3000 && c.duplicates > 0);
    assert_eq!(c.diverged, 0);
}
