//! The share link: a scorecard's method and weights in its page's URL, after `#`, and never its
//! data, as the OECD Better Life Index shares an index of one's own. Each scorecard's choices
//! go under its element's `id` (`#index.normalise=zscore&index.w.Talent=2`), so that two on one
//! page keep their own.

use web_sys::{HtmlElement, UrlSearchParams};

/// The name a scorecard's choices go under in a link: its element's `id`, else `inno`.
pub(super) fn name_of(host: &HtmlElement) -> String {
    let id = host.id();
    if id.is_empty() { "inno".to_string() } else { id }
}

/// The fragment of the page's URL as parameters.
fn fragment() -> Option<UrlSearchParams> {
    let hash = web_sys::window()?.location().hash().ok()?;
    UrlSearchParams::new_with_str(hash.strip_prefix('#').unwrap_or(&hash)).ok()
}

/// Every `(key, value)` of `params`, in order.
fn pairs_of(params: &UrlSearchParams) -> Vec<(String, String)> {
    let Ok(Some(entries)) = js_sys::try_iter(params) else { return Vec::new() };
    entries
        .flatten()
        .filter_map(|entry| {
            let entry = js_sys::Array::from(&entry);
            Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
        })
        .collect()
}

/// The `(key, value)` pairs of the page's link that are meant for the scorecard `name`, its
/// name taken off their keys.
pub(super) fn read(name: &str) -> Vec<(String, String)> {
    let prefix = format!("{name}.");
    fragment().map(|params| pairs_of(&params)).unwrap_or_default().into_iter().filter_map(|(key, value)| Some((key.strip_prefix(&prefix)?.to_string(), value))).collect()
}

/// The page's URL with `pairs` for the scorecard `name` in its fragment, in place of what was
/// there for it; what is there for other scorecards stays.
pub(super) fn url(name: &str, pairs: &[(String, String)]) -> Option<String> {
    let location = web_sys::window()?.location();
    let prefix = format!("{name}.");
    let out = UrlSearchParams::new().ok()?;
    for (key, value) in pairs_of(&fragment()?).into_iter().filter(|(key, _)| !key.starts_with(&prefix)) {
        out.append(&key, &value);
    }
    for (key, value) in pairs {
        out.append(&format!("{prefix}{key}"), value);
    }
    let page = format!("{}{}{}", location.origin().ok()?, location.pathname().ok()?, location.search().ok()?);
    Some(format!("{page}#{}", String::from(out.to_string())))
}

/// Puts `text` on the clipboard, when the browser has one for the page (a secure page): the
/// promise of it done.
pub(super) fn copy(text: &str) -> Option<js_sys::Promise> {
    let clipboard = web_sys::window()?.navigator().clipboard();
    // a page that is not secure has no clipboard: the link is shown to copy by hand
    if wasm_bindgen::JsValue::from(clipboard.clone()).is_undefined() {
        return None;
    }
    Some(clipboard.write_text(text))
}
