//! The citizen portal's enhancement: a small WASM (no UI framework) that
//! makes the server-rendered pages better once it has loaded — the deadline
//! counts down live with the domain's own working-day calendar, "use my
//! location" fills the coordinates, the phone number is checked as it is
//! typed, and a form cannot be sent twice by a double tap. Without it every
//! page still works: the forms post to the server functions.

use app::domain::calendar::{DeclaredDay, Layer, WorkCalendar};
use app::domain::countdown::countdown;
use app::domain::types::Phone;
use chrono::{NaiveDate, Utc};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

/// How often the countdown is recounted.
const TICK_MS: u32 = 30_000;

#[wasm_bindgen(start)]
pub fn start() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    live_countdown(&doc);
    location_button(&doc);
    phone_check(&doc);
    single_submit(&doc);
    // Browser tests wait for this mark.
    if let Some(root) = doc.document_element() {
        let _ = root.set_attribute("data-enhanced", "true");
    }
}

/// `#countdown[data-last-day][data-what][data-regional]`: recounted every tick.
fn live_countdown(doc: &Document) {
    let Some(el) = doc.get_element_by_id("countdown") else { return };
    let (Some(last_day), Some(what)) = (el.get_attribute("data-last-day"), el.get_attribute("data-what")) else {
        return;
    };
    let Ok(last_day) = NaiveDate::parse_from_str(&last_day, "%Y-%m-%d") else { return };
    let regional: Vec<DeclaredDay> =
        el.get_attribute("data-regional").and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default();
    let mut cal = WorkCalendar::builtin();
    for day in regional {
        cal.declare(Layer::Regional, day);
    }
    let text = el.query_selector(".countdown-text").ok().flatten();
    let update = move || {
        let state = countdown(&cal, last_day, Utc::now());
        if let Some(t) = &text {
            t.set_text_content(Some(&state.text(&what)));
        }
        let _ = el.set_attribute("class", if state.is_overdue() { "countdown overdue" } else { "countdown" });
    };
    update();
    gloo_timers::callback::Interval::new(TICK_MS, update).forget();
}

fn by_id<T: JsCast>(doc: &Document, id: &str) -> Option<T> {
    doc.get_element_by_id(id).and_then(|e| e.dyn_into::<T>().ok())
}

fn set_note(note: &Option<Element>, text: Option<&str>) {
    if let Some(n) = note {
        n.set_text_content(text);
    }
}

/// `#use-location` (hidden until now) asks for the position and fills `#coordinates`.
fn location_button(doc: &Document) {
    let (Some(button), Some(input)) = (by_id::<HtmlElement>(doc, "use-location"), by_id::<HtmlInputElement>(doc, "coordinates"))
    else {
        return;
    };
    button.set_hidden(false);
    let note = doc.get_element_by_id("location-note");
    let on_click = Closure::<dyn FnMut()>::new(move || {
        let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
            set_note(&note, Some("您的浏览器不支持定位，请手动填写地址。"));
            return;
        };
        set_note(&note, Some("正在获取位置…"));
        let (input, ok_note, fail_note) = (input.clone(), note.clone(), note.clone());
        // The position's typed bindings are unstable in web-sys: its fields are read by name.
        let ok = Closure::once_into_js(move |pos: JsValue| {
            let field = |obj: &JsValue, name: &str| js_sys::Reflect::get(obj, &name.into()).ok();
            let coords = field(&pos, "coords");
            let number = |name| coords.as_ref().and_then(|c| field(c, name)).and_then(|v| v.as_f64());
            match (number("longitude"), number("latitude")) {
                (Some(lon), Some(lat)) => {
                    input.set_value(&format!("{lon:.6},{lat:.6}"));
                    set_note(&ok_note, Some("已附上您的位置。"));
                }
                _ => set_note(&ok_note, Some("没有获取到位置，请手动填写地址。")),
            }
        });
        let fail = Closure::once_into_js(move |_: JsValue| {
            set_note(&fail_note, Some("没有获取到位置（可能未允许定位），请手动填写地址。"));
        });
        let _ = geo.get_current_position_with_error_callback(ok.unchecked_ref(), Some(fail.unchecked_ref()));
    });
    let _ = button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    on_click.forget();
}

/// `#phone` is checked with the server's own rule when it changes; the
/// message goes into `#phone-live-error`.
fn phone_check(doc: &Document) {
    let (Some(input), Some(message)) = (by_id::<HtmlInputElement>(doc, "phone"), doc.get_element_by_id("phone-live-error"))
    else {
        return;
    };
    let field = input.clone();
    let on_change = Closure::<dyn FnMut()>::new(move || {
        let value = field.value();
        let ok = value.trim().is_empty() || Phone::parse(&value).is_ok();
        message.set_text_content((!ok).then_some("请输入 11 位手机号码，例如 13812345678"));
    });
    let _ = input.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    on_change.forget();
}

/// Forms marked `data-single-submit` disable their button once sent, so a
/// double tap sends one request (the server's idempotency key covers the rest).
fn single_submit(doc: &Document) {
    let Ok(forms) = doc.query_selector_all("form[data-single-submit]") else { return };
    for i in 0..forms.length() {
        let Some(form) = forms.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else { continue };
        let target = form.clone();
        let on_submit = Closure::<dyn FnMut()>::new(move || {
            if let Ok(Some(button)) = target.query_selector("button[type=submit]") {
                let _ = button.set_attribute("disabled", "");
                let _ = button.set_attribute("aria-disabled", "true");
            }
        });
        let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        on_submit.forget();
    }
}
