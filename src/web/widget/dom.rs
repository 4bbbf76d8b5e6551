//! A small element builder and event listeners that remove themselves when dropped.
//!
//! Text always goes in as text nodes or attribute values, never as HTML.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, EventTarget};

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// An element under construction.
pub struct El(pub Element);

impl El {
    /// A new HTML element.
    pub fn new(doc: &Document, tag: &str) -> El {
        El(doc.create_element(tag).unwrap_or_else(|_| fallback(doc)))
    }

    /// A new SVG element.
    pub fn svg(doc: &Document, tag: &str) -> El {
        El(doc.create_element_ns(Some(SVG_NS), tag).unwrap_or_else(|_| fallback(doc)))
    }

    /// Sets an attribute.
    pub fn attr(self, name: &str, value: &str) -> El {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Sets an attribute when `on` is true.
    pub fn attr_if(self, on: bool, name: &str, value: &str) -> El {
        if on { self.attr(name, value) } else { self }
    }

    /// Sets an attribute to a number with one decimal (SVG coordinates and sizes).
    pub fn num(self, name: &str, value: f64) -> El {
        self.attr(name, &crate::stats::fixed(value, 1))
    }

    /// Sets the class.
    pub fn class(self, value: &str) -> El {
        self.attr("class", value)
    }

    /// Appends text.
    pub fn text(self, text: &str) -> El {
        let doc = self.0.owner_document();
        if let Some(doc) = doc {
            let _ = self.0.append_child(&doc.create_text_node(text));
        }
        self
    }

    /// Appends the text of a locale key.
    pub fn tr(self, loc: &super::i18n::Locale, key: &str) -> El {
        self.text(&loc.t(key))
    }

    /// Sets an attribute to the text of a locale key.
    pub fn attr_tr(self, name: &str, loc: &super::i18n::Locale, key: &str) -> El {
        self.attr(name, &loc.t(key))
    }

    /// Appends a figure in the locale's format, with `decimals` places ("—" for none).
    pub fn number(self, loc: &super::i18n::Locale, x: Option<f64>, decimals: u32) -> El {
        self.text(&loc.number(x, decimals))
    }

    /// Appends a child.
    pub fn child(self, child: El) -> El {
        let _ = self.0.append_child(&child.0);
        self
    }

    /// Appends children.
    pub fn children(self, children: impl IntoIterator<Item = El>) -> El {
        for c in children {
            let _ = self.0.append_child(&c.0);
        }
        self
    }

    /// Sets the value property of an input or select (not only its attribute).
    pub fn value(self, value: &str) -> El {
        if let Some(i) = self.0.dyn_ref::<web_sys::HtmlInputElement>() {
            i.set_value(value);
        } else if let Some(s) = self.0.dyn_ref::<web_sys::HtmlSelectElement>() {
            s.set_value(value);
        }
        self
    }
}

fn fallback(doc: &Document) -> Element {
    // create_element only fails for invalid tag names, which are all literals here
    doc.create_element("span").unwrap_or_else(|_| unreachable!("span is a valid tag"))
}

/// A `<select>` with options `(value, label)`, the current one selected.
pub fn select(doc: &Document, options: &[(String, String)], current: &str) -> El {
    let s = El::new(doc, "select");
    let s = s.children(options.iter().map(|(v, l)| El::new(doc, "option").attr("value", v).attr_if(v == current, "selected", "").text(l)));
    s.value(current)
}

/// The elements under `root` that match `selector` (none for a selector that is not valid).
pub fn all(root: &web_sys::ShadowRoot, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}

/// Replaces all children of `parent` with `child`.
pub fn replace_children(parent: &Element, child: &El) {
    parent.set_text_content(None);
    let _ = parent.append_child(&child.0);
}

/// An event listener that is removed when dropped.
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

impl Listener {
    /// Listens for `kind` events on `target`.
    pub fn new(target: &EventTarget, kind: &'static str, f: impl FnMut(Event) + 'static) -> Listener {
        let closure = Closure::wrap(Box::new(f) as Box<dyn FnMut(Event)>);
        let _ = target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
        Listener { target: target.clone(), kind, closure }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(self.kind, self.closure.as_ref().unchecked_ref());
    }
}

/// The nearest element at or above the event's target that has `data-action`, with the action.
pub fn action_of(event: &Event) -> Option<(Element, String)> {
    let target = event.target()?.dyn_into::<Element>().ok()?;
    let el = target.closest("[data-action]").ok()??;
    let action = el.get_attribute("data-action")?;
    Some((el, action))
}

/// A `data-*` attribute.
pub fn data(el: &Element, name: &str) -> String {
    el.get_attribute(&format!("data-{name}")).unwrap_or_default()
}

/// The value of an input or select element.
pub fn value_of(el: &Element) -> String {
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        if i.type_() == "checkbox" {
            return if i.checked() { "true".into() } else { "false".into() };
        }
        return i.value();
    }
    if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    String::new()
}

/// Offers text as a file download.
pub fn download(doc: &Document, name: &str, mime: &str, text: &str) {
    download_parts(doc, name, mime, &js_sys::Array::of1(&JsValue::from_str(text)));
}

/// Offers bytes as a file download.
pub fn download_bytes(doc: &Document, name: &str, mime: &str, bytes: &js_sys::Uint8Array) {
    download_parts(doc, name, mime, &js_sys::Array::of1(bytes));
}

/// Offers what `url` (a data URL) holds as file `name`.
pub fn download_url(doc: &Document, name: &str, url: &str) {
    if let Ok(a) = doc.create_element("a").map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>()) {
        a.set_href(url);
        a.set_download(name);
        a.click();
    }
}

fn download_parts(doc: &Document, name: &str, mime: &str, parts: &js_sys::Array) {
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_buffer_source_sequence_and_options(parts, &bag) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = doc.create_element("a").map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>()) {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
