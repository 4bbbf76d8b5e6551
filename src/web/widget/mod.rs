//! The `<inno-scorecard>` widget (wasm32 only): the analyst's scorecard rendered by Rust into the
//! element's shadow root. `www/inno-scorecard.js` defines the element and forwards its
//! lifecycle here: connected -> [`Scorecard::new`], attribute changed ->
//! [`Scorecard::attribute_changed`], disconnected -> `free()`.
//!
//! Events are delegated: a handful of listeners on the shadow root dispatch on the
//! `data-action` of the element acted on, and are removed when the scorecard is dropped.

mod bridge;
mod charts;
mod dom;
mod export;
pub mod i18n;
mod picture;
mod audit;
mod robust;
mod share;
mod view;
mod workbook;

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlElement, ShadowRoot};

use crate::error::Error;
use crate::history::{Change, History};
use crate::project::{AggregateChoice, ImputeChoice, NormaliseChoice, Project, Scored};
use crate::table::Table;
use dom::{action_of, data, value_of, Listener};
use i18n::Locale;
use audit::Audit;
use robust::{Robust, Running};

const STYLE: &str = include_str!("style.css");

/// Which editor is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Data,
    Framework,
    Method,
}

/// Everything the widget shows and edits.
struct State {
    host: HtmlElement,
    root: ShadowRoot,
    doc: Document,
    loc: Locale,
    project: Project,
    scored: Result<Scored, Error>,
    readonly: bool,
    /// `view="ranking"`: the published ranking alone (read-only), for a portal's page.
    ranking_only: bool,
    storage_key: String,
    /// False when what the browser kept could neither be read nor set aside: saving would
    /// overwrite it. (Nothing is saved when read-only either.)
    saving: bool,
    /// Why the last save failed (storage full or refused, or a project too large to try),
    /// said beside any other message.
    storage_problem: Option<String>,
    /// What the browser kept but could not read, offered for download.
    unreadable: Option<String>,
    tab: Tab,
    year: Option<i64>,
    unit: Option<String>,
    /// The unit the profile's unit is compared with, side by side, if any.
    compare: Option<String>,
    sort: Option<(String, bool)>,
    message: Option<(String, bool)>,
    /// The message offers to undo what it tells (a unit deleted).
    offer_undo: bool,
    /// The edits that can be undone and redone, kept with the project.
    history: History,
    /// What handles the reading of the file imported last (kept until it is read).
    pending_import: Option<bridge::Handlers>,
    /// A file being imported, a stage per timer tick.
    importing: Option<Importing>,
    /// A workbook of several sheets, whose sheet to import the analyst is asked.
    choosing: Option<workbook::SheetChoice>,
    /// The name of a workbook being read (the workbook module may be loading first).
    reading_workbook: Option<String>,
    /// What handles the writing of the workbook exported last (kept until it is written).
    pending_workbook: Option<bridge::Handlers>,
    /// What draws the chart asked for last as PNG (kept until it is drawn).
    pending_png: Option<Closure<dyn FnMut()>>,
    /// This state itself, for callbacks that outlive an event (timers).
    me: Weak<RefCell<State>>,
    /// The code the element loads when first needed (bridge.rs): robustness checks, and files
    /// not in UTF-8. Without it the widget offers no check, and reads UTF-8 only.
    api: Option<bridge::Api>,
    /// The robustness check: under way (a few runs per timer tick), or its result.
    robust: Robust,
    /// Robustness checks asked for so far, to tell a cancelled one's late start from the last.
    robust_requests: u32,
    /// What handles the start of the check asked for last (kept until it answers).
    pending_robust: Option<bridge::Handlers>,
    /// The statistical audit: asked for, or its result.
    audit: Audit,
    /// Audits asked for so far, to tell an outdated answer from the last.
    audit_requests: u32,
    /// What handles the answer to the audit asked for last (kept until it answers).
    pending_audit: Option<bridge::Handlers>,
    tick: Option<Closure<dyn FnMut()>>,
    /// What-if figures for the unit and year shown: `(iCode, text)`.
    scenario: Vec<(String, String)>,
    /// The answer to "what would it take", as shown.
    take: Option<String>,
    /// The what-if panel stays open once used, across redraws.
    whatif_open: bool,
    /// The last "what would it take" question: indicator, kind of goal, goal.
    take_form: (String, String, String),
    /// The page of the data grid shown, from 0 (GRID_PAGE units a page).
    grid_page: usize,
    /// The grid's one tab stop (row on the page, column: -1 the name, then the figures, then
    /// the delete button); arrow keys move it (the ARIA grid pattern).
    grid_at: std::cell::Cell<(usize, i64)>,
    /// The page of the ranking shown, from 0.
    ranking_page: usize,
    /// The room the results' charts were last drawn in: they are drawn again when it changes.
    chart_frame: std::cell::Cell<(charts::Frame, charts::Frame)>,
    /// What is being printed, if anything: the charts are then drawn for paper.
    printing: Option<Printing>,
    /// The share link last asked for, shown to copy.
    share_link: Option<String>,
    /// What handles the copying of that link to the clipboard (kept until it is done).
    pending_copy: Option<bridge::Handlers>,
    /// An edit not yet written to the browser's storage ([`State::save_soon`]), and the timer
    /// that will write it.
    unsaved: bool,
    save_timer: Option<i32>,
    save_tick: Option<Closure<dyn FnMut()>>,
    /// The rest of the results (after the ranking and the bars) waits to be drawn
    /// ([`State::render_rest_soon`]), and a frame has been asked for to draw it after.
    rest_due: std::cell::Cell<bool>,
    rest_asked: bool,
}

/// What a print holds: the whole scorecard (the browser's print), or one unit's profile (its
/// print button), whose charts go in a column of half the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Printing {
    Page,
    Profile,
}

/// A file being imported. Reading it, checking it, scoring it, looking for doubtful figures and
/// showing it are stages of their own, each in a timer tick of its own: the page paints the
/// progress between them, and the analyst can cancel before the project changes.
struct Importing {
    /// The file's name.
    name: String,
    /// The encoding its text was read in, when `readText` told it (files not in UTF-8).
    encoding: Option<String>,
    stage: Stage,
}

/// What an import does next.
enum Stage {
    /// Reads the file's text: a data file into a table, any other file into a copy of the
    /// project (which goes on to [`Stage::Score`]).
    Read(String),
    /// Checks a data file's table against a copy of the project, and puts it in.
    Check(Box<(Project, Table)>),
    /// Scores the copy.
    Score(Box<Project>),
    /// Finds the figures of the copy that look wrong.
    Doubt(Box<(Project, Scored)>),
    /// Shows the copy and its scores in place of the project.
    Show(Box<(Project, Result<Scored, Error>)>),
}

impl Stage {
    /// The stage's number, from 1, of [`Stage::COUNT`].
    fn number(&self) -> usize {
        match self {
            Stage::Read(_) => 1,
            Stage::Check(_) => 2,
            Stage::Score(_) => 3,
            Stage::Doubt(_) => 4,
            Stage::Show(_) => 5,
        }
    }

    const COUNT: usize = 5;

    /// The locale key of what the stage does.
    fn key(&self) -> &'static str {
        match self {
            Stage::Read(_) => "import.read",
            Stage::Check(_) => "import.check",
            Stage::Score(_) => "import.score",
            Stage::Doubt(_) => "import.doubt",
            Stage::Show(_) => "import.show",
        }
    }
}

/// Cells of the largest project saved in the browser: at about 21 characters a cell in the
/// project file, 3 of the 5 million characters a browser keeps for a page.
const MAX_SAVED_CELLS: usize = 150_000;

/// Characters of the undo history saved beside the project, at most: what is left of the
/// browser's 5 million. The latest steps that fit are kept.
const MAX_SAVED_HISTORY: usize = 1_500_000;

/// How long after an edit the work is written to the browser's storage, in milliseconds: typing
/// writes it once, not at every keystroke.
const SAVE_DELAY_MS: i32 = 500;

/// Units of the ranking drawn at once: enough for a region's units, few enough that thousands
/// of imported units draw quickly.
const PAGE: usize = 100;

/// Units of the data grid drawn at once: each has an input for every indicator, and the
/// browser's layout of a page of them grows with its rows (a page of 100 units of the built-in
/// framework took a third of a second to draw and lay out).
const GRID_PAGE: usize = 50;

/// Runs of the robustness check per timer tick, when it runs on the page's thread (no worker):
/// small enough to keep the page responsive.
const RUNS_PER_TICK: usize = 8;
/// Base points of the robustness check's sensitivity design.
const ROBUST_POINTS: usize = 60;

/// One mounted scorecard. Dropping it (JavaScript's `free()`) removes its listeners and content.
#[wasm_bindgen]
pub struct Scorecard {
    state: Rc<RefCell<State>>,
    _listeners: Vec<Listener>,
}

#[wasm_bindgen]
impl Scorecard {
    /// Mounts a scorecard into `root`, the shadow root of `host`.
    ///
    /// `storage_key` names the browser storage that keeps the analyst's work; `source` is the
    /// text of the file named by the `src` attribute, if any (`source_name` is its URL, or, when
    /// there is no text, the URL with the reason it could not be fetched). `api` is the door to
    /// code loaded when needed ([`bridge::Api`], see www/inno-scorecard.js); without it the widget
    /// offers no robustness check and reads UTF-8 files only. `restarted`
    /// says that the element mounts this scorecard again after the module trapped, which the
    /// analyst is told. `table` is the text of the locale table of the language shown, when it
    /// is not the built-in one ([`i18n::table_to_load`]).
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments, reason = "what the element knows at mount, one argument each, as JavaScript passes them")]
    pub fn new(
        host: HtmlElement,
        root: ShadowRoot,
        storage_key: String,
        source: Option<String>,
        source_name: Option<String>,
        api: Option<bridge::Api>,
        restarted: bool,
        table: Option<String>,
    ) -> Result<Scorecard, JsError> {
        let doc = root.owner_document().ok_or_else(|| JsError::new("inno-scorecard: the element has no document"))?;
        adopt_style(&root);
        let ranking_only = host.get_attribute("view").as_deref() == Some("ranking");
        let readonly = host.has_attribute("readonly") || ranking_only;
        let mut message = None;
        let saved = if readonly { Saved::Nothing } else { load(&storage_key) };
        if let Saved::Project(_, Some(lang), _) | Saved::Unreadable { lang: Some(lang), .. } = &saved {
            let _ = host.set_attribute("lang", lang);
        }
        // the large type last chosen here, over the page's attribute
        match (!readonly).then(|| storage()?.get_item(&format!("{storage_key}:elder")).ok()?).flatten().as_deref() {
            Some("on") => {
                let _ = host.set_attribute("elder", "");
            }
            Some("off") => {
                let _ = host.remove_attribute("elder");
            }
            _ => {}
        }
        let loc = Locale::for_tag(host.get_attribute("lang").as_deref(), table.as_deref());
        // what the browser kept but cannot read is set aside, never overwritten
        let (mut unreadable, mut saving, mut history) = (None, true, History::default());
        let restored = match saved {
            Saved::Project(p, _, kept) => {
                message = Some((loc.t("msg.restored"), false));
                history = kept;
                Some(p)
            }
            Saved::Unreadable { text, error, .. } => {
                saving = set_aside(&storage_key, &text);
                let key = if saving { "msg.saved_unreadable" } else { "msg.saved_unreadable_not_kept" };
                message = Some((loc.f(key, &[("error", &loc.error(&error))]), true));
                unreadable = Some(text);
                None
            }
            Saved::Nothing => None,
        };
        let project = match (restored, source, source_name) {
            (Some(p), _, _) => p,
            (None, Some(text), name) => {
                let name = name.unwrap_or_default();
                // data are scored against the built-in framework
                let mut p = Project::default_project();
                p.import_file(&name, &text).map(|()| p).unwrap_or_else(|e| {
                    message = Some((loc.f("msg.source_failed", &[("name", &name), ("error", &loc.error(&e))]), true));
                    Project::default_project()
                })
            }
            (None, None, Some(name)) => {
                // the page could not fetch the file: the name says why
                let text = loc.f("msg.source_failed", &[("name", &name), ("error", "")]);
                message = Some((text.trim_end_matches(['：', ':', ' ']).to_string(), true));
                Project::default_project()
            }
            (None, None, None) => Project::default_project(),
        };
        if message.is_none() {
            message = loc.unavailable(host.get_attribute("lang").as_deref()).map(|text| (text, true));
        }
        if restarted {
            let restored = message.take().map(|(text, _)| format!(" {text}")).unwrap_or_default();
            message = Some((format!("{}{restored}", loc.t("msg.restarted")), true));
        }
        // a share link's method and weights, over the project's: a step that can be undone
        let mut project = project;
        // (not in a read-only scorecard: what a portal publishes is its own ranking)
        let link = if readonly { Vec::new() } else { share::read(&share::name_of(&host)) };
        if !link.is_empty() {
            let aggregates: Vec<String> = project.aggregates().into_iter().map(|(code, _)| code).collect();
            let (settings, refused) = project.settings.with_link(&link, &aggregates.iter().map(String::as_str).collect::<Vec<_>>());
            let mut said = Vec::new();
            if settings != project.settings {
                history.record(Change::Settings(project.settings.clone()));
                project.settings = settings;
                said.push(loc.t("msg.link_applied"));
            }
            if !refused.is_empty() {
                let parts: Vec<String> = refused.iter().map(|(k, v)| format!("{k}={v}")).collect();
                said.push(loc.f("msg.link_refused", &[("parts", &parts.join(&loc.t("list.sep")))]));
            }
            let before = message.take().map(|(text, _)| text);
            message = Some((before.into_iter().chain(said).collect::<Vec<_>>().join(" "), !refused.is_empty()));
        }
        let year = project.years().last().copied().flatten();
        let scored = project.score();
        let state = State {
            host,
            root,
            doc,
            loc,
            project,
            scored,
            readonly,
            ranking_only,
            storage_key,
            saving,
            storage_problem: None,
            unreadable,
            tab: Tab::Data,
            year,
            unit: None,
            compare: None,
            sort: None,
            message,
            offer_undo: false,
            history,
            pending_import: None,
            importing: None,
            choosing: None,
            reading_workbook: None,
            pending_workbook: None,
            pending_png: None,
            me: Weak::new(),
            api,
            robust: Robust::Idle,
            robust_requests: 0,
            pending_robust: None,
            audit: Audit::Idle,
            audit_requests: 0,
            pending_audit: None,
            tick: None,
            scenario: Vec::new(),
            take: None,
            whatif_open: false,
            take_form: (String::new(), "rank".into(), "1".into()),
            grid_page: 0,
            grid_at: std::cell::Cell::new((0, 0)),
            ranking_page: 0,
            chart_frame: std::cell::Cell::new((charts::Frame::new(0.0, false), charts::Frame::new(0.0, false))),
            printing: None,
            share_link: None,
            pending_copy: None,
            unsaved: false,
            save_timer: None,
            save_tick: None,
            rest_due: std::cell::Cell::new(false),
            rest_asked: false,
        };
        state.render();
        let state = Rc::new(RefCell::new(state));
        state.borrow_mut().me = Rc::downgrade(&state);
        let target: web_sys::EventTarget = state.borrow().root.clone().into();
        let on = |kind: &'static str, f: fn(&Rc<RefCell<State>>, &Event)| {
            let weak: Weak<RefCell<State>> = Rc::downgrade(&state);
            Listener::new(&target, kind, move |e| {
                if let Some(rc) = weak.upgrade() {
                    f(&rc, &e);
                }
            })
        };
        let mut listeners = vec![
            on("click", |rc, e| with(rc, |s| s.on_click(e))),
            on("input", |rc, e| with(rc, |s| s.on_input(e))),
            on("change", on_change),
            on("keydown", |rc, e| with(rc, |s| s.on_keydown(e))),
            on("focusin", |rc, e| with(rc, |s| s.on_focusin(e))),
            on("paste", |rc, e| with(rc, |s| s.on_paste(e))),
        ];
        // the charts are laid out for the width they are shown at, and for paper when printed
        if let Some(window) = web_sys::window() {
            let window: web_sys::EventTarget = window.into();
            let on_window = |kind: &'static str, f: fn(&mut State)| {
                let weak: Weak<RefCell<State>> = Rc::downgrade(&state);
                Listener::new(&window, kind, move |_| {
                    if let Some(rc) = weak.upgrade() {
                        with(&rc, f);
                    }
                })
            };
            listeners.push(on_window("resize", State::on_resize));
            listeners.push(on_window("beforeprint", |s| {
                let profile = s.host.get_attribute("data-print").as_deref() == Some("profile");
                s.print_layout(Some(if profile { Printing::Profile } else { Printing::Page }));
            }));
            listeners.push(on_window("afterprint", |s| s.print_layout(None)));
            // an edit not yet saved is saved when the page is hidden or left
            listeners.push(on_window("pagehide", State::save_now));
            listeners.push(on_window("visibilitychange", State::save_now));
        }
        Ok(Scorecard { state, _listeners: listeners })
    }

    /// Follows a change of the element's `lang` (with the text of its locale table when it is
    /// not the built-in one), `elder`, `readonly` or `view` attribute.
    pub fn attribute_changed(&self, name: &str, value: Option<String>, table: Option<String>) {
        with(&self.state, |s| {
            match name {
                "lang" => {
                    s.loc = Locale::for_tag(value.as_deref(), table.as_deref());
                    if let Some(text) = s.loc.unavailable(value.as_deref()) {
                        s.message = Some((text, true));
                    }
                    s.save();
                }
                "readonly" | "view" => {
                    s.ranking_only = s.host.get_attribute("view").as_deref() == Some("ranking");
                    s.readonly = s.host.has_attribute("readonly") || s.ranking_only;
                }
                _ => {}
            }
            s.render();
            if name == "lang" {
                s.focus(&format!("[data-action=lang][data-lang=\"{}\"]", s.loc.tag));
            }
        });
    }
}

impl Drop for Scorecard {
    fn drop(&mut self) {
        if let Ok(mut s) = self.state.try_borrow_mut() {
            s.save_now();
            s.root.set_text_content(None);
        }
    }
}

fn with(rc: &Rc<RefCell<State>>, f: impl FnOnce(&mut State)) {
    if let Ok(mut s) = rc.try_borrow_mut() {
        f(&mut s);
    }
}

fn adopt_style(root: &ShadowRoot) {
    if let Ok(sheet) = web_sys::CssStyleSheet::new() {
        let _ = sheet.replace_sync(STYLE);
        root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// What the browser keeps for a scorecard.
enum Saved {
    /// Nothing yet.
    Nothing,
    /// The analyst's project, the language last chosen, and the edits that can be undone.
    Project(Project, Option<String>, History),
    /// Text that cannot be read as a project (damaged, or no longer valid).
    Unreadable { text: String, error: Error, lang: Option<String> },
}

fn load(key: &str) -> Saved {
    let Some(store) = storage() else { return Saved::Nothing };
    let lang = store.get_item(&format!("{key}:lang")).ok().flatten();
    match store.get_item(key) {
        Ok(Some(text)) => match Project::from_saved_json(&text) {
            Ok((project, history)) => Saved::Project(project, lang, history),
            Err(error) => Saved::Unreadable { text, error, lang },
        },
        _ => Saved::Nothing,
    }
}

/// Keeps `text` under a key of its own beside `key` (`key:unreadable`, then `:unreadable:2`,
/// ... when an earlier one holds other text), so that saving the scorecard does not overwrite
/// it; false when the browser would not keep it.
fn set_aside(key: &str, text: &str) -> bool {
    let Some(store) = storage() else { return false };
    (1..=100).map(|n| if n == 1 { format!("{key}:unreadable") } else { format!("{key}:unreadable:{n}") }).any(|aside| {
        match store.get_item(&aside) {
            Ok(Some(kept)) => kept == text,
            Ok(None) => store.set_item(&aside, text).is_ok(),
            Err(_) => false,
        }
    })
}

/// `change` needs the shared state itself: reading a file finishes later.
fn on_change(rc: &Rc<RefCell<State>>, e: &Event) {
    let Some((el, action)) = action_of(e) else { return };
    if action != "import" {
        with(rc, |s| s.on_change(&el, &action));
        return;
    }
    let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() else { return };
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    input.set_value("");
    let name = file.name();
    let (weak, failed) = (Rc::downgrade(rc), Rc::downgrade(rc));
    let read = bridge::settle(
        &file.array_buffer(),
        Box::new(move |buffer| {
            if let Some(rc) = weak.upgrade() {
                with(&rc, |s| s.read_file(&name, &js_sys::Uint8Array::new(&buffer)));
            }
        }),
        Box::new(move |error| {
            if let Some(rc) = failed.upgrade() {
                with(&rc, |s| s.import_failed(&file.name(), &error));
            }
        }),
    );
    // kept until the next import or until the scorecard is dropped
    with(rc, |s| s.pending_import = Some(read));
}

impl State {
    /// Draws the charts again when the room they have has changed (a phone turned, a window
    /// resized), keeping the focus where it was.
    /// Draws the results again, and gives the focus back to the element that had it.
    fn render_results_keeping_focus(&self) {
        let focused = self.root.active_element().and_then(|el| el.get_attribute("id")).map(|id| format!("#{id}"));
        self.render_results();
        if let Some(selector) = focused {
            self.focus(&selector);
        }
    }

    fn on_resize(&mut self) {
        if self.printing.is_some() || self.measure_frames() == self.chart_frame.get() {
            return;
        }
        self.render_results_keeping_focus();
    }

    /// Draws the results for paper while `printing` (the browser's print of the page, or a
    /// unit's profile) and for the screen again after.
    fn print_layout(&mut self, printing: Option<Printing>) {
        self.printing = printing;
        self.render_results();
    }

    /// Scores again, saves, and redraws the results (and the editor when `editor` is true).
    fn changed(&mut self, editor: bool) {
        // an import under way works on a copy of the project as it was: it would undo the edit
        if let Some(importing) = self.importing.take() {
            self.message = Some((self.loc.f("msg.import_overtaken", &[("name", &importing.name)]), true));
        }
        self.scored = self.project.score();
        // a robustness check or an audit of other figures would mislead, and so would a link to
        // other choices
        self.robust = Robust::Idle;
        self.audit = Audit::Idle;
        self.share_link = None;
        self.offer_undo = false;
        self.save_soon();
        if editor {
            self.render();
        } else {
            self.render_results_first();
            self.render_status();
            self.render_history_buttons();
            self.render_rest_soon();
        }
    }

    /// Draws the rest of the results once the next frame is painted: the frame that shows an
    /// edit holds the ranking and the bars, and the unit's profile follows in the frame after,
    /// so that typing in the grid paints at once. Edits made before then are drawn together.
    fn render_rest_soon(&mut self) {
        let Some(window) = web_sys::window() else { return self.render_results() };
        if self.rest_asked {
            return;
        }
        let weak = self.me.clone();
        // after the frame's animation callbacks, a task: it runs once the frame is painted
        let after_paint = Closure::once_into_js(move || {
            let Some(window) = web_sys::window() else { return };
            let draw = Closure::once_into_js(move || {
                if let Some(rc) = weak.upgrade() {
                    with(&rc, State::render_rest);
                }
            });
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(draw.unchecked_ref(), 0);
        });
        self.rest_asked = window.request_animation_frame(after_paint.unchecked_ref()).is_ok();
        if !self.rest_asked {
            self.render_results();
        }
    }

    /// Draws the rest of the results, if it still waits, keeping the focus where it was.
    fn render_rest(&mut self) {
        self.rest_asked = false;
        if !self.rest_due.get() {
            return;
        }
        self.render_results_keeping_focus();
    }

    /// Undoes (or redoes) the latest step, and says so.
    fn step_back(&mut self, redo: bool) {
        let done = if redo { self.history.redo(&mut self.project) } else { self.history.undo(&mut self.project) };
        if !done {
            return;
        }
        // the year or the pages shown may be gone
        let years = self.project.years();
        if !years.contains(&self.year) {
            self.year = years.last().copied().flatten();
        }
        self.grid_page = 0;
        self.ranking_page = 0;
        self.changed(true);
        self.say(self.loc.t(if redo { "msg.redone" } else { "msg.undone" }), false);
    }

    /// Saves the work [`SAVE_DELAY_MS`] from now, once for all the edits made until then; at
    /// once should the page be hidden or left first, or the element removed ([`State::save_now`]).
    fn save_soon(&mut self) {
        self.unsaved = true;
        let Some(window) = web_sys::window() else { return self.save() };
        if self.save_timer.is_some() {
            return;
        }
        let weak = self.me.clone();
        let tick = self.save_tick.get_or_insert_with(|| {
            Closure::wrap(Box::new(move || {
                if let Some(rc) = weak.upgrade() {
                    with(&rc, |s| {
                        s.save_timer = None;
                        let problem = s.storage_problem.clone();
                        s.save_now();
                        if s.storage_problem != problem {
                            s.render_status();
                        }
                    });
                }
            }) as Box<dyn FnMut()>)
        });
        self.save_timer = window.set_timeout_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), SAVE_DELAY_MS).ok();
        if self.save_timer.is_none() {
            self.save();
        }
    }

    /// Saves an edit not saved yet.
    fn save_now(&mut self) {
        if let (Some(timer), Some(window)) = (self.save_timer.take(), web_sys::window()) {
            window.clear_timeout_with_handle(timer);
        }
        if self.unsaved {
            self.save();
        }
    }

    /// Writes the project, with its undo history, and the language shown to the browser's storage.
    fn save(&mut self) {
        self.unsaved = false;
        if self.readonly || !self.saving {
            return;
        }
        // beyond what a browser keeps for a page (about 5 million characters), writing the file
        // would only take time and memory to fail
        let cells = self.project.cells();
        if cells > MAX_SAVED_CELLS {
            self.storage_problem = Some(self.loc.f("msg.storage_too_large", &[("cells", &cells.to_string())]));
            return;
        }
        let saved = storage().is_some_and(|s| {
            let lang = s.set_item(&format!("{}:lang", self.storage_key), self.loc.tag).is_ok();
            s.set_item(&self.storage_key, &self.project.to_saved_json(&self.history.latest(MAX_SAVED_HISTORY))).is_ok() && lang
        });
        self.storage_problem = (!saved).then(|| self.loc.t("msg.storage_failed"));
    }

    fn say(&mut self, text: String, error: bool) {
        self.message = Some((text, error));
        self.render_status();
    }

    /// Imports a file's bytes: at once when they are UTF-8; else once `readText` has told their
    /// encoding and read them.
    fn read_file(&mut self, name: &str, bytes: &js_sys::Uint8Array) {
        // heavy work ahead: the edits made so far are saved first
        self.save_now();
        self.choosing = None;
        let data = bytes.to_vec();
        if workbook::is_workbook(name, &data) {
            return self.read_workbook(name, bytes.clone(), None);
        }
        match crate::text::utf8(&data) {
            Ok(Some(text)) => return self.import(name, text.to_string(), None),
            Err(e) => return self.import_failed(name, &self.error(&e)),
            // another encoding: its reason for failing, if it does, is that none reads it
            Ok(None) => {}
        }
        let Some(api) = &self.api else { return self.import_failed(name, &self.not_text()) };
        let promise = match api.read_text(bytes) {
            Ok(promise) => promise,
            Err(e) => return self.import_failed(name, &bridge::message(&e)),
        };
        let (ok, failed, name, also) = (self.me.clone(), self.me.clone(), name.to_string(), name.to_string());
        self.pending_import = Some(bridge::settle(
            &promise,
            Box::new(move |decoded| {
                let Some(rc) = ok.upgrade() else { return };
                let read = |key: &str| js_sys::Reflect::get(&decoded, &JsValue::from_str(key)).ok().and_then(|v| v.as_string());
                with(&rc, |s| match read("text") {
                    Some(text) => s.import(&name, text, read("encoding")),
                    None => s.import_failed(&name, &s.not_text()),
                });
            }),
            Box::new(move |error| {
                if let Some(rc) = failed.upgrade() {
                    with(&rc, |s| s.import_failed(&also, &s.loc.f("msg.decoder_failed", &[("error", &error)])));
                }
            }),
        ));
    }

    /// Why a file's bytes cannot be imported when no encoding reads them.
    fn not_text(&self) -> String {
        self.loc.error(&crate::ErrorKind::NotText { workbook: false }.into())
    }

    /// Says that importing `name` failed, and why; nothing was changed.
    fn import_failed(&mut self, name: &str, error: &str) {
        let msg = self.loc.f("msg.import_failed", &[("name", name), ("error", error)]);
        self.say(msg, true);
        self.focus("[data-action=import]");
    }

    /// Starts importing a file's text (read in `encoding`, when not UTF-8): its stages run in
    /// the next timer ticks (see [`Importing`]).
    fn import(&mut self, name: &str, text: String, encoding: Option<String>) {
        self.importing = Some(Importing { name: name.to_string(), encoding, stage: Stage::Read(text) });
        self.message = None;
        self.render_status();
        self.focus("[data-action=import-cancel]");
        self.schedule();
    }

    /// The next stage of the import under way.
    fn import_stage(&mut self, importing: Importing) {
        let Importing { name, encoding, stage } = importing;
        let next = match stage {
            Stage::Read(text) => {
                let mut project = self.project.clone();
                let read = if crate::project::is_data_file(&name, &text) {
                    project.read_data_csv(&text).map(|table| Stage::Check(Box::new((project, table))))
                } else {
                    project.import_file(&name, &text).map(|()| Stage::Score(Box::new(project)))
                };
                match read {
                    Ok(next) => next,
                    Err(e) => return self.import_failed(&name, &self.error(&e)),
                }
            }
            Stage::Check(read) => {
                let (mut project, table) = *read;
                match project.take_data(table) {
                    Ok(()) => Stage::Score(Box::new(project)),
                    Err(e) => return self.import_failed(&name, &self.error(&e)),
                }
            }
            Stage::Score(project) => match project.score_without_doubts() {
                Ok(scored) => Stage::Doubt(Box::new((*project, scored))),
                Err(e) => Stage::Show(Box::new((*project, Err(e)))),
            },
            Stage::Doubt(scored) => {
                let (project, mut scored) = *scored;
                scored.doubts = project.doubts(&scored.issues);
                Stage::Show(Box::new((project, Ok(scored))))
            }
            Stage::Show(shown) => {
                let (project, scored) = *shown;
                self.history.record(Change::project(&self.project));
                self.project = project;
                self.scored = scored;
                self.robust = Robust::Idle;
                self.audit = Audit::Idle;
                self.year = self.project.years().last().copied().flatten();
                self.grid_page = 0;
                self.ranking_page = 0;
                self.message = Some(match &encoding {
                    Some(encoding) if encoding != "UTF-8" => (self.loc.f("msg.imported_encoding", &[("name", &name), ("encoding", encoding)]), false),
                    _ => (self.loc.f("msg.imported", &[("name", &name)]), false),
                });
                self.save();
                self.render();
                self.focus("[data-action=import]");
                return;
            }
        };
        // the bar and its label change in place: the cancel button keeps the focus
        if let (Ok(Some(bar)), Ok(Some(label))) = (self.root.query_selector(".importing progress"), self.root.query_selector(".importing .progress-label")) {
            let _ = bar.set_attribute("value", &(next.number() - 1).to_string());
            label.set_text_content(Some(&self.import_label(&name, &next)));
        }
        self.importing = Some(Importing { name, encoding, stage: next });
        self.schedule();
    }

    fn on_click(&mut self, e: &Event) {
        let Some((el, action)) = action_of(e) else { return };
        match action.as_str() {
            "tab" => self.show_tab(&data(&el, "tab")),
            "print-profile" => {
                let _ = self.host.set_attribute("data-print", "profile");
                self.print_layout(Some(Printing::Profile));
                if let Some(window) = web_sys::window() {
                    let _ = window.print();
                }
                let _ = self.host.remove_attribute("data-print");
                self.print_layout(None);
                self.focus("[data-action=print-profile]");
            }
            "share" => {
                self.share_link = share::url(&share::name_of(&self.host), &self.project.settings.link());
                self.message = Some((self.loc.t("msg.link_shown"), false));
                self.render_results();
                self.render_status();
                self.focus("input.share-link");
                // said copied once it is
                if let Some(copying) = self.share_link.as_deref().and_then(share::copy) {
                    let weak = self.me.clone();
                    let copied = Box::new(move |_| {
                        if let Some(rc) = weak.upgrade() {
                            with(&rc, |s| {
                                s.message = Some((s.loc.t("msg.link_copied"), false));
                                s.render_status();
                            });
                        }
                    });
                    self.pending_copy = Some(bridge::settle(&copying, copied, Box::new(|_| {})));
                }
            }
            "goto-editor" => {
                self.focus("[data-action=tab][aria-selected=true]");
            }
            "lang" => {
                // the element loads the language's table, then calls attribute_changed
                let _ = self.host.set_attribute("lang", &data(&el, "lang"));
            }
            "elder" => {
                let _ = if self.host.has_attribute("elder") { self.host.remove_attribute("elder") } else { self.host.set_attribute("elder", "") };
                if !self.readonly
                    && let Some(store) = storage()
                {
                    let _ = store.set_item(&format!("{}:elder", self.storage_key), if self.host.has_attribute("elder") { "on" } else { "off" });
                }
                self.render();
                self.focus("[data-action=elder]");
            }
            "undo" | "redo" => {
                self.step_back(action == "redo");
                self.focus(&format!("[data-action={action}]:not([disabled])"));
            }
            "add-unit" => {
                let name = self.loc.t("unit.new");
                let rows = self.project.idata.len();
                let code = self.project.add_unit(&name);
                self.history.record(Change::Remove((rows..self.project.idata.len()).collect()));
                self.changed(true);
                self.focus(&format!("[data-action=unit-name][data-unit=\"{code}\"]"));
            }
            "remove-unit" => {
                let code = data(&el, "unit");
                let name = self.unit_name(&code);
                self.history.record(Change::unit_rows(&self.project, &code));
                self.project.remove_unit(&code);
                self.changed(true);
                // the deletion can be undone from where it is told
                self.offer_undo = true;
                self.say(self.loc.f("msg.unit_removed", &[("name", &name)]), false);
                self.focus(".status [data-action=undo]");
            }
            "add-indicator" => {
                let name = self.loc.t("fw.new");
                self.history.record(Change::project(&self.project));
                let code = self.project.add_indicator(&data(&el, "parent"), &name);
                self.changed(true);
                self.focus(&format!("[data-action=meta][data-code=\"{code}\"]"));
            }
            "remove-indicator" => {
                let before = Change::Framework(self.project.imeta.clone());
                match self.project.remove_indicator(&data(&el, "code")) {
                    Ok(()) => {
                        self.history.record(before);
                        self.changed(true)
                    }
                    Err(err) => {
                        let msg = self.loc.f("msg.rejected", &[("error", &self.error(&err))]);
                        self.say(msg, true)
                    }
                }
            }
            "export" if data(&el, "what") == "workbook" => self.export_workbook(),
            "export" => self.export(&data(&el, "what")),
            "page" => {
                let (what, page) = (data(&el, "what"), data(&el, "page").parse().unwrap_or(0));
                if what == "grid" {
                    self.grid_page = page;
                    self.render();
                } else {
                    self.ranking_page = page;
                    self.render_results();
                }
                let buttons = format!("button[data-action=page][data-what=\"{what}\"]");
                if !self.focus(&format!("{buttons}[data-direction=\"{}\"]:not([disabled])", data(&el, "direction"))) {
                    self.focus(&format!("{buttons}:not([disabled])"));
                }
            }
            "download-unreadable" => {
                if let Some(text) = &self.unreadable {
                    dom::download(&self.doc, "innoscore-unreadable.json", "application/json", text);
                }
            }
            "reset-data" => {
                let ok = web_sys::window().and_then(|w| w.confirm_with_message(&self.loc.t("reset.confirm")).ok()).unwrap_or(false);
                if ok {
                    self.history.record(Change::project(&self.project));
                    self.project = Project::default_project();
                    self.year = self.project.years().last().copied().flatten();
                    self.message = Some((self.loc.t("msg.reset"), false));
                    self.changed(true);
                }
            }
            "reset-method" => {
                self.history.record(Change::Settings(std::mem::take(&mut self.project.settings)));
                self.changed(true);
            }
            "sort" => {
                let col = data(&el, "col");
                let desc = match &self.sort {
                    Some((c, d)) if *c == col => !*d,
                    _ => col != "Rank",
                };
                self.sort = Some((col.clone(), desc));
                self.ranking_page = 0;
                self.render_results();
                self.focus(&format!("[data-action=sort][data-col=\"{col}\"]"));
            }
            "sheet" => self.sheet_chosen(Some(data(&el, "sheet"))),
            "sheet-cancel" => self.sheet_chosen(None),
            "import-cancel" => {
                if let Some(importing) = self.importing.take() {
                    self.message = Some((self.loc.f("msg.import_cancelled", &[("name", &importing.name)]), false));
                    self.render_status();
                    self.focus("[data-action=import]");
                }
            }
            "robust-run" => self.start_robustness(),
            "audit-run" => self.start_audit(),
            "whatif-reset" => {
                self.scenario.clear();
                self.whatif_open = true;
                self.render_results();
                self.focus("[data-action=whatif-reset]");
            }
            "take-run" => {
                let read = |id: &str| self.root.get_element_by_id(id).map(|e| value_of(&e)).unwrap_or_default();
                self.take_form = (read("take-indicator"), read("take-kind"), read("take-goal"));
                self.take = Some(self.what_it_takes());
                self.whatif_open = true;
                self.render_results();
                self.focus("[data-action=take-run]");
            }
            "robust-cancel" => {
                self.robust = Robust::Idle;
                self.render_results();
                self.focus("[data-action=robust-run]");
            }
            "download" => {
                let id = data(&el, "chart");
                let Ok(Some(svg)) = self.root.query_selector(&format!("svg[data-chart=\"{id}\"]")) else { return };
                if data(&el, "format") == "png" {
                    self.pending_png = picture::download_png(&self.doc, &svg, &format!("{id}.png"));
                } else if let Some(xml) = picture::standalone_svg(&svg) {
                    dom::download(&self.doc, &format!("{id}.svg"), "image/svg+xml", &xml);
                }
            }
            _ => {}
        }
    }

    fn on_input(&mut self, e: &Event) {
        let Some((el, action)) = action_of(e) else { return };
        match action.as_str() {
            "cell" => {
                let row: usize = data(&el, "row").parse().unwrap_or(usize::MAX);
                let col = data(&el, "col");
                self.history.record_typing(&format!("cell {row} {col}"), Change::cells(&self.project, [(row, col.as_str())]));
                self.project.set_figure(row, &col, &value_of(&el));
                self.changed(false);
                self.mark_cells(row, &col);
            }
            "whatif" => {
                let (col, text) = (data(&el, "col"), value_of(&el));
                self.scenario.retain(|(c, _)| *c != col);
                self.whatif_open = true;
                if !text.trim().is_empty() {
                    self.scenario.push((col.clone(), text.clone()));
                }
                let issues = self.shown_unit().and_then(|u| self.row_of(&u)).map(|row| self.scenario_issues(row)).unwrap_or_default();
                if let Ok(Some(out)) = self.root.query_selector(".whatif .outcome") {
                    out.set_text_content(Some(&self.scenario_outcome(&issues)));
                    out.set_class_name(if issues.is_empty() { "outcome" } else { "outcome error" });
                }
                let _ = if issues.iter().any(|i| i.column == col) { el.set_attribute("aria-invalid", "true") } else { el.remove_attribute("aria-invalid") };
                // the indicator the figure makes with its denominator
                if let (Some(row), Ok(Some(calc))) = (self.shown_unit().and_then(|u| self.row_of(&u)), self.root.query_selector(&format!(".whatif [data-calc-for=\"{col}\"]"))) {
                    calc.set_text_content(Some(&self.computed(row, &col, &text).map(|(short, _)| short).unwrap_or_default()));
                }
            }
            "weight" => {
                let v = value_of(&el).parse::<f64>().unwrap_or(1.0);
                self.history.record_typing(&format!("weight {}", data(&el, "code")), Change::Settings(self.project.settings.clone()));
                let code = data(&el, "code");
                self.project.settings.set_weight(&code, v);
                // the weight shows in the method tab and beside the bars: both follow
                for other in dom::all(&self.root, &format!("input[data-action=weight][data-code=\"{code}\"]")) {
                    if other != el
                        && let Some(input) = other.dyn_ref::<web_sys::HtmlInputElement>()
                    {
                        input.set_value(&value_of(&el));
                    }
                }
                for out in dom::all(&self.root, &format!("output[data-for=\"{code}\"]")) {
                    out.set_text_content(Some(&self.loc.number(Some(v), 1)));
                }
                // every pillar's share changes with one weight
                for (pillar, _, share) in self.pillar_weights() {
                    for span in dom::all(&self.root, &format!("[data-share-for=\"{pillar}\"]")) {
                        span.set_text_content(Some(&self.share_text(share)));
                    }
                }
                self.changed(false);
            }
            _ => {}
        }
    }

    fn on_change(&mut self, el: &Element, action: &str) {
        let value = value_of(el);
        match action {
            // a cell or a weight left: the next keystrokes are a step of their own
            "cell" | "weight" => self.history.settle(),
            "year" => {
                self.year = value.parse().ok();
                self.grid_page = 0;
                self.ranking_page = 0;
                self.scenario.clear();
                self.take = None;
                self.render();
                self.focus(&format!("select[data-action=year][data-place=\"{}\"]", data(el, "place")));
            }
            "compare" => {
                self.compare = (!value.is_empty()).then_some(value);
                self.render_results();
                self.focus("#compare-select");
            }
            "unit" => {
                self.unit = Some(value);
                self.scenario.clear();
                self.take = None;
                self.render_results();
                self.focus("select[data-action=unit]");
            }
            "unit-name" => {
                let code = data(el, "unit");
                let rows: Vec<usize> = (0..self.project.idata.len()).filter(|&i| self.project.idata[i].get("uCode").is_some_and(|c| c.text() == code)).collect();
                self.history.record(Change::cells(&self.project, rows.iter().map(|&i| (i, "uName"))));
                for rec in self.project.idata.iter_mut().filter(|r| r.get("uCode").map(|c| c.text()) == Some(code.clone())) {
                    rec.insert("uName", crate::Cell::Text(value.clone()));
                }
                self.changed(false);
            }
            "meta" => {
                let (code, field) = (data(el, "code"), data(el, "field"));
                let before = Change::Framework(self.project.imeta.clone());
                match self.project.set_meta(&code, &field, &value) {
                    Ok(()) => {
                        self.history.record(before);
                        self.changed(field == "Parent")
                    }
                    Err(err) => {
                        self.message = Some((self.loc.f("msg.rejected", &[("error", &self.error(&err))]), true));
                        self.render();
                    }
                }
            }
            "setting" => {
                self.history.record(Change::Settings(self.project.settings.clone()));
                let s = &mut self.project.settings;
                match data(el, "setting").as_str() {
                    "normalise" => s.normalise = NormaliseChoice::from_name(&value).unwrap_or(s.normalise),
                    "aggregate" => s.aggregate = AggregateChoice::from_name(&value).unwrap_or(s.aggregate),
                    "impute" => s.impute = ImputeChoice::from_name(&value).unwrap_or(s.impute),
                    "treat" => s.treat = value == "true",
                    _ => {}
                }
                self.changed(false);
            }
            _ => {}
        }
    }

    /// Shows the editor of a tab (`data`, `framework`, `method`) and focuses the tab.
    fn show_tab(&mut self, tab: &str) {
        self.tab = match tab {
            "framework" => Tab::Framework,
            "method" => Tab::Method,
            _ => Tab::Data,
        };
        self.render();
        self.focus(&format!("[data-action=tab][data-tab={tab}]"));
    }

    /// Arrow keys and Enter move between grid cells; arrow keys move between tabs.
    fn on_keydown(&mut self, e: &Event) {
        let Some(ke) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
        // Ctrl+Z undoes, Ctrl+Y or Ctrl+Shift+Z redoes (⌘ on macOS), wherever the focus is
        let (key, z) = (ke.key(), |k: &str, c: &str| k.eq_ignore_ascii_case(c));
        if (ke.ctrl_key() || ke.meta_key()) && !ke.alt_key() && (z(&key, "z") || z(&key, "y")) && !self.readonly {
            e.prevent_default();
            let cell = e.target().and_then(|t| t.dyn_into::<Element>().ok()).filter(|t| data(t, "action") == "cell").map(|t| (data(&t, "r"), data(&t, "c")));
            self.step_back(z(&key, "y") || ke.shift_key());
            // the focus stays where it was: in its cell, or on the undo button
            let _ = match cell {
                Some((r, c)) => self.focus(&format!("input[data-action=cell][data-r=\"{r}\"][data-c=\"{c}\"]")),
                None => self.focus("header [data-action=undo]"),
            };
            return;
        }
        let Some((el, action)) = action_of(e) else { return };
        let key = ke.key();
        if action == "tab" && (key == "ArrowRight" || key == "ArrowLeft") {
            let order = ["data", "framework", "method"];
            let i = order.iter().position(|t| *t == data(&el, "tab")).unwrap_or(0);
            let next = order[if key == "ArrowRight" { (i + 1) % 3 } else { (i + 2) % 3 }];
            self.show_tab(next);
            e.prevent_default();
            return;
        }
        if !matches!(action.as_str(), "cell" | "unit-name" | "remove-unit") {
            return;
        }
        let (r, c): (i64, i64) = (data(&el, "r").parse().unwrap_or(0), data(&el, "c").parse().unwrap_or(0));
        let input = el.dyn_ref::<web_sys::HtmlInputElement>();
        let caret = input.and_then(|i| i.selection_start().ok().flatten()).unwrap_or(0);
        // selectionStart counts UTF-16 code units
        let len = input.map(|i| i.value().encode_utf16().count() as u32).unwrap_or(0);
        let (dr, dc) = match key.as_str() {
            "ArrowUp" => (-1, 0),
            "ArrowDown" => (1, 0),
            // Enter on the delete button deletes
            "Enter" if input.is_some() => (1, 0),
            "ArrowLeft" if caret == 0 => (0, -1),
            "ArrowRight" if caret >= len => (0, 1),
            "Home" if ke.ctrl_key() => (-r, -1 - c),
            _ => return,
        };
        if self.focus(&format!("table.grid [data-r=\"{}\"][data-c=\"{}\"]", r + dr, c + dc)) {
            e.prevent_default();
        }
    }

    /// The grid keeps one tab stop: the element last focused in it, by pointer too.
    fn on_focusin(&mut self, e: &Event) {
        if let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
            self.rove(&el);
        }
    }

    /// A block pasted from Excel or WPS fills the grid from the cell pasted into.
    fn on_paste(&mut self, e: &Event) {
        let Some((el, action)) = action_of(e) else { return };
        if action != "cell" {
            return;
        }
        let Some(text) = e.dyn_ref::<web_sys::ClipboardEvent>().and_then(|c| c.clipboard_data()).and_then(|d| d.get_data("text/plain").ok()) else {
            return;
        };
        if !text.contains(['\t', '\n']) {
            return;
        }
        e.prevent_default();
        let (r0, c0): (usize, usize) = (data(&el, "r").parse().unwrap_or(0), data(&el, "c").parse().unwrap_or(0));
        let rows = self.project.rows_of_year(self.year);
        let cols = view::grid_columns(&self.project);
        let (mut pasted, mut cut) = (0, 0);
        let block = crate::project::parse_tsv(&text);
        let (rows_at, cols_at) = (&rows, &cols);
        let targets = block.iter().enumerate().flat_map(|(i, line)| (0..line.len()).filter_map(move |j| Some((*rows_at.get(r0 + i)?, cols_at.get(c0 + j)?.as_str()))));
        self.history.record(Change::cells(&self.project, targets));
        for (i, line) in block.iter().enumerate() {
            for (j, cell) in line.iter().enumerate() {
                match (rows.get(r0 + i), cols.get(c0 + j)) {
                    (Some(&row), Some(col)) => {
                        self.project.set_figure(row, col, cell.trim());
                        pasted += 1;
                    }
                    _ => cut += 1,
                }
            }
        }
        self.message = Some(if cut > 0 {
            (self.loc.f("msg.paste_cut", &[("n", &cut.to_string())]), true)
        } else {
            (self.loc.f("msg.pasted", &[("n", &pasted.to_string())]), false)
        });
        self.changed(true);
        self.focus(&format!("input[data-action=cell][data-r=\"{r0}\"][data-c=\"{c0}\"]"));
    }

    /// Starts a robustness check of the project as it stands: hands the project file to the
    /// scripting API, which loads if it has not yet and makes the check (see robust.rs).
    fn start_robustness(&mut self) {
        self.save_now();
        let Some(api) = &self.api else { return };
        let promise = match api.robustness(&self.project.to_json(), ROBUST_POINTS) {
            Ok(p) => p,
            Err(e) => return self.robust_failed(&self.failure(&e)),
        };
        self.robust_requests += 1;
        let id = self.robust_requests;
        self.robust = Robust::Starting { id };
        let (ok, failed) = (self.me.clone(), self.me.clone());
        self.pending_robust = Some(bridge::settle_with(
            &promise,
            Box::new(move |analysis| {
                if let Some(rc) = ok.upgrade() {
                    with(&rc, |s| s.robustness_started(id, Ok(analysis)));
                }
            }),
            Box::new(move |error| {
                if let Some(rc) = failed.upgrade() {
                    with(&rc, |s| s.robustness_started(id, Err(s.failure(&error))));
                }
            }),
        ));
        self.render_results();
        self.focus("[data-action=robust-cancel]");
    }

    /// The scripting API's answer to request `id`: the analysis, running, or why it could not start.
    fn robustness_started(&mut self, id: u32, analysis: Result<JsValue, String>) {
        // the answer to a check cancelled (or overtaken by an edit) is dropped, freeing it
        let analysis = analysis.map(Running::new);
        if !matches!(self.robust, Robust::Starting { id: current, .. } if current == id) {
            return;
        }
        match analysis {
            Ok(running) => {
                self.robust = Robust::Running(running);
                self.schedule();
            }
            Err(error) => self.robust_failed(&error),
        }
    }

    /// Starts the statistical audit of the project as it stands, in the year shown: hands the
    /// project file to the scripting API, which loads if it has not yet (see audit.rs).
    fn start_audit(&mut self) {
        let Some(api) = &self.api else { return };
        let promise = match api.audit(&self.project.to_json(), self.year.map(|y| y as f64)) {
            Ok(p) => p,
            Err(e) => return self.audit_answered(0, Err(self.failure(&e))),
        };
        self.audit_requests += 1;
        let id = self.audit_requests;
        self.audit = Audit::Loading { id };
        let (ok, failed) = (self.me.clone(), self.me.clone());
        self.pending_audit = Some(bridge::settle_with(
            &promise,
            Box::new(move |report| {
                if let Some(rc) = ok.upgrade() {
                    with(&rc, |s| s.audit_answered(id, Ok(report)));
                }
            }),
            Box::new(move |error| {
                if let Some(rc) = failed.upgrade() {
                    with(&rc, |s| s.audit_answered(id, Err(s.failure(&error))));
                }
            }),
        ));
        self.render_results();
        self.focus("section.audit");
    }

    /// The scripting API's answer to audit request `id` (0: one that could not be asked).
    fn audit_answered(&mut self, id: u32, report: Result<JsValue, String>) {
        // the answer about figures changed since is dropped
        if id != 0 && !matches!(self.audit, Audit::Loading { id: current } if current == id) {
            return;
        }
        match report {
            Ok(report) => {
                self.audit = Audit::Done { time: self.year, report: audit::read(&report) };
                self.render_results();
                self.focus("#audit-title");
            }
            Err(error) => {
                self.audit = Audit::Idle;
                self.render_results();
                self.focus("[data-action=audit-run]");
                self.say(self.loc.f("au.failed", &[("error", &error)]), true);
            }
        }
    }

    /// What went wrong in a call of code loaded on demand (the robustness check, the audit), to
    /// tell: in the page's language when the code could not be had, else as the call said.
    fn failure(&self, error: &JsValue) -> String {
        if bridge::is_unavailable(error) {
            self.loc.t("msg.code_unavailable")
        } else {
            bridge::message(error)
        }
    }

    /// Ends the check with what went wrong.
    fn robust_failed(&mut self, error: &str) {
        self.robust = Robust::Idle;
        self.render_results();
        self.focus("[data-action=robust-run]");
        self.say(self.loc.f("rb.failed_to_run", &[("error", error)]), true);
    }

    /// Asks for the next tick of the robustness check.
    fn schedule(&mut self) {
        let Some(window) = web_sys::window() else { return };
        if self.tick.is_none() {
            let weak = self.me.clone();
            self.tick = Some(Closure::wrap(Box::new(move || {
                if let Some(rc) = weak.upgrade() {
                    with(&rc, State::on_tick);
                }
            }) as Box<dyn FnMut()>));
        }
        if let Some(tick) = &self.tick {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 0);
        }
    }

    /// The next stage of an import, or a few more runs of the robustness check (the result
    /// when they are all made).
    fn on_tick(&mut self) {
        if let Some(importing) = self.importing.take() {
            return self.import_stage(importing);
        }
        let Robust::Running(analysis) = &self.robust else { return };
        match analysis.advance(RUNS_PER_TICK) {
            Err(error) => return self.robust_failed(&self.failure(&error)),
            Ok(Some(done)) => {
                self.robust = Robust::Done(done);
                self.render_results();
                self.focus("[data-action=robust-run]");
                return;
            }
            Ok(None) => {}
        }
        if let Some((done, total)) = self.robust.progress() {
            if let Ok(Some(bar)) = self.root.query_selector(".robust progress") {
                // (the bar of a check starting had no total yet)
                let _ = bar.set_attribute("max", &total.to_string());
                let _ = bar.set_attribute("value", &done.to_string());
            }
            if let Ok(Some(label)) = self.root.query_selector(".robust .progress-label") {
                label.set_text_content(Some(&self.loc.f("rb.progress", &[("done", &done.to_string()), ("total", &total.to_string())])));
            }
        }
        self.schedule();
    }

    /// Focuses the first element matching `selector`; false when there is none.
    fn focus(&self, selector: &str) -> bool {
        match self.root.query_selector(selector) {
            Ok(Some(el)) => {
                self.rove(&el);
                el.dyn_ref::<HtmlElement>().is_some_and(|h| h.focus().is_ok())
            }
            _ => false,
        }
    }

    /// Makes `el` the grid's one tab stop, when it is an element of the grid.
    fn rove(&self, el: &Element) {
        let (Ok(r), Ok(c)) = (data(el, "r").parse::<usize>(), data(el, "c").parse::<i64>()) else { return };
        if el.closest("table.grid").ok().flatten().is_none() || el.get_attribute("tabindex").as_deref() == Some("0") {
            return;
        }
        if let Ok(Some(old)) = self.root.query_selector("table.grid [data-r][tabindex=\"0\"]") {
            let _ = old.set_attribute("tabindex", "-1");
        }
        let _ = el.set_attribute("tabindex", "0");
        self.grid_at.set((r, c));
    }
}
