//! The locale tables: valid JSON, and every language has every label of the default one.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;

fn table(tag: &str) -> HashMap<String, String> {
    let path = format!("{}/locales/{tag}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_language_has_every_label() {
    let base = table("zh-CN");
    let en = table("en");
    // every message too: the widget tells errors from these tables only
    let missing: Vec<&String> = base.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(missing.is_empty(), "en lacks {missing:?}");
    let extra: Vec<&String> = en.keys().filter(|k| !base.contains_key(*k)).collect();
    assert!(extra.is_empty(), "en has keys zh-CN lacks: {extra:?}");
}

#[test]
fn placeholders_match() {
    let base = table("zh-CN");
    let en = table("en");
    let holes = |s: &str| {
        let mut v: Vec<String> = s.split('{').skip(1).filter_map(|p| p.split('}').next()).map(str::to_string).collect();
        v.sort();
        v
    };
    for (k, v) in &en {
        assert_eq!(holes(v), holes(&base[k]), "{k}");
    }
}
