//! The request's state codes, one row per state: the code stored and shown
//! in the replay (docs/replay.md), the staff's Chinese name, the words the
//! requester reads, and whether the request is still worked on. In
//! lifecycle order.

use std::fmt;

macro_rules! state_codes {
    ($($variant:ident => ($code:literal, $label:literal, $citizen:literal, $open:literal)),+ $(,)?) => {
        /// Where a request stands, as one code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum StateCode { $($variant),+ }

        impl StateCode {
            pub const ALL: &'static [StateCode] = &[$(StateCode::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $(StateCode::$variant => $code),+ }
            }
            /// The staff's name (待受理, 办理中 …).
            pub fn label(self) -> &'static str {
                match self { $(StateCode::$variant => $label),+ }
            }
            /// The requester's words on their own page (已登记，等待受理 …).
            pub fn citizen_words(self) -> &'static str {
                match self { $(StateCode::$variant => $citizen),+ }
            }
            /// Whether the request is still worked on (not ended).
            pub fn is_open(self) -> bool {
                match self { $(StateCode::$variant => $open),+ }
            }
            pub fn parse(s: &str) -> Option<StateCode> {
                match s.trim() {
                    $($code => Some(StateCode::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

state_codes! {
    Registered => ("registered", "待受理", "已登记，等待受理", true),
    Rejected => ("rejected", "不予受理", "不予受理", false),
    Answered => ("answered", "已答复", "已答复", false),
    Dispatched => ("dispatched", "待签收", "已转交承办单位", true),
    Handling => ("handling", "办理中", "办理中", true),
    ReturnRequested => ("return_requested", "申请退回", "办理中", true),
    Redispatch => ("redispatch", "待重新派单", "正在重新确定承办单位", true),
    CompletionReview => ("completion_review", "办结审核", "办理结果审核中", true),
    Closed => ("closed", "已办结待评价", "已答复，请您评价", false),
    Supplementary => ("supplementary", "补充答复", "补充答复中", true),
    Redo => ("redo", "重新办理", "重新办理中", true),
    Callback => ("callback", "待回访", "等待热线中心回访", false),
    Finished => ("finished", "已办结", "已办结", false),
    Archived => ("archived", "已归档", "已办结，已归档", false),
}

impl fmt::Display for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_parses_back_once() {
        let mut seen = std::collections::BTreeSet::new();
        for s in StateCode::ALL {
            assert_eq!(StateCode::parse(s.code()), Some(*s));
            assert!(seen.insert(s.code()), "{s} twice");
        }
        assert_eq!(StateCode::ALL.len(), 14);
        assert_eq!(StateCode::parse("teleported"), None);
    }
}
