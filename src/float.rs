//! Decimal text to the nearest f64, correctly rounded (round half to even).
//!
//! This replaces `str::parse::<f64>` because std's parser brings some 14 KB (gzipped) of code
//! and tables into the wasm (the Eisel-Lemire power-of-five table alone is 10 KB). It accepts
//! exactly std's grammar and returns the same bits; it is only slower, which is fine for the
//! few numbers the crate reads.
//!
//! The algorithm: split the text into significant digits `D` and a decimal exponent `e`
//! (value = D × 10^e), keeping at most 800 digits plus a sticky `1` if a dropped digit was
//! non-zero (767 digits decide every f64 rounding). Values far out of range become 0 or ∞ at
//! once. Short inputs take Clinger's fast path: `D` and 10^|e| are both exact f64s, so one
//! multiplication or division rounds correctly. Otherwise a minimal bignum computes
//! N = D × 10^max(e,0) and M = 10^max(-e,0), scaled by 2^s so that q = ⌊N / M⌋ has 55 or 56
//! bits; q and whether the remainder is zero decide the rounding to 53 bits (fewer for
//! subnormals), and the result is built exactly with power-of-two scalings.

/// Most significant digits kept; a sticky digit stands in for the rest.
const MAX_DIGITS: usize = 800;

/// The powers of ten that are exact f64s, for the fast path.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A big unsigned integer: little-endian 32-bit limbs, no high zero limbs (zero is empty).
type Big = Vec<u32>;

/// Parses `text` as `str::parse::<f64>` does, with the same result, bit for bit; `None` where
/// std returns an error. Accepts an optional sign, then digits with an optional `.` and an
/// optional exponent (`e`/`E`, optional sign, digits), or `inf`, `infinity`, `nan` in any case.
pub(crate) fn parse(text: &str) -> Option<f64> {
    let (negative, rest) = sign(text.as_bytes());
    let magnitude = if rest.eq_ignore_ascii_case(b"inf") || rest.eq_ignore_ascii_case(b"infinity") {
        f64::INFINITY
    } else if rest.eq_ignore_ascii_case(b"nan") {
        f64::NAN
    } else {
        decimal(rest)?
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// Splits an optional sign off `s`: whether it is `-`, and the rest.
fn sign(s: &[u8]) -> (bool, &[u8]) {
    match s {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, s),
    }
}

/// The unsigned decimal number `s` (digits, optional `.`, optional exponent), rounded to f64.
fn decimal(s: &[u8]) -> Option<f64> {
    let mut digits: Vec<u8> = Vec::new();
    let (mut exp, mut seen, mut dot, mut sticky, mut i) = (0i64, false, false, false, 0);
    while i < s.len() {
        match s[i] {
            b'.' if !dot => dot = true,
            c @ b'0'..=b'9' => {
                seen = true;
                exp -= i64::from(dot);
                if digits.len() == MAX_DIGITS {
                    exp += 1; // dropped: D × 10 stands for the digit
                    sticky |= c != b'0';
                } else if c != b'0' || !digits.is_empty() {
                    digits.push(c - b'0');
                }
            }
            _ => break,
        }
        i += 1;
    }
    if !seen {
        return None;
    }
    if i < s.len() {
        // exponent: `e`, optional sign, at least one digit, then the end
        let [b'e' | b'E', rest @ ..] = &s[i..] else { return None };
        let (negative, rest) = sign(rest);
        if rest.is_empty() || !rest.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let value = rest.iter().fold(0i64, |v, &c| (v * 10 + i64::from(c - b'0')).min(1 << 40));
        exp = exp.saturating_add(if negative { -value } else { value }); // never overflows
    }
    if sticky {
        digits.push(1);
        exp -= 1;
    }
    let magnitude = digits.len() as i64 + exp; // 10^(magnitude-1) <= value < 10^magnitude
    if digits.is_empty() || magnitude < -330 {
        return Some(0.0);
    }
    if magnitude > 310 {
        return Some(f64::INFINITY);
    }
    if digits.len() <= 15 && exp.unsigned_abs() <= 22 {
        let d = digits.iter().fold(0u64, |d, &c| d * 10 + u64::from(c)) as f64;
        let p = POW10[exp.unsigned_abs() as usize];
        return Some(if exp >= 0 { d * p } else { d / p });
    }
    let mut n = Big::new();
    for &c in &digits {
        mul_add(&mut n, 10, u32::from(c));
    }
    let mut m = vec![1];
    for _ in 0..exp.unsigned_abs() {
        mul_add(if exp >= 0 { &mut n } else { &mut m }, 10, 0);
    }
    // scale so that q = ⌊n / m⌋ lies in [2^54, 2^56)
    let s = 55 + bit_len(&m) as i64 - bit_len(&n) as i64;
    if s >= 0 {
        n = shl(&n, s as usize);
    } else {
        m = shl(&m, s.unsigned_abs() as usize);
    }
    let mut q = 0u64;
    for i in (0..=56).rev() {
        let t = shl(&m, i);
        if cmp(&t, &n).is_le() {
            sub(&mut n, &t);
            q |= 1 << i;
        }
    }
    Some(round(q, !n.is_empty(), s))
}

/// The f64 nearest to (q + f) × 2^-s, where q has 55 or 56 bits and 0 <= f < 1 is non-zero
/// exactly when `sticky`.
fn round(q: u64, sticky: bool, s: i64) -> f64 {
    let len = 64 - i64::from(q.leading_zeros());
    let e = len - 1 - s; // 2^e <= value < 2^(e+1)
    let precision = if e >= -1022 { 53 } else { 53 - (-1022 - e) };
    if precision < 0 {
        return 0.0;
    }
    let extra = len - precision; // >= 2
    let (mut mantissa, rem, half) = (q >> extra, q & ((1 << extra) - 1), 1 << (extra - 1));
    if rem > half || (rem == half && (sticky || mantissa & 1 == 1)) {
        mantissa += 1;
    }
    // exact: mantissa <= 2^53, and the scale, x >= -1074, is split so no step rounds
    let x = extra - s;
    let pow2 = |x: i64| f64::from_bits(((x + 1023) as u64) << 52);
    if x < -1022 {
        mantissa as f64 * pow2(x + 1022) * pow2(-1022)
    } else {
        mantissa as f64 * pow2(x)
    }
}

/// `a = a × m + c`.
fn mul_add(a: &mut Big, m: u32, c: u32) {
    let mut carry = u64::from(c);
    for limb in a.iter_mut() {
        let t = u64::from(*limb) * u64::from(m) + carry;
        *limb = t as u32;
        carry = t >> 32;
    }
    if carry != 0 {
        a.push(carry as u32);
    }
}

/// The number of bits of `a` (0 for zero).
fn bit_len(a: &[u32]) -> usize {
    a.last().map_or(0, |&top| 32 * a.len() - top.leading_zeros() as usize)
}

/// `a × 2^bits`, for non-zero `a`.
fn shl(a: &[u32], bits: usize) -> Big {
    let mut r = vec![0; bits / 32];
    let mut carry = 0;
    for &limb in a {
        let t = u64::from(limb) << (bits % 32);
        r.push(t as u32 | carry);
        carry = (t >> 32) as u32;
    }
    if carry != 0 {
        r.push(carry);
    }
    r
}

/// Compares `a` and `b`.
fn cmp(a: &[u32], b: &[u32]) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

/// `a = a - b`, for `a >= b`.
fn sub(a: &mut Big, b: &[u32]) {
    let mut borrow = 0;
    for (i, limb) in a.iter_mut().enumerate() {
        let t = i64::from(*limb) - i64::from(b.get(i).copied().unwrap_or(0)) - borrow;
        (*limb, borrow) = (t as u32, i64::from(t < 0));
    }
    while a.last() == Some(&0) {
        a.pop();
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))] // proptest is a native dev-dependency
mod tests {
    use super::parse;
    use proptest::prelude::*;

    /// Checks `parse` against std: both reject, or both give the same bits (any NaN for NaN).
    fn check(s: &str) {
        let key = |x: Option<f64>| x.map(|x| if x.is_nan() { u64::MAX } else { x.to_bits() });
        assert_eq!(key(parse(s)), key(s.parse().ok()), "{s:?}");
    }

    #[test]
    fn hand_picked() {
        let cases = [
            "0", "-0", "0.0e5", "1", "1.5", "123.456", "1e22", "1e23", "9007199254740993",
            "9007199254740995", "0.1", "3.141592653589793238462643383279",
            "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324",
            "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400",
            "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
            "1e400", "1e99999999999999999999", "-1e-99999999999999999999", "inf", "-Infinity",
            "NaN", "+nan", "+.5", "1.", "1.e3", "1E+05", "-0.0e-5", "000123.4500e-2",
            "123456789012345", "1234567890123456", "123456789012345e-22", "1e-22", "0.000001",
            // rejects
            "", ".", "e5", "1e", "1e+", "--1", " 1", "1 ", "0x10", "1_0", "١", "1..2", "-.e1",
            "+", "infinit", "nan(1)", "1e5.0",
        ];
        for s in cases {
            check(s);
        }
        assert_eq!(parse("1.7976931348623159e308"), Some(f64::INFINITY));
        assert_eq!(parse("-0").map(f64::to_bits), Some((-0.0f64).to_bits()));
        assert!(parse("-nan").is_some_and(f64::is_nan));
    }

    #[test]
    fn long_ties() {
        // 2^-1075, half the least subnormal, is 5^1075 × 10^-1075: a tie that needs 752 digits
        let mut d = vec![1u32]; // little-endian decimal digits of 5^1075
        for _ in 0..1075 {
            let mut carry = 0;
            for x in &mut d {
                (*x, carry) = ((*x * 5 + carry) % 10, (*x * 5 + carry) / 10);
            }
            if carry > 0 {
                d.push(carry);
            }
        }
        let tie: String = d.iter().rev().map(|&x| char::from(b'0' + x as u8)).collect();
        let (zeros, nines) = ("0".repeat(100), "9".repeat(850));
        // 852 and 853 digits: past the 800 kept, only the sticky digit tells them apart
        let (exact, above) = (format!("{tie}{zeros}e-1175"), format!("{tie}{zeros}1e-1176"));
        assert_eq!(tie.len(), 752);
        assert_eq!((parse(&exact), parse(&above)), (Some(0.0), Some(f64::from_bits(1))));
        let big = "0".repeat(900);
        for s in [
            format!("{tie}e-1075"),
            format!("-{exact}"),
            above,
            format!("0.{}{tie}{zeros}1", "0".repeat(323)),
            format!("9007199254740993{big}e-900"),
            format!("9007199254740993{big}1e-901"),
            format!("{nines}1e-500"),
            format!("{nines}.5"),
        ] {
            check(&s);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn printed_floats(bits in any::<u64>(), n in 0usize..20) {
            let x = f64::from_bits(bits);
            if x.is_finite() {
                check(&format!("{x}"));
                check(&format!("{x:e}"));
                check(&format!("{x:.n$e}"));
            }
        }

        #[test]
        fn random_decimals(
            sign in "[+-]?", digits in "[0-9]{1,30}", dot in proptest::option::of(0usize..=30),
            exp in proptest::option::of(-400i32..=400),
        ) {
            let mut s = format!("{sign}{digits}");
            if let Some(at) = dot {
                s.insert(sign.len() + at.min(digits.len()), '.');
            }
            if let Some(e) = exp {
                s += &format!("e{e}");
            }
            check(&s);
        }

        #[test]
        fn random_text(s in "[0-9.eE+\\-infatyINFATY]{0,8}") {
            check(&s);
        }
    }
}
