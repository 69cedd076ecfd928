//! What a user typed or chose before the app loaded, kept through hydration
//! (issue 14 §1.7).
//!
//! A staff page is usable as served HTML before its WASM arrives: an agent
//! starts typing the caller's number at once. Hydration then sets every bound
//! field to the app's own value — the served one — and what was typed in
//! between was gone. So a small script in the page's head marks each field
//! the user types into or changes (`data-typed`); the browser entry notes the
//! marked fields' values before hydrating and puts them back afterwards,
//! telling the app with the `input` and `change` events its handlers listen
//! to: the app's state then holds the words as if typed into the running app.
//! Only marked fields count: a value the browser restored on its own (after
//! a reload or Back) was not typed by this user now, and a restored tick in
//! a work list that has since changed order must not choose a request.

/// The head's script that marks a field the user typed into or changed
/// (no `&`, `<` or `>`: the page's text must not need escaping).
pub const MARK_TYPED: &str = "(function(){function mark(e){var t=e.target;if(t.dataset)t.dataset.typed=''}\
addEventListener('input',mark,true);addEventListener('change',mark,true)})()";

#[cfg(feature = "hydrate")]
pub use browser::TypedBeforeLoad;

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

    /// A field the user changed, and what it held before hydration.
    enum Change {
        Text(HtmlInputElement, String),
        Checked(HtmlInputElement, bool),
        /// Files chosen: the input keeps them; the app must hear of them.
        Files(HtmlInputElement),
        Area(HtmlTextAreaElement, String),
        Chosen(HtmlSelectElement, String),
    }

    /// The fields the user changed in the served page, noted before the app hydrates it.
    pub struct TypedBeforeLoad(Vec<Change>);

    impl TypedBeforeLoad {
        /// Notes every field under `#app` that the user typed into or changed.
        pub fn note() -> Self {
            let Some(fields) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector_all("#app [data-typed]").ok())
            else {
                return Self(Vec::new());
            };
            let changes = (0..fields.length())
                .filter_map(|i| fields.item(i)?.dyn_into::<Element>().ok())
                .filter_map(noted)
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
                    Change::Checked(input, checked) => {
                        input.set_checked(checked);
                        tell(&input);
                    }
                    Change::Files(input) => tell(&input),
                    Change::Area(area, value) => {
                        area.set_value(&value);
                        tell(&area);
                    }
                    Change::Chosen(select, value) => {
                        select.set_value(&value);
                        tell(&select);
                    }
                }
            }
        }
    }

    /// What the marked field holds now.
    fn noted(el: Element) -> Option<Change> {
        let el = match el.dyn_into::<HtmlInputElement>() {
            Ok(input) => {
                return match input.type_().as_str() {
                    "hidden" | "submit" | "button" | "reset" | "image" => None,
                    "file" => input.files().is_some_and(|f| f.length() > 0).then_some(Change::Files(input)),
                    // A radio is unchecked by checking another of its group, which is marked itself.
                    "radio" if !input.checked() => None,
                    "checkbox" | "radio" => {
                        let checked = input.checked();
                        Some(Change::Checked(input, checked))
                    }
                    _ => {
                        let value = input.value();
                        Some(Change::Text(input, value))
                    }
                };
            }
            Err(el) => el,
        };
        let el = match el.dyn_into::<HtmlTextAreaElement>() {
            Ok(area) => {
                let value = area.value();
                return Some(Change::Area(area, value));
            }
            Err(el) => el,
        };
        let select = el.dyn_into::<HtmlSelectElement>().ok()?;
        let value = select.value();
        Some(Change::Chosen(select, value))
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
}
