//! The Kubernetes model: the scheduler's scores on a worked example, the rolling update's
//! rounding (`ResolveFenceposts`), convergence after seeded failures and scalings, the
//! rolling update's bounds on every tick, the Service, and the image layers: a tar digest
//! checked against GNU tar and Docker's build-cache rule.

use distlab_core::hash::to_hex;
use distlab_core::kubernetes::image::{build, short_digest, Context, Dockerfile, Kind};
use distlab_core::kubernetes::rollout::{validate, StrategyError};
use distlab_core::kubernetes::scheduler::{score, verdicts};
use distlab_core::kubernetes::tar::{archive, diff_id, Entry};
use distlab_core::kubernetes::{
    resolve_fenceposts, run_events, Balance, Cluster, Config, IntOrPercent, Resources, SplitMix64,
};

fn settle(c: &mut Cluster, max: u64) -> bool {
    for _ in 0..max {
        if c.converged() {
            return true;
        }
        c.step();
    }
    c.converged()
}

fn cluster(seed: u64, replicas: u32) -> Cluster {
    Cluster::new(
        Config {
            seed,
            ..Config::default()
        },
        replicas,
    )
}

#[test]
fn least_allocated_scores_on_a_known_example() {
    // kube-scheduler, noderesources/least_allocated.go: per resource
    // (allocatable − requested)·100/allocatable, integer division, then the average
    // weighted 1:1. Pod 500m / 512Mi on an empty 4-core 8 GiB node:
    // cpu (4000 − 500)·100/4000 = 87, memory (8192 − 512)·100/8192 = 93 → (87+93)/2 = 90.
    let pod = Resources::new(500, 512);
    assert_eq!(
        score(Resources::new(4000, 8192), Resources::default(), pod),
        90
    );
    // 2 cores 4 GiB, empty: cpu 75, memory 87 → 81.
    assert_eq!(
        score(Resources::new(2000, 4096), Resources::default(), pod),
        81
    );
    // The big node with 3 pods bound: requested 2000/2048 → cpu 50, memory 75 → 62.
    assert_eq!(
        score(Resources::new(4000, 8192), Resources::new(1500, 1536), pod),
        62
    );
    // The first pod goes to the big node; the filter drops a full or NotReady node.
    let mut c = cluster(1, 1);
    c.step();
    let d = c.decision.clone().unwrap();
    assert_eq!(d.chosen, Some(0));
    assert_eq!(
        d.verdicts.iter().map(|v| v.score).collect::<Vec<_>>(),
        [90, 81, 81]
    );
    let full = vec![
        Resources::new(3600, 0),
        Resources::default(),
        Resources::default(),
    ];
    let mut nodes = c.nodes.clone();
    nodes[1].ready = false;
    let v = verdicts(&nodes, &full, pod);
    assert!(!v[0].fits && !v[1].fits && v[2].fits);
}

#[test]
fn pods_spread_by_least_allocated() {
    // 4 pods: big node (90), then 81 vs big-with-one (cpu 75, mem 87 → 81): tie → lowest
    // index, the big node again; then node-2, node-3.
    let mut c = cluster(3, 4);
    assert!(settle(&mut c, 30));
    let per: Vec<usize> = (0..3)
        .map(|n| c.pods.iter().filter(|p| p.node == Some(n)).count())
        .collect();
    assert_eq!(per, [2, 1, 1]);
}

#[test]
fn rounding_follows_resolve_fenceposts() {
    use IntOrPercent::{Int, Percent};
    // 25%/25% of 10: surge ⌈2.5⌉ = 3, unavailable ⌊2.5⌋ = 2.
    assert_eq!(resolve_fenceposts(Percent(25), Percent(25), 10), (3, 2));
    // Of 3 replicas: surge 1, unavailable 0.
    assert_eq!(resolve_fenceposts(Percent(25), Percent(25), 3), (1, 0));
    // 0 and 10% of 5: both resolve to 0, so maxUnavailable becomes 1.
    assert_eq!(resolve_fenceposts(Int(0), Percent(10), 5), (0, 1));
    assert_eq!(resolve_fenceposts(Int(2), Int(1), 4), (2, 1));
    // Validation refuses an explicit 0/0 and more than 100% unavailable.
    assert_eq!(validate(Int(0), Percent(0)), Err(StrategyError::BothZero));
    assert_eq!(
        validate(Int(1), Percent(150)),
        Err(StrategyError::UnavailableOver100)
    );
    assert!(validate(Int(0), Int(1)).is_ok());
    let mut c = cluster(1, 3);
    assert!(c.set_strategy(Int(0), Int(0)).is_err());
    assert_eq!(c.deployment.max_surge, Percent(25));
    assert_eq!(IntOrPercent::parse("25%"), Some(Percent(25)));
    assert_eq!(IntOrPercent::parse("3"), Some(Int(3)));
    assert_eq!(IntOrPercent::parse("x%"), None);
    assert_eq!(IntOrPercent::parse("-1"), None);
}

#[test]
fn converges_after_seeded_failures_and_scalings() {
    for seed in 0..200u64 {
        let mut rng = SplitMix64::new(seed);
        let mut c = cluster(seed, 1 + rng.below(6) as u32);
        for _ in 0..60 {
            match rng.below(8) {
                0 => c.kill_node(rng.below(3)),
                1 => c.restore_node(rng.below(3)),
                2 => c.scale(rng.below(11) as u32),
                _ => {}
            }
            c.step();
        }
        // Leave enough capacity: the big node is up (8 pods fit on it alone), at most 8
        // replicas.
        c.restore_node(0);
        if c.deployment.replicas > 8 {
            c.scale(8);
        }
        // A node killed on the last tick looks Ready until its grace runs out: the
        // control plane converges on what it can observe.
        for _ in 0..c.config.grace + c.config.evict_after + 1 {
            c.step();
        }
        assert!(
            settle(&mut c, 40),
            "seed {seed} did not converge: {:?}",
            c.last
        );
        assert_eq!(c.pods.len() as u32, c.deployment.replicas);
        for p in &c.pods {
            assert!(
                c.nodes[p.node.unwrap()].up,
                "seed {seed}: pod on a dead node"
            );
        }
    }
}

#[test]
fn a_dead_node_is_noticed_and_its_pods_rescheduled() {
    let mut c = cluster(7, 6);
    assert!(settle(&mut c, 30));
    let on_big: Vec<String> = c
        .pods
        .iter()
        .filter(|p| p.node == Some(0))
        .map(|p| p.name.clone())
        .collect();
    assert!(!on_big.is_empty());
    c.kill_node(0);
    let mut saw_not_ready = false;
    for _ in 0..40 {
        c.step();
        saw_not_ready |= !c.nodes[0].ready;
        if saw_not_ready && c.converged() {
            break;
        }
    }
    assert!(saw_not_ready);
    assert!(c.converged());
    assert!(c.pods.iter().all(|p| p.node != Some(0)));
    assert!(c.pods.iter().all(|p| !on_big.contains(&p.name)));
    assert_eq!(c.stats.evicted as usize, on_big.len());
    // Recovery: the node comes back Ready, empty; scaling up uses it again.
    c.restore_node(0);
    c.step();
    assert!(c.nodes[0].ready);
    c.scale(8);
    assert!(settle(&mut c, 30));
    assert!(c.pods.iter().any(|p| p.node == Some(0)));
}

#[test]
fn scale_down_removes_not_ready_pods_first() {
    let mut c = cluster(2, 3);
    assert!(settle(&mut c, 30));
    c.scale(5);
    c.step(); // two new pods, Pending then bound: not Ready
    let ready_before: Vec<String> = c
        .pods
        .iter()
        .filter(|p| p.ready)
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(ready_before.len(), 3);
    c.scale(3);
    c.step();
    let names: Vec<String> = c.pods.iter().map(|p| p.name.clone()).collect();
    assert_eq!(names, ready_before);
}

#[test]
fn rolling_update_stays_within_bounds() {
    let settings = ["0", "1", "2", "3", "25%", "50%", "10%", "100%"];
    let mut runs = 0;
    for seed in 0..40u64 {
        for (si, s) in settings.iter().enumerate() {
            for u in settings.iter().skip((seed as usize + si) % 3) {
                let (s, u) = (
                    IntOrPercent::parse(s).unwrap(),
                    IntOrPercent::parse(u).unwrap(),
                );
                let replicas = 1 + (seed % 8) as u32;
                let mut c = cluster(seed, replicas);
                if c.set_strategy(s, u).is_err() {
                    continue;
                }
                assert!(settle(&mut c, 30));
                let (surge, unavailable) = c.limits();
                c.roll_out(2, false);
                let mut done = false;
                for _ in 0..200 {
                    c.step();
                    let total = c.pods.len() as u32;
                    let ready = c.ready_pods();
                    assert!(
                        total <= replicas + surge,
                        "seed {seed} {s:?}/{u:?}: {total} pods > {replicas} + {surge}"
                    );
                    assert!(
                        ready + unavailable >= replicas,
                        "seed {seed} {s:?}/{u:?}: {ready} ready < {replicas} − {unavailable}"
                    );
                    if c.converged() {
                        done = true;
                        break;
                    }
                }
                assert!(done, "seed {seed} {s:?}/{u:?} never finished");
                assert!(c.pods.iter().all(|p| p.version == 2));
                runs += 1;
            }
        }
    }
    assert!(runs > 500, "{runs}");
}

#[test]
fn a_broken_version_gets_stuck_and_rolling_back_recovers() {
    // 10 replicas, 25%/25%: surge 3, unavailable 2. v3 never becomes Ready: the new
    // ReplicaSet stops at 5 pods (3 surge + 2 unavailable), 8 old pods keep serving.
    let mut c = cluster(5, 10);
    assert!(settle(&mut c, 30));
    c.roll_out(3, true);
    for _ in 0..60 {
        c.step();
    }
    assert!(!c.converged());
    let v3 = c.pods.iter().filter(|p| p.version == 3).count();
    let v1_ready = c.pods.iter().filter(|p| p.version == 1 && p.ready).count();
    assert_eq!((v3, v1_ready, c.pods.len()), (5, 8, 13));
    // Traffic only reaches Ready pods: no v3 pod serves.
    c.send(100);
    assert!(c
        .pods
        .iter()
        .filter(|p| p.version == 3)
        .all(|p| p.served == 0));
    assert_eq!(c.stats.failed, 0);
    // Roll out v2: v3 pods are unhealthy and go first.
    c.roll_out(2, false);
    assert!(settle(&mut c, 200));
    assert!(c.pods.iter().all(|p| p.version == 2));
}

#[test]
fn service_spreads_over_ready_endpoints() {
    let mut c = cluster(9, 3);
    assert!(settle(&mut c, 30));
    c.send(300);
    let served: Vec<u64> = c.pods.iter().map(|p| p.served).collect();
    assert_eq!(served, [100, 100, 100]);
    // No ready endpoint: every request fails.
    c.scale(0);
    c.step();
    c.send(10);
    assert_eq!(c.stats.failed, 10);
    // Random balancing is seeded: the same seed gives the same split.
    let split = |seed| {
        let mut c = Cluster::new(
            Config {
                seed,
                balance: Balance::Random,
                ..Config::default()
            },
            4,
        );
        settle(&mut c, 30);
        c.send(1000);
        c.pods.iter().map(|p| p.served).collect::<Vec<_>>()
    };
    assert_eq!(split(4), split(4));
    assert!(split(4).iter().all(|&n| n > 150), "{:?}", split(4));
}

#[test]
fn requests_to_a_dead_machine_fail_until_the_node_is_not_ready() {
    let mut c = cluster(11, 3);
    assert!(settle(&mut c, 30));
    c.kill_node(0);
    c.send(30);
    assert!(c.stats.failed > 0, "the endpoint is still listed");
    while c.nodes[0].ready {
        c.step();
    }
    let failed = c.stats.failed;
    c.send(30);
    assert_eq!(
        c.stats.failed, failed,
        "NotReady: its pods left the endpoints"
    );
}

#[test]
fn same_seed_same_run() {
    assert_eq!(run_events(42, 5000), run_events(42, 5000));
    let (stats, ticks) = run_events(1, 2000);
    assert!(stats.events >= 2000 && ticks > 0);
}

fn f(path: &str, s: &str) -> Entry {
    Entry {
        path: path.into(),
        content: Some(s.as_bytes().to_vec()),
    }
}

#[test]
fn layer_tar_digest_matches_gnu_tar() {
    // mkdir app && printf 'flask==3.0.3\ngunicorn==22.0.0\n' > app/requirements.txt
    // chmod 755 app; chmod 644 app/requirements.txt
    // tar --format=ustar -b1 --mtime=@0 --owner=0 --group=0 --numeric-owner --sort=name \
    //     -cf l.tar app && sha256sum l.tar
    // → 50f33558cd13348048434e6b48d63802f0d94ad10f20610d9bde40a6c919460c (2,560 bytes)
    // (`-b1`: no padding to a 10 KiB record, as Go's archive/tar writes layers. Python's
    // tarfile differs only in leaving devmajor/devminor blank.)
    let entries = vec![
        f("app/requirements.txt", "flask==3.0.3\ngunicorn==22.0.0\n"),
        Entry {
            path: "app".into(),
            content: None,
        },
    ];
    assert_eq!(archive(&entries).len(), 2560);
    assert_eq!(
        to_hex(&diff_id(&entries)),
        "50f33558cd13348048434e6b48d63802f0d94ad10f20610d9bde40a6c919460c"
    );
    let b = build(&Dockerfile::default(), &Context::default(), None);
    let copy_req = b
        .steps
        .iter()
        .find(|s| s.kind == Kind::CopyRequirements)
        .unwrap();
    assert_eq!(
        short_digest(copy_req.digest.as_ref().unwrap()),
        "sha256:50f33558cd13"
    );
}

fn rebuilt(b: &distlab_core::kubernetes::image::Build) -> Vec<Kind> {
    b.steps
        .iter()
        .filter(|s| !s.cached)
        .map(|s| s.kind)
        .collect()
}

#[test]
fn build_cache_rebuilds_from_the_first_change_on() {
    let df = Dockerfile::default();
    let ctx = Context::default();
    let first = build(&df, &ctx, None);
    assert_eq!(first.cached(), 0);
    assert_eq!(first.steps.len(), 6);
    assert!(first.steps[5].digest.is_none(), "CMD adds no layer");
    // Nothing changed: everything from cache.
    assert_eq!(build(&df, &ctx, Some(&first)).cached(), 6);
    // The app's source changed: only COPY . . and CMD run again.
    let mut app = ctx.clone();
    app.app = app.app.replace("v1", "v2");
    let b = build(&df, &app, Some(&first));
    assert_eq!(rebuilt(&b), [Kind::CopyAll, Kind::Cmd]);
    assert_eq!(b.steps[3].digest, first.steps[3].digest);
    assert_ne!(b.steps[4].digest, first.steps[4].digest);
    // requirements.txt changed: from its COPY on.
    let mut req = ctx.clone();
    req.requirements.push_str("redis==5.0.4\n");
    let b = build(&df, &req, Some(&first));
    assert_eq!(
        rebuilt(&b),
        [Kind::CopyRequirements, Kind::Run, Kind::CopyAll, Kind::Cmd]
    );
    // A new base image: everything.
    let base = Dockerfile {
        base: "python:3.13-slim".into(),
        ..df.clone()
    };
    assert_eq!(build(&base, &ctx, Some(&first)).cached(), 0);
    // Only CMD changed: its layerless step alone.
    let cmd = Dockerfile {
        cmd: "gunicorn app:app".into(),
        ..df.clone()
    };
    assert_eq!(rebuilt(&build(&cmd, &ctx, Some(&first))), [Kind::Cmd]);
    // Copying everything first: an app edit now reinstalls the packages too.
    let bad = Dockerfile {
        copy_all_first: true,
        ..df
    };
    let bad_first = build(&bad, &ctx, None);
    let b = build(&bad, &app, Some(&bad_first));
    assert_eq!(rebuilt(&b), [Kind::CopyAll, Kind::Run, Kind::Cmd]);
    // Same content, same digest, whatever the build.
    assert_eq!(b.steps[3].digest, bad_first.steps[3].digest);
}
