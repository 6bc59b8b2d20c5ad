//! GF(2^8) with polynomial 0x11D and generator 2: the tables, and the field axioms
//! checked over every element (every pair, and every triple where it matters).

use distlab_core::erasure::gf256::{
    add, div, dot_product, explain_mul, inv, mul, mul_slow, pow, sub, EXP, GENERATOR, LOG, POLY,
};

const ALL: std::ops::RangeInclusive<u8> = 0..=255;

#[test]
fn the_field_is_the_usual_one() {
    assert_eq!(POLY, 0x11D);
    assert_eq!(GENERATOR, 2);
    // x^8 reduces to x^4 + x^3 + x^2 + 1.
    assert_eq!(EXP[8], 0x1D);
    assert_eq!(mul(0x80, 2), 0x1D);
    // Well-known values of this field (also in Linux RAID-6 and Backblaze's tables).
    assert_eq!(EXP[..10], [1, 2, 4, 8, 16, 32, 64, 128, 29, 58]);
    assert_eq!(LOG[3], 25);
    assert_eq!(mul(3, 7), 9);
    assert_eq!(inv(2), Some(142));
}

#[test]
fn exp_and_log_are_inverse_bijections() {
    let mut seen = [false; 256];
    for (i, &e) in EXP[..255].iter().enumerate() {
        assert_ne!(e, 0, "2^{i} is never zero");
        assert!(
            !seen[e as usize],
            "2^{i} repeats an earlier power: 2 is not primitive"
        );
        seen[e as usize] = true;
        assert_eq!(LOG[e as usize] as usize, i);
    }
    for a in 1..=255u8 {
        assert_eq!(EXP[LOG[a as usize] as usize], a);
    }
    // The doubled table repeats with period 255.
    assert_eq!(EXP[255..510], EXP[..255]);
    assert_eq!(EXP[510..], EXP[..2]);
}

#[test]
fn table_multiplication_equals_shift_and_xor_for_all_pairs() {
    for a in ALL {
        for b in ALL {
            assert_eq!(mul(a, b), mul_slow(a, b), "{a} · {b}");
        }
    }
}

#[test]
fn addition_is_a_group_of_characteristic_two() {
    for a in ALL {
        assert_eq!(add(a, 0), a);
        assert_eq!(add(a, a), 0, "every element is its own negative");
        for b in ALL {
            assert_eq!(add(a, b), add(b, a));
            assert_eq!(sub(add(a, b), b), a);
        }
    }
}

#[test]
fn multiplication_is_commutative_with_identity_and_no_zero_divisors() {
    for a in ALL {
        assert_eq!(mul(a, 1), a);
        assert_eq!(mul(a, 0), 0);
        for b in ALL {
            assert_eq!(mul(a, b), mul(b, a));
            if a != 0 && b != 0 {
                assert_ne!(mul(a, b), 0, "{a} · {b}");
            }
        }
    }
}

#[test]
fn associativity_and_distributivity_for_all_triples() {
    for a in ALL {
        for b in ALL {
            let ab = mul(a, b);
            let a_plus_b = add(a, b);
            for c in ALL {
                assert_eq!(mul(ab, c), mul(a, mul(b, c)));
                assert_eq!(mul(a_plus_b, c), add(mul(a, c), mul(b, c)));
            }
        }
    }
}

#[test]
fn every_nonzero_element_has_an_inverse_and_division_undoes_multiplication() {
    assert_eq!(inv(0), None);
    for a in 1..=255u8 {
        let i = inv(a).unwrap();
        assert_eq!(mul(a, i), 1, "{a} · {i}");
    }
    for a in ALL {
        assert_eq!(div(a, 0), None);
        for b in 1..=255u8 {
            let q = div(a, b).unwrap();
            assert_eq!(mul(q, b), a, "({a} / {b}) · {b}");
            assert_eq!(q, mul(a, inv(b).unwrap()));
        }
    }
}

#[test]
fn powers_are_repeated_products() {
    assert_eq!(pow(0, 0), 1, "0^0 = 1, as the Vandermonde matrix needs");
    for a in ALL {
        let mut p = 1u8;
        for n in 0..600 {
            assert_eq!(pow(a, n), p, "{a}^{n}");
            p = mul(p, a);
        }
    }
    // Fermat: a^255 = 1 for every non-zero a.
    for a in 1..=255u8 {
        assert_eq!(pow(a, 255), 1);
    }
}

#[test]
fn explained_products_show_the_logarithms_used() {
    for a in ALL {
        for b in ALL {
            let step = explain_mul(a, b);
            assert_eq!(step.product, mul(a, b));
            if a == 0 || b == 0 {
                assert_eq!(step.log_product, None);
            } else {
                let (la, lb) = (step.log_a.unwrap(), step.log_b.unwrap());
                assert_eq!(EXP[la as usize], a);
                assert_eq!(EXP[lb as usize], b);
                let e = step.log_product.unwrap();
                assert_eq!(e as usize, (la as usize + lb as usize) % 255);
                assert_eq!(EXP[e as usize], step.product);
            }
        }
    }
}

#[test]
fn a_dot_product_records_every_term_and_partial_sum() {
    let dot = dot_product(&[1, 2, 3, 0x8E], &[0x10, 0x80, 7, 0]);
    assert_eq!(dot.steps.len(), 4);
    let mut acc = 0;
    for (i, s) in dot.steps.iter().enumerate() {
        assert_eq!(s.input, i);
        assert_eq!(s.acc_before, acc);
        acc ^= mul(s.mul.a, s.mul.b);
        assert_eq!(s.acc_after, acc);
    }
    assert_eq!(dot.result, acc);
    assert_eq!(dot.result, 0x10 ^ 0x1D ^ 9);
    assert_eq!(dot_product(&[], &[]).result, 0);
}
