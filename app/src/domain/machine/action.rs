//! What a refusal says could not be done: a command by its code, one side
//! of a decision, or a step the machine names itself. Each says itself in
//! English (the refusal's Display, the replay) and in Chinese (the message
//! people read), from one table.

use super::command_code::CommandCode;

macro_rules! actions {
    ($($variant:ident => ($phrase:literal, $label:literal)),+ $(,)?) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Action {
            /// A command, as its code says it.
            Command(CommandCode),
            $($variant),+
        }

        impl Action {
            /// Every action that is not a plain command.
            const OTHERS: &'static [Action] = &[$(Action::$variant),+];

            /// In English: "approve an extension".
            pub fn phrase(self) -> &'static str {
                match self {
                    Action::Command(code) => code.action(),
                    $(Action::$variant => $phrase),+
                }
            }

            /// In Chinese, after 不能/无权: "同意延期".
            pub fn label(self) -> &'static str {
                match self {
                    Action::Command(code) => code.label(),
                    $(Action::$variant => $label),+
                }
            }
        }
    };
}

actions! {
    // The two sides of the decisions (Art. 17, 20, 23).
    ApproveReturn => ("approve a return", "同意退回"),
    RefuseReturn => ("refuse a return", "不同意退回"),
    ApproveExtension => ("approve an extension", "同意延期"),
    RefuseExtension => ("refuse an extension", "不同意延期"),
    ApproveCompletion => ("approve a completion", "同意办结"),
    RefuseCompletion => ("refuse a completion", "不同意办结"),
    // Named by the machine itself.
    Register => ("register a request", "登记诉求"),
    ActOnAssignment => ("act on an assignment", "办理承办任务"),
    BeFixedByCoordination => ("be fixed by coordination", "被协调确定为承办单位"),
}

impl Action {
    /// The action an English phrase says, if any.
    pub fn parse(phrase: &str) -> Option<Action> {
        CommandCode::ALL
            .iter()
            .map(|&c| Action::Command(c))
            .chain(Action::OTHERS.iter().copied())
            .find(|a| a.phrase() == phrase)
    }
}

impl From<CommandCode> for Action {
    fn from(code: CommandCode) -> Action {
        Action::Command(code)
    }
}

as_text!(Action, phrase, "action");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_says_itself_once_in_both_languages() {
        let all: Vec<Action> = CommandCode::ALL.iter().map(|&c| Action::Command(c)).chain(Action::OTHERS.iter().copied()).collect();
        let mut phrases = std::collections::BTreeSet::new();
        for a in &all {
            assert_eq!(Action::parse(a.phrase()), Some(*a), "{a}");
            assert!(phrases.insert(a.phrase()), "{a} twice");
            assert!(a.label().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{a}: {}", a.label());
            let json = serde_json::to_string(a).unwrap();
            assert_eq!(serde_json::from_str::<Action>(&json).unwrap(), *a);
        }
        assert_eq!(Action::parse("teleport"), None);
        assert!(serde_json::from_str::<Action>(r#""teleport""#).is_err());
    }
}
