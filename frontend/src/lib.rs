//! The browser entry: hydrates the server-rendered page with the same `App`,
//! keeping what the user typed before it loaded.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let typed = app::ui::typed_before_load::TypedBeforeLoad::note();
    leptos::mount::hydrate_body(app::App);
    typed.put_back();
}
