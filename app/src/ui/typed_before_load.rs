//! What a user typed or chose before the app loaded, kept through hydration
//! (issue 14 §1.7).
//!
//! A staff page is usable as served HTML before its WASM arrives: an agent
//! starts typing the caller's number at once. Hydration then sets every bound
//! field to the app's own value — the served one — and what was typed in
//! between was gone. So the browser entry notes each field the user changed
//! (its value differs from what the page was served with) before hydrating,
//! and puts it back afterwards, telling the app with the `input` and `change`
//! events its handlers listen to: the app's state then holds the typed words
//! as if they had been typed into the running app.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// A field the user changed, and what it held before hydration.
enum Change {
    Text(HtmlInputElement, String),
    Checked(HtmlInputElement),
    Unchecked(HtmlInputElement),
    Area(HtmlTextAreaElement, String),
    Chosen(HtmlSelectElement, i32),
}

/// The fields changed in the served page, noted before the app hydrates it.
pub struct TypedBeforeLoad(Vec<Change>);

impl TypedBeforeLoad {
    /// Notes every field under `#app` whose value is no longer the served one.
    pub fn note() -> Self {
        let Some(fields) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector_all("#app input, #app textarea, #app select").ok())
        else {
            return Self(Vec::new());
        };
        let changes = (0..fields.length())
            .filter_map(|i| fields.item(i)?.dyn_into::<Element>().ok())
            .filter_map(changed)
            .collect();
        Self(changes)
    }

    /// Puts the noted values back into the hydrated page and tells the app.
    pub fn put_back(self) {
        for change in self.0 {
            match change {
                Change::Text(input, value) => {
                    input.set_value(&value);
                    tell(&input);
                }
                Change::Checked(input) => {
                    input.set_checked(true);
                    tell(&input);
                }
                // A radio is unchecked by checking another of its group, which is put back itself.
                Change::Unchecked(input) if input.type_() != "radio" => {
                    input.set_checked(false);
                    tell(&input);
                }
                Change::Unchecked(_) => {}
                Change::Area(area, value) => {
                    area.set_value(&value);
                    tell(&area);
                }
                Change::Chosen(select, index) => {
                    select.set_selected_index(index);
                    tell(&select);
                }
            }
        }
    }
}

/// The field's change since it was served, if it has one.
fn changed(el: Element) -> Option<Change> {
    let el = match el.dyn_into::<HtmlInputElement>() {
        Ok(input) => {
            return match input.type_().as_str() {
                // Nobody types into these; a file cannot be set again.
                "hidden" | "file" | "submit" | "button" | "reset" | "image" => None,
                "checkbox" | "radio" if input.checked() == input.default_checked() => None,
                "checkbox" | "radio" if input.checked() => Some(Change::Checked(input)),
                "checkbox" | "radio" => Some(Change::Unchecked(input)),
                _ => {
                    let value = input.value();
                    (value != input.default_value()).then_some(Change::Text(input, value))
                }
            };
        }
        Err(el) => el,
    };
    let el = match el.dyn_into::<HtmlTextAreaElement>() {
        Ok(area) => {
            let value = area.value();
            // A textarea's served text is its default value (it throws only in odd documents).
            return (Ok(&value) != area.default_value().as_ref()).then_some(Change::Area(area, value));
        }
        Err(el) => el,
    };
    let select = el.dyn_into::<HtmlSelectElement>().ok()?;
    let index = select.selected_index();
    (index != served_choice(&select)).then_some(Change::Chosen(select, index))
}

/// The option a one-line select was served with: the one marked `selected`, else the first.
fn served_choice(select: &HtmlSelectElement) -> i32 {
    let Ok(options) = select.query_selector_all("option") else { return 0 };
    (0..options.length())
        .find(|&i| options.item(i).and_then(|o| o.dyn_into::<Element>().ok()).is_some_and(|o| o.has_attribute("selected")))
        .map_or(0, |i| i as i32)
}

/// Fires the events a bound field listens to (`input` for text, `change` for choices; both, bubbling).
fn tell(target: &web_sys::EventTarget) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    for kind in ["input", "change"] {
        if let Ok(event) = web_sys::Event::new_with_event_init_dict(kind, &init) {
            let _ = target.dispatch_event(&event);
        }
    }
}
