//! Fuzzing the parsers that face input (issue 19 §2), as properties: the
//! citizen's and the agent's forms, a replay script and a holiday notice
//! take any text — arbitrary strings, and mutations of valid ones — and
//! answer with a value or a refusal, never a panic. `make test` runs
//! proptest's 256 cases each; `make fuzz` (PROPTEST_CASES) runs many more.

use super::calendar::HolidayNotice;
use super::citizen_form::{FormFiller, SubmitForm};
use super::intake_form::IntakeForm;
use proptest::prelude::*;

/// Any text, biased toward what parsers trip on: digits, separators,
/// CJK, quotes and braces, very long runs.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[0-9 +\\-().#]{0,30}",
        "[\\u{4e00}-\\u{9fa5}]{0,120}",
        "[{}\\[\\]\":,\\\\a-z0-9]{0,80}",
        Just("1".repeat(6000)),
        Just(String::from("\u{0}\u{202e}\u{feff}")),
    ]
}

/// A valid text with one byte range replaced by `junk` (kept UTF-8).
fn mutate(valid: &str, at: usize, len: usize, junk: &str) -> String {
    let chars: Vec<char> = valid.chars().collect();
    let at = at % (chars.len() + 1);
    let end = (at + len).min(chars.len());
    chars[..at].iter().collect::<String>() + junk + &chars[end..].iter().collect::<String>()
}

const REPLAY: &str = include_str!("../../../server/tests/replay/complaint_return_extension.json");
const NOTICE: &str = r#"{"year":2026,"papers":["国办发明电〔2025〕7号"],"days":[{"name":"元旦","date":"2026-01-01","isOffDay":true},{"name":"元旦","date":"2026-01-04","isOffDay":false}]}"#;

proptest! {
    #[test]
    fn the_forms_take_any_text(
        t in text(), c in text(), p in text(), n in text(), o in text(), a in text(), k in text(), r in text(),
        anonymous in any::<bool>(), consent in any::<bool>(), emergency in any::<bool>(),
    ) {
        let form = SubmitForm {
            request_type: k.clone(), category: c.clone(), title: t.clone(), content: t.repeat(3), county: a.clone(),
            township: a.clone(), address: a, coordinates: p.clone(), name: n, phone: p, organisation: o, anonymous, consent,
        };
        let _ = form.parse_as(FormFiller::Citizen);
        let _ = form.parse_as(FormFiller::Agent);
        let _ = IntakeForm { form, emergency, emergency_kind: k, repeat_of: r }.parse();
    }

    #[test]
    fn a_replay_script_takes_any_text(at in 0usize..4000, len in 0usize..40, junk in text()) {
        let _ = super::replay::run(&mutate(REPLAY, at, len, &junk));
        let _ = super::replay::run(&junk);
    }

    #[test]
    fn a_holiday_notice_takes_any_text(at in 0usize..400, len in 0usize..20, junk in text()) {
        let _ = HolidayNotice::parse(&mutate(NOTICE, at, len, &junk));
        let _ = HolidayNotice::parse(&junk);
    }
}

#[test]
fn the_seeds_are_valid() {
    assert!(super::replay::run(REPLAY).is_ok(), "the replay seed runs");
    assert!(HolidayNotice::parse(NOTICE).is_ok(), "the notice seed parses");
}
