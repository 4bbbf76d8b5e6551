//! SVG charts drawn as DOM nodes: a bar chart of the index and a radar chart of the pillars.
//! Labels are text nodes; series differ by line style as well as colour.

use web_sys::Document;

use super::dom::El;

/// The range a chart spans: 0–100 for scores that fit it, else the data's own.
/// The scale of a chart, zero included: 0 to 100 for scores `bounded` so (min-max and 监测标准
/// scores) when the values all fall in it, so that charts of any unit or year compare; else the
/// values' own range (z-scores, around 0, would shrink to a dot on a scale of 0 to 100).
fn span(values: impl Iterator<Item = f64>, bounded: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    let mut any = false;
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
        any = true;
    }
    if !any || (bounded && lo >= 0.0 && hi <= 100.0) {
        return (0.0, 100.0);
    }
    if hi <= lo { (lo, lo + 1.0) } else { (lo, hi) }
}

fn fmt(x: f64) -> String {
    crate::stats::fixed(x, 1)
}

/// A horizontal bar chart, one bar per `(label, value)`, in the order given, from zero; `shown`
/// writes the value beside its bar; `bounded`: see [`span`].
pub fn bars(doc: &Document, id: &str, title: &str, items: &[(String, Option<f64>)], bounded: bool, shown: impl Fn(f64) -> String) -> El {
    let (lo, hi) = span(items.iter().filter_map(|(_, v)| *v), bounded);
    let (label_w, bar_w, row_h) = (120.0, 380.0, 26.0);
    let width = label_w + bar_w + 60.0;
    let height = row_h * items.len() as f64 + 16.0;
    let x_of = |v: f64| label_w + (v - lo) / (hi - lo) * bar_w;
    let mut svg = El::svg(doc, "svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("viewBox", &format!("0 0 {} {}", fmt(width), fmt(height)))
        .attr("role", "img")
        .attr("aria-labelledby", &format!("{id}-title"))
        .attr("class", "chart bars")
        .child(El::svg(doc, "title").attr("id", &format!("{id}-title")).text(title));
    for (i, (label, value)) in items.iter().enumerate() {
        let y = 8.0 + row_h * i as f64;
        svg = svg.child(
            El::svg(doc, "text")
                .num("x", label_w - 8.0)
                .num("y", y + row_h * 0.62)
                .attr("text-anchor", "end")
                .attr("class", "label")
                .text(label),
        );
        if let Some(v) = value {
            let (x0, x1) = (x_of(lo.max(0.0).min(hi)), x_of(*v));
            svg = svg
                .child(
                    El::svg(doc, "rect")
                        .num("x", x0.min(x1))
                        .num("y", y + 3.0)
                        .num("width", (x1 - x0).abs().max(1.0))
                        .num("height", row_h - 8.0)
                        .attr("class", "bar"),
                )
                .child(
                    El::svg(doc, "text")
                        .num("x", x0.max(x1) + 4.0)
                        .num("y", y + row_h * 0.62)
                        .attr("class", "value")
                        .text(&shown(*v)),
                );
        }
    }
    svg
}

/// A radar chart: one axis per label, one closed line per series (`(name, values, class)`);
/// `bounded`: see [`span`]. Below zero, the ring of zero is drawn apart.
pub fn radar(doc: &Document, id: &str, title: &str, axes: &[String], series: &[(String, Vec<Option<f64>>, &str)], bounded: bool) -> El {
    let (lo, hi) = span(series.iter().flat_map(|(_, v, _)| v.iter().flatten().copied()), bounded);
    let (cx, cy, r) = (380.0, 200.0, 140.0);
    let n = axes.len().max(1) as f64;
    let point = |i: usize, v: f64| {
        let a = std::f64::consts::TAU * i as f64 / n - std::f64::consts::FRAC_PI_2;
        let k = ((v - lo) / (hi - lo)).clamp(0.0, 1.0) * r;
        // the browser's sine and cosine: Rust's would add their own tables to the wasm
        (cx + k * js_sys::Math::cos(a), cy + k * js_sys::Math::sin(a))
    };
    let mut svg = El::svg(doc, "svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("viewBox", "0 0 760 430")
        .attr("role", "img")
        .attr("aria-labelledby", &format!("{id}-title"))
        .attr("class", "chart radar")
        .child(El::svg(doc, "title").attr("id", &format!("{id}-title")).text(title));
    let ring = |v: f64, class: &str| {
        let pts: Vec<String> = (0..axes.len())
            .map(|i| {
                let (x, y) = point(i, v);
                format!("{},{}", fmt(x), fmt(y))
            })
            .collect();
        El::svg(doc, "polygon").attr("points", &pts.join(" ")).attr("class", class)
    };
    for share in [0.25, 0.5, 0.75, 1.0] {
        svg = svg.child(ring(lo + share * (hi - lo), "grid"));
    }
    if lo < 0.0 {
        svg = svg.child(ring(0.0, "zero"));
    }
    for (i, label) in axes.iter().enumerate() {
        let (x, y) = point(i, hi);
        let (lx, ly) = point(i, hi + (hi - lo) * 0.16);
        let anchor = if (lx - cx).abs() < 8.0 { "middle" } else if lx > cx { "start" } else { "end" };
        svg = svg
            .child(El::svg(doc, "line").num("x1", cx).num("y1", cy).num("x2", x).num("y2", y).attr("class", "axis"))
            .child(
                El::svg(doc, "text")
                    .num("x", lx)
                    .num("y", ly + 4.0)
                    .attr("text-anchor", anchor)
                    .attr("class", "label")
                    .text(label),
            );
    }
    for (k, (name, values, class)) in series.iter().enumerate() {
        let pts: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (x, y) = point(i, v.unwrap_or(lo));
                format!("{},{}", fmt(x), fmt(y))
            })
            .collect();
        let ly = 412.0 - 18.0 * (series.len() - 1 - k) as f64;
        svg = svg
            .child(El::svg(doc, "polygon").attr("points", &pts.join(" ")).attr("class", &format!("series {class}")))
            .child(
                El::svg(doc, "line")
                    .attr("x1", "10")
                    .attr("x2", "34")
                    .num("y1", ly - 4.0)
                    .num("y2", ly - 4.0)
                    .attr("class", &format!("key {class}")),
            )
            .child(El::svg(doc, "text").attr("x", "40").num("y", ly).attr("class", "label").text(name));
    }
    svg
}

/// Rank intervals: one row per `(label, nominal, q05, median, q95)`, rank 1 on the left; the
/// 5–95% range as a line, the median as a tick and the nominal rank as a dot.
pub fn intervals(doc: &Document, id: &str, title: &str, items: &[(String, f64, f64, f64, f64)], worst: f64, legend: [&str; 3]) -> El {
    let (label_w, plot_w, row_h) = (120.0, 380.0, 22.0);
    let width = label_w + plot_w + 40.0;
    let height = row_h * items.len() as f64 + 48.0;
    let x_of = |rank: f64| label_w + (rank - 1.0) / (worst - 1.0).max(1.0) * plot_w;
    let mut svg = El::svg(doc, "svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("viewBox", &format!("0 0 {} {}", fmt(width), fmt(height)))
        .attr("role", "img")
        .attr("aria-labelledby", &format!("{id}-title"))
        .attr("class", "chart intervals")
        .child(El::svg(doc, "title").attr("id", &format!("{id}-title")).text(title));
    for (i, (label, nominal, lo, median, hi)) in items.iter().enumerate() {
        let y = 8.0 + row_h * i as f64 + row_h / 2.0;
        svg = svg
            .child(El::svg(doc, "text").num("x", label_w - 8.0).num("y", y + 4.0).attr("text-anchor", "end").attr("class", "label").text(label))
            .child(El::svg(doc, "line").num("x1", x_of(*lo)).num("x2", x_of(*hi).max(x_of(*lo) + 2.0)).num("y1", y).num("y2", y).attr("class", "range"))
            .child(El::svg(doc, "line").num("x1", x_of(*median)).num("x2", x_of(*median)).num("y1", y - 6.0).num("y2", y + 6.0).attr("class", "median"))
            .child(El::svg(doc, "circle").num("cx", x_of(*nominal)).num("cy", y).attr("r", "4").attr("class", "nominal"));
    }
    let base = 8.0 + row_h * items.len() as f64 + 16.0;
    for rank in [1.0, worst] {
        svg = svg.child(El::svg(doc, "text").num("x", x_of(rank)).num("y", base).attr("text-anchor", "middle").attr("class", "value").text(&crate::stats::fixed(rank, if rank.fract() == 0.0 { 0 } else { 1 })));
    }
    let key_y = base + 18.0;
    svg.child(El::svg(doc, "circle").num("cx", label_w).num("cy", key_y - 4.0).attr("r", "4").attr("class", "nominal"))
        .child(El::svg(doc, "text").num("x", label_w + 8.0).num("y", key_y).attr("class", "label").text(legend[0]))
        .child(El::svg(doc, "line").num("x1", label_w + 130.0).num("x2", label_w + 130.0).num("y1", key_y - 10.0).num("y2", key_y + 2.0).attr("class", "median"))
        .child(El::svg(doc, "text").num("x", label_w + 138.0).num("y", key_y).attr("class", "label").text(legend[1]))
        .child(El::svg(doc, "line").num("x1", label_w + 240.0).num("x2", label_w + 270.0).num("y1", key_y - 4.0).num("y2", key_y - 4.0).attr("class", "range"))
        .child(El::svg(doc, "text").num("x", label_w + 276.0).num("y", key_y).attr("class", "label").text(legend[2]))
}

/// A line chart over years: one line per `(name, values by year, class)`, points marked; each
/// line named in a legend, or (`end_labels`) beside its last point, for many lines of one style;
/// `bounded`: see [`span`]. Below zero, a line marks zero.
pub fn lines(doc: &Document, id: &str, title: &str, years: &[i64], series: &[(String, Vec<Option<f64>>, &str)], end_labels: bool, bounded: bool) -> El {
    let (lo, hi) = span(series.iter().flat_map(|(_, v, _)| v.iter().flatten().copied()), bounded);
    let (left, plot_w, top, plot_h) = (50.0, 420.0, 12.0, 180.0);
    let (legend_rows, right) = if end_labels { (0.0, 200.0) } else { (series.len() as f64, 40.0) };
    let x_of = |i: usize| left + if years.len() > 1 { i as f64 / (years.len() - 1) as f64 * plot_w } else { plot_w / 2.0 };
    let y_of = |v: f64| top + (1.0 - (v - lo) / (hi - lo)) * plot_h;
    let mut svg = El::svg(doc, "svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("viewBox", &format!("0 0 {} {}", fmt(left + plot_w + right), fmt(top + plot_h + 40.0 + 18.0 * legend_rows)))
        .attr("role", "img")
        .attr("aria-labelledby", &format!("{id}-title"))
        .attr("class", "chart lines")
        .child(El::svg(doc, "title").attr("id", &format!("{id}-title")).text(title));
    for v in [lo, (lo + hi) / 2.0, hi] {
        svg = svg
            .child(El::svg(doc, "line").num("x1", left).num("x2", left + plot_w).num("y1", y_of(v)).num("y2", y_of(v)).attr("class", "grid"))
            .child(El::svg(doc, "text").num("x", left - 6.0).num("y", y_of(v) + 4.0).attr("text-anchor", "end").attr("class", "value").text(&fmt(v)));
    }
    if lo < 0.0 {
        svg = svg.child(El::svg(doc, "line").num("x1", left).num("x2", left + plot_w).num("y1", y_of(0.0)).num("y2", y_of(0.0)).attr("class", "zero"));
    }
    for (i, y) in years.iter().enumerate() {
        svg = svg.child(El::svg(doc, "text").num("x", x_of(i)).num("y", top + plot_h + 16.0).attr("text-anchor", "middle").attr("class", "value").text(&y.to_string()));
    }
    for (k, (name, values, class)) in series.iter().enumerate() {
        let pts: Vec<String> = values.iter().enumerate().filter_map(|(i, v)| v.map(|v| format!("{},{}", fmt(x_of(i)), fmt(y_of(v))))).collect();
        svg = svg.child(El::svg(doc, "polyline").attr("points", &pts.join(" ")).attr("class", &format!("trend {class}")));
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                svg = svg.child(El::svg(doc, "circle").num("cx", x_of(i)).num("cy", y_of(*v)).attr("r", "3").attr("class", &format!("point {class}")));
            }
        }
        if end_labels {
            if let Some((i, v)) = values.iter().enumerate().rev().find_map(|(i, v)| v.map(|v| (i, v))) {
                svg = svg.child(El::svg(doc, "text").num("x", x_of(i) + 6.0).num("y", y_of(v) + 4.0).attr("class", "label").text(name));
            }
            continue;
        }
        let ly = top + plot_h + 36.0 + 18.0 * k as f64;
        svg = svg
            .child(El::svg(doc, "line").num("x1", left).num("x2", left + 24.0).num("y1", ly - 4.0).num("y2", ly - 4.0).attr("class", &format!("trend {class}")))
            .child(El::svg(doc, "text").num("x", left + 30.0).num("y", ly).attr("class", "label").text(name));
    }
    svg
}
