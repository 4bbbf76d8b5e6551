//! SVG charts drawn as DOM nodes: bars of the index, a radar of the pillars, rank intervals, a
//! trend over the years, and small multiples of the pillars' trends. Labels are text nodes;
//! series differ by line style as well as colour.
//!
//! Each chart is laid out for the [`Frame`] it is shown in: one unit of its viewBox is one CSS
//! pixel, so that its text is as large on a phone as on a desk (and larger in elder mode), and
//! labels are placed, wrapped or cut so that none overlaps another or leaves the chart.

use web_sys::Document;

use super::dom::El;

/// A line or a shape of a chart: its name (for the legend), its values, and its class (for its style).
pub type Series<'a> = (String, Vec<Option<f64>>, &'a str);

/// The room a chart is drawn in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// The width it is shown at, in CSS pixels.
    pub width: f64,
    /// The size of its text, in CSS pixels.
    pub font: f64,
}

impl Frame {
    /// The widest a chart is drawn.
    pub const WIDEST: f64 = 760.0;
    /// The narrowest: a phone's screen less the page's margins.
    const NARROWEST: f64 = 260.0;

    /// The frame of a chart shown in `available` pixels (0 when not known: not laid out yet),
    /// with text of 12 px, or of 16 px in elder mode.
    pub fn new(available: f64, elder: bool) -> Frame {
        let width = if available > 0.0 { available.clamp(Self::NARROWEST, Self::WIDEST) } else { Self::WIDEST };
        Frame { width: width.floor(), font: if elder { 16.0 } else { 12.0 } }
    }

    /// The frame of a chart printed `width` pixels wide, with text of 10 px (7.5 pt).
    pub fn printed(width: f64) -> Frame {
        Frame { width, font: 10.0 }
    }

    /// The width `text` takes, estimated: a full-width character (Chinese) one em, any other
    /// 0.6 em, which no Latin letter but m and w exceeds in the fonts of the card.
    fn text_width(&self, text: &str) -> f64 {
        text.chars().map(|c| if is_wide(c) { 1.0 } else { 0.6 }).sum::<f64>() * self.font
    }

    /// The height of a line of text.
    fn line(&self) -> f64 {
        (self.font * 1.25).round()
    }

    /// `text` in at most `lines` lines of at most `max` pixels: broken between words, or
    /// between any two full-width characters; what does not fit is cut, ending in "…".
    fn wrap(&self, text: &str, max: f64, lines: usize) -> Vec<String> {
        let mut out: Vec<String> = vec![String::new()];
        for token in tokens(text) {
            match out.last_mut() {
                Some(last) if last.is_empty() || self.text_width(format!("{last}{token}").trim_end()) <= max => last.push_str(token),
                _ => out.push(token.trim_start().to_string()),
            }
        }
        let cut = out.len() > lines;
        out.truncate(lines);
        for line in &mut out {
            *line = line.trim_end().to_string();
        }
        if let Some(last) = out.last_mut() {
            // a line too long alone (one long word), or the last of too many
            if cut || self.text_width(last) > max {
                while !last.is_empty() && self.text_width(&format!("{last}…")) > max {
                    last.pop();
                }
                last.push('…');
            }
        }
        out
    }

    /// The widest of `lines`.
    fn widest<S: AsRef<str>>(&self, lines: impl IntoIterator<Item = S>) -> f64 {
        lines.into_iter().map(|l| self.text_width(l.as_ref())).fold(0.0, f64::max)
    }
}

/// A character that takes a whole em: CJK, full-width forms, and the like.
fn is_wide(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{115F}' | '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}')
}

/// The pieces a line may break between: a word with the blanks after it, or one full-width
/// character.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_blank = false;
    for (i, c) in text.char_indices() {
        let wide = is_wide(c);
        if i > start && (wide || (in_blank && !c.is_whitespace()) || text[start..i].chars().last().is_some_and(is_wide)) {
            out.push(&text[start..i]);
            start = i;
        }
        in_blank = c.is_whitespace();
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

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

/// An empty chart of `width` x `height` with its title and text size.
fn chart(doc: &Document, frame: Frame, id: &str, class: &str, title: &str, height: f64) -> El {
    El::svg(doc, "svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("viewBox", &format!("0 0 {} {}", fmt(frame.width), fmt(height.ceil())))
        .attr("font-size", &fmt(frame.font))
        .attr("role", "img")
        .attr("aria-labelledby", &format!("{id}-title"))
        .attr("class", &format!("chart {class}"))
        .child(El::svg(doc, "title").attr("id", &format!("{id}-title")).text(title))
}

/// A text of one or more `lines`, the first with its baseline at `y`.
fn text(doc: &Document, frame: Frame, x: f64, y: f64, anchor: &str, class: &str, lines: &[String]) -> El {
    let el = El::svg(doc, "text").num("x", x).num("y", y).attr("text-anchor", anchor).attr("class", class);
    match lines {
        [one] => el.text(one),
        _ => el.children(lines.iter().enumerate().map(|(i, l)| El::svg(doc, "tspan").num("x", x).num("dy", if i == 0 { 0.0 } else { frame.line() }).text(l))),
    }
}

/// A label: `full` in at most `lines` lines of at most `max` pixels (see [`Frame::wrap`]), the
/// first with its baseline at `y`; when it had to be cut, the whole of it is its tooltip.
#[allow(clippy::too_many_arguments, reason = "where and how a label goes, one argument each")]
fn label(doc: &Document, frame: Frame, x: f64, y: f64, anchor: &str, full: &str, max: f64, lines: usize) -> El {
    let wrapped = frame.wrap(full, max, lines);
    whole_if_cut(doc, text(doc, frame, x, y, anchor, "label", &wrapped), &wrapped, full)
}

/// `el`, the text of `full` in `lines`, with the whole of it as its tooltip when it was cut.
fn whole_if_cut(doc: &Document, el: El, lines: &[String], full: &str) -> El {
    if lines.last().is_some_and(|l| l.ends_with('…')) { el.child(El::svg(doc, "title").text(full)) } else { el }
}

/// A line of a legend: a short stroke of `class`, then `name`; returns it and its width.
fn key(doc: &Document, frame: Frame, x: f64, y: f64, class: &str, name: &str) -> (El, f64) {
    let stroke = frame.font * 2.0;
    let el = El::svg(doc, "g").children([
        El::svg(doc, "line").num("x1", x).num("x2", x + stroke).num("y1", y - frame.font * 0.35).num("y2", y - frame.font * 0.35).attr("class", class),
        text(doc, frame, x + stroke + 6.0, y, "start", "label", &[name.to_string()]),
    ]);
    (el, stroke + 6.0 + frame.text_width(name))
}

/// Legend lines for `items` (`(class, name)`) from `(x, y)`, as many in a row as fit the
/// frame; returns them and the height they take.
fn legend(doc: &Document, frame: Frame, x: f64, y: f64, items: &[(String, String)]) -> (Vec<El>, f64) {
    let (mut out, mut at, mut row) = (Vec::new(), x, 0.0);
    for (class, name) in items {
        let name = frame.wrap(name, frame.width - x - frame.font * 3.0, 1).remove(0);
        let width = frame.font * 2.0 + 6.0 + frame.text_width(&name);
        if at > x && at + width > frame.width {
            at = x;
            row += frame.line();
        }
        out.push(key(doc, frame, at, y + row, class, &name).0);
        at += width + frame.font * 1.5;
    }
    (out, row + frame.line())
}

/// A horizontal bar chart, one bar per `(label, value)`, in the order given, from zero; `shown`
/// writes the value beside its bar; `bounded`: see [`span`].
pub fn bars(doc: &Document, frame: Frame, id: &str, title: &str, items: &[(String, Option<f64>)], bounded: bool, shown: impl Fn(f64) -> String) -> El {
    let (lo, hi) = span(items.iter().filter_map(|(_, v)| *v), bounded);
    let gap = frame.font * 0.6;
    let label_w = frame.widest(items.iter().map(|(l, _)| l)).min(frame.width * 0.4);
    let value_w = frame.widest(items.iter().filter_map(|(_, v)| v.map(&shown)));
    let bar_w = (frame.width - label_w - value_w - 3.0 * gap).max(frame.font * 3.0);
    let row_h = (frame.font * 2.1).round();
    let left = label_w + gap;
    let x_of = |v: f64| left + (v - lo) / (hi - lo) * bar_w;
    let mut svg = chart(doc, frame, id, "bars", title, row_h * items.len() as f64 + gap);
    for (i, (label, value)) in items.iter().enumerate() {
        let y = gap / 2.0 + row_h * i as f64;
        let baseline = y + row_h / 2.0 + frame.font * 0.35;
        svg = svg.child(self::label(doc, frame, label_w, baseline, "end", label, label_w, 1));
        if let Some(v) = value {
            let (x0, x1) = (x_of(lo.max(0.0).min(hi)), x_of(*v));
            svg = svg
                .child(El::svg(doc, "rect").num("x", x0.min(x1)).num("y", y + row_h * 0.15).num("width", (x1 - x0).abs().max(1.0)).num("height", row_h * 0.7).attr("class", "bar"))
                .child(text(doc, frame, x0.max(x1) + gap / 2.0, baseline, "start", "value", &[shown(*v)]));
        }
    }
    svg
}

/// A radar chart: one axis per label, one closed line per series (`(name, values, class)`);
/// `bounded`: see [`span`]. Below zero, the ring of zero is drawn apart. Axis labels take up to
/// two lines; the radius is what the frame leaves beside them.
pub fn radar(doc: &Document, frame: Frame, id: &str, title: &str, axes: &[String], series: &[Series], bounded: bool) -> El {
    let (lo, hi) = span(series.iter().flat_map(|(_, v, _)| v.iter().flatten().copied()), bounded);
    let n = axes.len().max(1);
    let angle = |i: usize| std::f64::consts::TAU * i as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
    // the browser's sine and cosine: Rust's would add their own tables to the wasm
    let (cos, sin) = (|a: f64| js_sys::Math::cos(a), |a: f64| js_sys::Math::sin(a));
    let gap = frame.font * 0.6;
    // a label beside the circle may take a quarter of the width, less on a wide frame
    let label_max = (frame.width * 0.25).clamp(frame.font * 5.0, frame.font * 11.0);
    let labels: Vec<Vec<String>> = axes.iter().map(|a| frame.wrap(a, label_max, 2)).collect();
    // the widest label on either side sets the room left for the circle
    let side = |i: usize| cos(angle(i)).abs() >= 0.3;
    let beside = labels.iter().enumerate().filter(|(i, _)| side(*i)).map(|(_, l)| frame.widest(l)).fold(0.0, f64::max);
    let r = (frame.width / 2.0 - beside - 2.0 * gap).clamp(frame.font * 3.0, 150.0);
    let cx = frame.width / 2.0;
    let above = 2.0 * frame.line() + gap;
    let cy = above + r;
    let point = |i: usize, v: f64| {
        let k = ((v - lo) / (hi - lo)).clamp(0.0, 1.0) * r;
        (cx + k * cos(angle(i)), cy + k * sin(angle(i)))
    };
    let ring = |v: f64, class: &str| {
        let pts: Vec<String> = (0..axes.len()).map(|i| point(i, v)).map(|(x, y)| format!("{},{}", fmt(x), fmt(y))).collect();
        El::svg(doc, "polygon").attr("points", &pts.join(" ")).attr("class", class)
    };
    let keys: Vec<(String, String)> = series.iter().map(|(name, _, class)| (format!("key {class}"), name.clone())).collect();
    let key_top = cy + r + 2.0 * frame.line() + gap + frame.font;
    let (legend, legend_h) = legend(doc, frame, gap, key_top, &keys);
    let mut svg = chart(doc, frame, id, "radar", title, key_top + legend_h);
    for share in [0.25, 0.5, 0.75, 1.0] {
        svg = svg.child(ring(lo + share * (hi - lo), "grid"));
    }
    if lo < 0.0 {
        svg = svg.child(ring(0.0, "zero"));
    }
    for (i, lines) in labels.iter().enumerate() {
        let (x, y) = point(i, hi);
        let (c, s) = (cos(angle(i)), sin(angle(i)));
        let (lx, ly) = (cx + (r + gap) * c, cy + (r + gap) * s);
        let anchor = if c.abs() < 0.3 { "middle" } else if c > 0.0 { "start" } else { "end" };
        let stack = (lines.len() - 1) as f64 * frame.line();
        let first = if s < -0.3 { ly - stack - frame.font * 0.2 } else if s > 0.3 { ly + frame.font * 0.9 } else { ly - stack / 2.0 + frame.font * 0.35 };
        svg = svg
            .child(El::svg(doc, "line").num("x1", cx).num("y1", cy).num("x2", x).num("y2", y).attr("class", "axis"))
            .child(whole_if_cut(doc, text(doc, frame, lx, first, anchor, "label", lines), lines, &axes[i]));
    }
    for (name, values, class) in series {
        let pts: Vec<String> = values.iter().enumerate().map(|(i, v)| point(i, v.unwrap_or(lo))).map(|(x, y)| format!("{},{}", fmt(x), fmt(y))).collect();
        svg = svg.child(El::svg(doc, "polygon").attr("points", &pts.join(" ")).attr("class", &format!("series {class}")).child(El::svg(doc, "title").text(name)));
    }
    svg.children(legend)
}

/// Rank intervals: one row per `(label, nominal, q05, median, q95)`, rank 1 on the left; the
/// 5–95% range as a line, the median as a tick and the nominal rank as a dot.
pub fn intervals(doc: &Document, frame: Frame, id: &str, title: &str, items: &[(String, f64, f64, f64, f64)], worst: f64, names: [&str; 3]) -> El {
    let gap = frame.font * 0.6;
    let label_w = frame.widest(items.iter().map(|i| &i.0)).min(frame.width * 0.4);
    let left = label_w + gap * 2.0;
    let plot_w = frame.width - left - frame.text_width(&crate::stats::fixed(worst, 0)) - gap;
    let row_h = (frame.font * 1.9).round();
    let x_of = |rank: f64| left + (rank - 1.0) / (worst - 1.0).max(1.0) * plot_w;
    let base = gap + row_h * items.len() as f64 + frame.font;
    let keys = [("nominal-key", names[0]), ("median", names[1]), ("range", names[2])].map(|(c, n)| (c.to_string(), n.to_string()));
    let (legend, legend_h) = legend(doc, frame, left, base + frame.line() + gap, &keys);
    let mut svg = chart(doc, frame, id, "intervals", title, base + frame.line() + gap + legend_h);
    for (i, (label, nominal, lo, median, hi)) in items.iter().enumerate() {
        let y = gap + row_h * i as f64 + row_h / 2.0;
        svg = svg
            .child(self::label(doc, frame, label_w, y + frame.font * 0.35, "end", label, label_w, 1))
            .child(El::svg(doc, "line").num("x1", x_of(*lo)).num("x2", x_of(*hi).max(x_of(*lo) + 2.0)).num("y1", y).num("y2", y).attr("class", "range"))
            .child(El::svg(doc, "line").num("x1", x_of(*median)).num("x2", x_of(*median)).num("y1", y - row_h * 0.3).num("y2", y + row_h * 0.3).attr("class", "median"))
            .child(El::svg(doc, "circle").num("cx", x_of(*nominal)).num("cy", y).num("r", frame.font / 3.0).attr("class", "nominal"));
    }
    for rank in [1.0, worst] {
        svg = svg.child(text(doc, frame, x_of(rank), base, "middle", "value", &[crate::stats::fixed(rank, if rank.fract() == 0.0 { 0 } else { 1 })]));
    }
    svg.children(legend)
}

/// A plot of lines over years in the box `(x, y, w, h)` on the scale `(lo, hi)`: the grid at
/// `ticks`, labelled at the left, the years below (as many as fit), a line per `(values,
/// class)` with its points, and zero marked when the scale goes below it.
struct Plot<'a> {
    years: &'a [i64],
    lo: f64,
    hi: f64,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Plot<'_> {
    fn x_of(&self, i: usize) -> f64 {
        self.x + if self.years.len() > 1 { i as f64 / (self.years.len() - 1) as f64 * self.w } else { self.w / 2.0 }
    }

    fn y_of(&self, v: f64) -> f64 {
        self.y + (1.0 - (v - self.lo) / (self.hi - self.lo)) * self.h
    }

    fn draw(&self, doc: &Document, frame: Frame, ticks: &[f64], series: &[(&[Option<f64>], &str)]) -> Vec<El> {
        let mut out = Vec::new();
        for &v in ticks {
            out.push(El::svg(doc, "line").num("x1", self.x).num("x2", self.x + self.w).num("y1", self.y_of(v)).num("y2", self.y_of(v)).attr("class", "grid"));
            out.push(text(doc, frame, self.x - frame.font * 0.4, self.y_of(v) + frame.font * 0.35, "end", "value", &[fmt(v)]));
        }
        if self.lo < 0.0 {
            out.push(El::svg(doc, "line").num("x1", self.x).num("x2", self.x + self.w).num("y1", self.y_of(0.0)).num("y2", self.y_of(0.0)).attr("class", "zero"));
        }
        // every year whose label fits, the first and the last always
        let label_w = frame.text_width("2000") + frame.font;
        let every = ((label_w * self.years.len() as f64 / self.w.max(1.0)).ceil() as usize).max(1);
        let last = self.years.len().saturating_sub(1);
        for (i, year) in self.years.iter().enumerate() {
            let near_last = i != last && last - i < every;
            if (i % every == 0 && !near_last) || i == last {
                out.push(text(doc, frame, self.x_of(i), self.y + self.h + frame.line() + frame.font * 0.35, "middle", "value", &[year.to_string()]));
            }
        }
        for (values, class) in series {
            let pts: Vec<String> = values.iter().enumerate().filter_map(|(i, v)| v.map(|v| format!("{},{}", fmt(self.x_of(i)), fmt(self.y_of(v))))).collect();
            out.push(El::svg(doc, "polyline").attr("points", &pts.join(" ")).attr("class", &format!("trend {class}")));
            for (i, v) in values.iter().enumerate() {
                if let Some(v) = v {
                    out.push(El::svg(doc, "circle").num("cx", self.x_of(i)).num("cy", self.y_of(*v)).num("r", frame.font / 4.0).attr("class", &format!("point {class}")));
                }
            }
        }
        out
    }
}

/// A line chart over years: one line per `(name, values by year, class)`, points marked, each
/// named in a legend below; `bounded`: see [`span`]. Below zero, a line marks zero.
pub fn lines(doc: &Document, frame: Frame, id: &str, title: &str, years: &[i64], series: &[Series], bounded: bool) -> El {
    let (lo, hi) = span(series.iter().flat_map(|(_, v, _)| v.iter().flatten().copied()), bounded);
    let ticks = [lo, (lo + hi) / 2.0, hi];
    let left = frame.widest(ticks.map(fmt)) + frame.font;
    let right = frame.text_width("2000") / 2.0 + frame.font * 0.5;
    let top = frame.font;
    let plot = Plot { years, lo, hi, x: left, y: top, w: frame.width - left - right, h: (frame.font * 14.0).min(frame.width * 0.32) };
    let keys: Vec<(String, String)> = series.iter().map(|(name, _, class)| (format!("trend {class}"), name.clone())).collect();
    let key_top = plot.y + plot.h + frame.line() * 2.0 + frame.font * 0.5;
    let (legend, legend_h) = legend(doc, frame, left, key_top, &keys);
    let drawn: Vec<(&[Option<f64>], &str)> = series.iter().map(|(_, v, class)| (v.as_slice(), *class)).collect();
    chart(doc, frame, id, "lines", title, key_top + legend_h).children(plot.draw(doc, frame, &ticks, &drawn)).children(legend)
}

/// Small multiples: one small plot over the years per panel (`(title, series)`), all on one
/// scale so that they compare, as many in a row as the frame holds; on top, a legend of the
/// first panel's series. `bounded`: see [`span`].
pub fn multiples(doc: &Document, frame: Frame, id: &str, title: &str, years: &[i64], panels: &[(String, Vec<Series>)], bounded: bool) -> El {
    let (lo, hi) = span(panels.iter().flat_map(|(_, s)| s.iter().flat_map(|(_, v, _)| v.iter().flatten().copied())), bounded);
    let gap = frame.font;
    let columns = ((frame.width / (frame.font * 14.0)).floor() as usize).clamp(1, panels.len().max(1));
    let cell_w = frame.width / columns as f64;
    let ticks = [lo, hi];
    let left = frame.widest(ticks.map(fmt)) + frame.font * 0.6;
    let headings: Vec<Vec<String>> = panels.iter().map(|(name, _)| frame.wrap(name, cell_w - gap, 2)).collect();
    let title_lines = headings.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let plot_h = frame.font * 5.0;
    let cell_h = title_lines * frame.line() + gap + plot_h + frame.line() + gap * 1.35;
    let key_items: Vec<(String, String)> = panels.first().map(|(_, s)| s.iter().map(|(name, _, class)| (format!("trend {class}"), name.clone())).collect()).unwrap_or_default();
    let (legend, legend_h) = legend(doc, frame, 0.0, frame.font, &key_items);
    let top = legend_h + gap * 0.5;
    let rows = panels.len().div_ceil(columns);
    let mut svg = chart(doc, frame, id, "multiples", title, top + rows as f64 * cell_h).children(legend);
    for (k, ((name, series), heading)) in panels.iter().zip(&headings).enumerate() {
        let (x, y) = ((k % columns) as f64 * cell_w, top + (k / columns) as f64 * cell_h);
        let plot_top = y + title_lines * frame.line() + gap;
        let plot = Plot { years, lo, hi, x: x + left, y: plot_top, w: cell_w - left - gap * 1.5, h: plot_h };
        let drawn: Vec<(&[Option<f64>], &str)> = series.iter().map(|(_, v, class)| (v.as_slice(), *class)).collect();
        svg = svg
            .child(whole_if_cut(doc, text(doc, frame, x, y + frame.font, "start", "label panel-title", heading), heading, name))
            .children(plot.draw(doc, frame, &ticks, &drawn));
    }
    svg
}
