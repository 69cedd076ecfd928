//! Form pieces in the GOV.UK manner: a label, an optional hint, the error
//! beside the field (and tied to it for screen readers), then the field.

use crate::api::AppError;
use leptos::prelude::*;
use leptos::server_fn::error::ServerFnUrlError;
use leptos::server_fn::ServerFn;
use leptos_router::params::ParamsMap;

/// The error a plain form post to server function `F` brought back in the
/// address (for forms that cannot be a `ServerAction`, like file uploads).
pub fn url_error<F: ServerFn>(query: &Memo<ParamsMap>) -> Option<AppError> {
    query.with(|q| {
        let path = q.get("__path")?;
        let err = q.get("__err")?;
        (path == F::PATH).then(|| ServerFnUrlError::<AppError>::decode_err(&err))
    })
}

/// The message above a field, if any; `id` is the field's id.
#[component]
pub fn FieldError(id: &'static str, #[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! { <p class="field-error" id=format!("{id}-error")><span class="visually-hidden">"错误："</span>{m}</p> }
        })
    }
}

/// The `aria-describedby` of a field: its hint and its error.
pub fn described_by(id: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_hint {
        ids.push(format!("{id}-hint"));
    }
    if has_error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The CSS class of a form group, marked when it has an error.
pub fn group_class(has_error: bool) -> &'static str {
    if has_error {
        "form-group form-group--error"
    } else {
        "form-group"
    }
}

/// "1.2 MB" / "350 KB".
pub fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// An error summary at the top of a page, linking to each field.
#[component]
pub fn ErrorSummary(errors: Vec<(String, String)>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <div class="error-summary-box" role="alert" id="errors" tabindex="-1">
                <h2>"请检查以下内容"</h2>
                <ul>
                    {errors.into_iter().map(|(field, message)| view! {
                        <li><a href=format!("#{field}")>{message}</a></li>
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}
