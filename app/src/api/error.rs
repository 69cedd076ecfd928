//! The one error type every server function returns. Messages are for the
//! people using the product, so they are in Chinese; the variant is for code.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", content = "message", rename_all = "snake_case")]
pub enum AppError {
    /// Not logged in, or the session expired.
    #[error("请先登录")]
    Unauthenticated,
    /// Logged in, but the role or unit may not do this.
    #[error("无权执行此操作：{0}")]
    Forbidden(String),
    #[error("未找到：{0}")]
    NotFound(String),
    /// Input that does not parse; the text says which field and why.
    #[error("输入有误：{0}")]
    Invalid(String),
    /// Form fields that do not parse, each with its message (shown beside the field).
    #[error("请检查填写的内容：{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("；"))]
    Fields(Vec<crate::domain::citizen_form::FieldError>),
    /// The state machine refused the command; the text names the rule.
    #[error("不允许：{0}")]
    Refused(String),
    /// Refused for what one of the command's fields says (`Refusal::field`,
    /// a path into the command's JSON form); the form shows it beside the field.
    #[error("不允许：{message}")]
    RefusedField { field: String, message: String },
    /// Someone else changed the record first.
    #[error("该事项已被他人更新，请刷新后重试")]
    Conflict,
    #[error("用户名或密码错误")]
    BadLogin,
    #[error("请求过于频繁，请稍后再试")]
    TooManyRequests,
    /// Anything unexpected; details go to the log, never to the user.
    #[error("系统繁忙，请稍后再试")]
    Internal,
    /// The call did not reach the server function (network, encoding).
    #[error("网络或请求格式错误：{0}")]
    Transport(String),
}

impl AppError {
    /// The HTTP status that goes with the error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated | AppError::BadLogin => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound(_) => 404,
            AppError::Invalid(_) | AppError::Fields(_) | AppError::Transport(_) => 400,
            AppError::Refused(_) | AppError::RefusedField { .. } | AppError::Conflict => 409,
            AppError::TooManyRequests => 429,
            AppError::Internal => 500,
        }
    }
}

impl AppError {
    /// The message for one form field, when the error is about fields.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Fields(errors) => crate::domain::citizen_form::message_for(errors, name).map(String::from),
            AppError::RefusedField { field, message } if field == name => Some(message.clone()),
            _ => None,
        }
    }

    /// The state machine's refusal in words, tied to its field when it is about one.
    pub fn refused(field: Option<&str>, message: String) -> AppError {
        match field {
            Some(field) => AppError::RefusedField { field: field.into(), message },
            None => AppError::Refused(message),
        }
    }

    /// An error about one field.
    pub fn on_field(name: &str, message: impl Into<String>) -> AppError {
        AppError::Fields(vec![crate::domain::citizen_form::FieldError::new(name, message)])
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    /// A fixed message per kind: never the input echoed back (a long or
    /// hostile input must not come back in a page, a header or an address).
    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        let message = match value {
            E::Request(_) => "无法连接服务器，请检查网络后重试",
            E::Args(_) | E::MissingArg(_) | E::Serialization(_) => "请求的内容不完整或格式不对",
            E::Deserialization(_) | E::Response(_) => "服务器的回复无法读取，请刷新页面",
            E::Registration(_) | E::UnsupportedRequestMethod(_) | E::ServerError(_) | E::MiddlewareError(_) => "请求无法处理",
        };
        AppError::Transport(message.into())
    }
}
