//! A textarea's text as the server serves it.
//!
//! A staff form's textarea is bound to a signal (`bind:value`), which the
//! server does not render: served alone, the field was empty until the app
//! loaded. Its text goes in as `inner_html`, escaped, because a textarea
//! holds raw text (a `</textarea>` in a citizen's words must not end it) and
//! because a text child serves a space when empty.

/// `text` escaped for a textarea's content; nothing for an empty text.
pub fn textarea_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + 1);
    // The parser drops a newline right after `<textarea>`: a text that starts
    // with one keeps it behind another.
    if text.starts_with('\n') {
        html.push('\n');
    }
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            c => html.push(c),
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::textarea_html;

    #[test]
    fn a_citizen_cannot_end_the_textarea() {
        assert_eq!(textarea_html("供水</textarea><script>x()</script>&"), "供水&lt;/textarea&gt;&lt;script&gt;x()&lt;/script&gt;&amp;");
        assert_eq!(textarea_html(""), "");
        assert_eq!(textarea_html("第一行\n第二行"), "第一行\n第二行");
        assert_eq!(textarea_html("\n空一行"), "\n\n空一行");
    }
}
