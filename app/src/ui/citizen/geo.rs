//! "Use my location": asks the browser for the position (only after the
//! citizen taps the button) and fills the hidden coordinates field.

use leptos::prelude::*;

/// Fills `coordinates` with `longitude,latitude`, or tells why not in `note`.
#[cfg(feature = "hydrate")]
pub fn locate(coordinates: RwSignal<String>, note: RwSignal<Option<String>>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        note.set(Some("您的浏览器不支持定位，请手动填写地址。".into()));
        return;
    };
    note.set(Some("正在获取位置…".into()));
    // The position's typed bindings are unstable in web-sys: read its fields by name.
    let ok = Closure::once_into_js(move |pos: wasm_bindgen::JsValue| {
        let field = |obj: &wasm_bindgen::JsValue, name: &str| js_sys::Reflect::get(obj, &name.into()).ok();
        let coords = field(&pos, "coords");
        let number = |name| coords.as_ref().and_then(|c| field(c, name)).and_then(|v| v.as_f64());
        match (number("longitude"), number("latitude")) {
            (Some(lon), Some(lat)) => {
                coordinates.set(format!("{lon:.6},{lat:.6}"));
                note.set(None);
            }
            _ => note.set(Some("没有获取到位置，请手动填写地址。".into())),
        }
    });
    let fail = Closure::once_into_js(move |_err: wasm_bindgen::JsValue| {
        note.set(Some("没有获取到位置（可能未允许定位），请手动填写地址。".into()));
    });
    if geo
        .get_current_position_with_error_callback(ok.unchecked_ref(), Some(fail.unchecked_ref()))
        .is_err()
    {
        note.set(Some("没有获取到位置，请手动填写地址。".into()));
    }
}

#[cfg(not(feature = "hydrate"))]
pub fn locate(_coordinates: RwSignal<String>, _note: RwSignal<Option<String>>) {}
