//! Charts saved as files: SVG that looks as on screen wherever it is opened, and PNG drawn from
//! it. A chart is styled by the widget's style sheet, which a file does not carry: the styles
//! the browser computed for each of its elements are written into a copy of it.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

/// The properties that draw a chart: colours, lines and type.
const DRAWN_BY: [&str; 10] = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity", "opacity", "font-family", "font-size", "font-weight"];

/// The pixels of a PNG for each unit of the chart's viewBox: sharp on a screen of twice the
/// density, and in print.
const PNG_SCALE: f64 = 2.0;

/// A copy of chart `svg` as standalone SVG text: each element with the styles computed for it,
/// and the chart's size from its viewBox.
pub(super) fn standalone_svg(svg: &Element) -> Option<String> {
    let window = web_sys::window()?;
    let copy: Element = svg.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let (from, to) = (svg.query_selector_all("*").ok()?, copy.query_selector_all("*").ok()?);
    let originals = std::iter::once(svg.clone()).chain((0..from.length()).filter_map(|i| from.item(i)?.dyn_into().ok()));
    let copies = std::iter::once(copy.clone()).chain((0..to.length()).filter_map(|i| to.item(i)?.dyn_into().ok()));
    for (original, copied) in originals.zip(copies) {
        let Ok(Some(computed)) = window.get_computed_style(&original) else { continue };
        let style: Vec<String> =
            DRAWN_BY.iter().filter_map(|p| computed.get_property_value(p).ok().filter(|v| !v.is_empty()).map(|v| format!("{p}:{v}"))).collect();
        let _ = copied.set_attribute("style", &style.join(";"));
    }
    let (width, height) = size(svg)?;
    let _ = copy.set_attribute("width", &width.to_string());
    let _ = copy.set_attribute("height", &height.to_string());
    web_sys::XmlSerializer::new().ok()?.serialize_to_string(&copy).ok()
}

/// The width and height of a chart's viewBox.
fn size(svg: &Element) -> Option<(f64, f64)> {
    let view_box = svg.get_attribute("viewBox")?;
    let parts: Vec<f64> = view_box.split_whitespace().filter_map(|p| p.parse().ok()).collect();
    match parts[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

/// Draws chart `svg` on a white canvas and offers it as PNG file `name` once drawn; returns
/// what handles the drawing, which must be kept until then.
pub(super) fn download_png(doc: &Document, svg: &Element, name: &str) -> Option<Closure<dyn FnMut()>> {
    let text = standalone_svg(svg)?;
    let (width, height) = size(svg)?;
    let image: web_sys::HtmlImageElement = doc.create_element("img").ok()?.dyn_into().ok()?;
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width((width * PNG_SCALE).round() as u32);
    canvas.set_height((height * PNG_SCALE).round() as u32);
    let (doc, name, drawn) = (doc.clone(), name.to_string(), image.clone());
    let on_load = Closure::<dyn FnMut()>::new(move || {
        let Some(context) = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok()) else { return };
        context.set_fill_style_str("#ffffff");
        context.fill_rect(0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height()));
        let _ = context.draw_image_with_html_image_element_and_dw_and_dh(&drawn, 0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height()));
        if let Ok(url) = canvas.to_data_url_with_type("image/png") {
            super::dom::download_url(&doc, &name, &url);
        }
    });
    image.set_onload(Some(on_load.as_ref().unchecked_ref()));
    image.set_src(&format!("data:image/svg+xml;charset=utf-8,{}", String::from(js_sys::encode_uri_component(&text))));
    Some(on_load)
}
