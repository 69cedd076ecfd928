//! The command codes, one row per command: the code the UI and the replay
//! name it by, its Chinese label, the action phrase refusals use, the
//! article it rests on (docs/replay.md has the same table in prose) and
//! the roles that may issue it (SPEC §1). `guard.rs` matches on the enum,
//! so a mistyped code does not compile.

use super::types::Role;

macro_rules! command_codes {
    ($($variant:ident => ($code:literal, $label:literal, $action:literal, $article:literal, [$($role:ident),*])),+ $(,)?) => {
        /// What a command is, without its fields.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum CommandCode { $($variant),+ }

        impl CommandCode {
            /// Every command, in the order the UI offers them.
            pub const ALL: &'static [CommandCode] = &[$(CommandCode::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $(CommandCode::$variant => $code),+ }
            }
            /// The Chinese name shown to people (in refusals, on buttons).
            pub fn label(self) -> &'static str {
                match self { $(CommandCode::$variant => $label),+ }
            }
            /// What the command does, for refusals ("role: handler may not dispatch a request").
            pub fn action(self) -> &'static str {
                match self { $(CommandCode::$variant => $action),+ }
            }
            /// The article of the Measures it rests on, or the SPEC section
            /// for what the Measures leave to the system.
            pub fn article(self) -> &'static str {
                match self { $(CommandCode::$variant => $article),+ }
            }
            /// The roles that may issue it.
            pub fn roles(self) -> &'static [Role] {
                match self { $(CommandCode::$variant => &[$(Role::$role),*]),+ }
            }
            pub fn parse(s: &str) -> Option<CommandCode> {
                match s.trim() {
                    $($code => Some(CommandCode::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

command_codes! {
    // An agent records what a citizen says on the phone (object, rate, add
    // information, ask for a callback); the call service is the agent's own,
    // so only the requester rates it.
    Reject => ("reject", "对诉求不予受理", "reject a request", "Art. 12", [Agent, Reviewer]),
    Answer => ("answer", "根据知识库答复", "answer from the knowledge base", "Art. 14(1)", [Agent]),
    Dispatch => ("dispatch", "派单", "dispatch a request", "Art. 14", [Agent, Reviewer]),
    Acknowledge => ("acknowledge", "签收", "acknowledge an assignment", "Art. 16(2)", [Handler]),
    RequestReturn => ("request_return", "申请退回", "request a return", "Art. 16(2)", [Handler]),
    DecideReturn => ("decide_return", "审核退回申请", "decide on a return", "Art. 17", [Reviewer]),
    Coordinate => ("coordinate", "通过协调确定承办单位", "fix a unit by coordination", "Art. 18", [Reviewer]),
    RequestExtension => ("request_extension", "申请延期", "request an extension", "Art. 20", [Handler]),
    DecideExtension => ("decide_extension", "审核延期申请", "decide on an extension", "Art. 20", [Reviewer]),
    Forward => ("forward", "转交下一级承办单位", "forward to a sub-unit", "Art. 4", [Handler]),
    GiveOpinion => ("give_opinion", "提交协办意见", "give a co-unit opinion", "Art. 14(4)", [Handler]),
    SubmitResult => ("submit_result", "提交办理结果", "submit a result", "Art. 22(1)", [Handler]),
    ReviewCompletion => ("review_completion", "审核办结申请", "review a completion", "Art. 23", [Reviewer]),
    Object => ("object", "对答复提出异议", "object to a reply", "Art. 22(2)", [Citizen, Agent]),
    SupplementaryAnswer => ("supplementary_answer", "补充答复", "give a supplementary answer", "Art. 22(2)", [Handler]),
    Rate => ("rate", "进行满意度评价", "rate a request", "Art. 24", [Citizen, Agent]),
    Callback => ("callback", "记录回访", "record a callback", "Art. 27", [Reviewer]),
    Supervise => ("supervise", "发起督办", "open a supervision", "Art. 31", [Reviewer]),
    RespondSupervision => ("respond_supervision", "回复督办", "respond to a supervision", "Art. 31", [Handler]),
    ConcludeSupervision => ("conclude_supervision", "审核督办反馈", "conclude a supervision", "Art. 31", [Reviewer]),
    AddInformation => ("add_information", "补充信息", "add information", "SPEC §1", [Citizen, Agent]),
    LinkRelated => ("link_related", "关联相关诉求", "link a related request", "Art. 14(5)", [Agent, Reviewer]),
    AskCallback => ("ask_callback", "申请回电", "ask for a callback", "SPEC §1", [Citizen, Agent]),
    MarkEmergency => ("mark_emergency", "标记为突发事件", "mark an emergency", "Art. 29", [Agent, Reviewer]),
    Tag => ("tag", "标记诉求", "tag a request", "SPEC §2", [Agent, Reviewer]),
    FindForceMajeure => ("find_force_majeure", "认定不可抗力", "record force majeure", "Art. 29", [Reviewer]),
    ReportProgress => ("report_progress", "报告阶段性办理情况", "report progress", "Art. 19(2)", [Handler]),
    ReportEmergency => ("report_emergency", "向局主要领导报告突发事项", "report an emergency to the leader", "Art. 29", [Agent, Reviewer]),
    Archive => ("archive", "归档", "archive a request", "Art. 3", [Reviewer]),
    RateCallService => ("rate_call_service", "评价话务服务", "rate the call service", "Art. 24", [Citizen]),
    EraseRequesterData => ("erase_requester_data", "删除诉求人个人信息", "erase the requester's personal data", "Art. 40", [Reviewer]),
    CorrectRequesterData => ("correct_requester_data", "更正诉求人个人信息", "correct the requester's personal data", "Art. 40", [Reviewer]),
}

/// A code compares with the string the pages and scripts carry.
impl PartialEq<&str> for CommandCode {
    fn eq(&self, other: &&str) -> bool {
        self.code() == *other
    }
}

as_text!(CommandCode, code, "command");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_parses_back_and_is_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for c in CommandCode::ALL {
            assert_eq!(CommandCode::parse(c.code()), Some(*c));
            assert!(seen.insert(c.code()), "{c} twice");
            assert!(c.article().starts_with("Art. ") || c.article().starts_with("SPEC §"), "{c}");
            assert!(!c.roles().is_empty(), "{c}");
        }
        assert_eq!(CommandCode::parse("teleport"), None);
        assert_eq!(serde_json::to_string(&CommandCode::Dispatch).unwrap(), r#""dispatch""#);
        assert_eq!(serde_json::from_str::<CommandCode>(r#""archive""#).unwrap(), CommandCode::Archive);
        assert!(serde_json::from_str::<CommandCode>(r#""teleport""#).is_err());
    }
}
