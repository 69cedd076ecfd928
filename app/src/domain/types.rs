//! Domain values that parse instead of validate (SPEC §2, §9): once a value
//! of one of these types exists it is well-formed, so the state machine never
//! re-checks formats. Serde uses the snake_case codes and re-parses on input.

use super::deadline::TimeLimit;
use chrono::{Datelike, NaiveDate};
use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Why a value could not be parsed. Display names the field and the rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ParseError {
    #[error("{field}: must not be empty")]
    Empty { field: String },
    #[error("{field}: at most {max} characters (got {len})")]
    TooLong { field: String, max: usize, len: usize },
    #[error("{field}: control characters are not allowed")]
    Control { field: String },
    #[error("{field}: {value:?} is not {expected}")]
    Invalid {
        field: String,
        value: String,
        expected: String,
    },
}

impl ParseError {
    fn invalid(field: &str, value: &str, expected: &str) -> ParseError {
        ParseError::Invalid {
            field: field.into(),
            value: value.into(),
            expected: expected.into(),
        }
    }
}

/// Trims and checks a free text: non-empty, at most `max` characters (not
/// bytes), no control characters other than line breaks and tabs.
fn check_text(field: &str, s: &str, max: usize) -> Result<String, ParseError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(ParseError::Empty { field: field.into() });
    }
    let len = t.chars().count();
    if len > max {
        return Err(ParseError::TooLong {
            field: field.into(),
            max,
            len,
        });
    }
    if t.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(ParseError::Control { field: field.into() });
    }
    Ok(t.to_string())
}

/// Serde through `parse` and `as_str`, so stored and received values are re-checked.
macro_rules! serde_via_str {
    ($name:ident) => {
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $name::parse(&s).map_err(D::Error::custom)
            }
        }
        impl FromStr for $name {
            type Err = ParseError;
            fn from_str(s: &str) -> Result<Self, ParseError> {
                $name::parse(s)
            }
        }
    };
}

/// A trimmed, non-empty free text of bounded length.
macro_rules! bounded_text {
    ($(#[$m:meta])* $name:ident, $field:literal, $max:expr) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;
            pub fn parse(s: &str) -> Result<$name, ParseError> {
                check_text($field, s, $max).map($name)
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        serde_via_str!($name);
    };
}

bounded_text!(
    /// A request's title (≤ 100 characters).
    Title, "title", 100
);
bounded_text!(
    /// A long text: request content, results, opinions, answers (≤ 4000 characters).
    Content, "content", 4000
);
bounded_text!(
    /// A reason, a legal basis or a note (≤ 1000 characters).
    Note, "note", 1000
);
bounded_text!(
    /// A short label: a person's or place's name, a case number (≤ 50 characters).
    Label, "label", 50
);
bounded_text!(
    /// A street address (≤ 200 characters).
    Address, "address", 200
);
bounded_text!(
    /// A reference to a stored object: an attachment, a knowledge-base entry (≤ 200 characters).
    Reference, "reference", 200
);

/// Plain code enums: `code()`, `parse()`, `label()` (Chinese), serde via the code.
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident, $what:literal { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            /// The Chinese name shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            pub fn parse(s: &str) -> Result<$name, ParseError> {
                match s.trim() {
                    $($code => Ok($name::$variant),)+
                    other => Err(ParseError::invalid(
                        $what, other, concat!("one of: ", $($code, " "),+).trim_end(),
                    )),
                }
            }
            pub fn as_str(&self) -> &'static str {
                self.code()
            }
            /// Every code with its Chinese name, in order: a form's choice list.
            pub fn choices() -> Vec<(String, String)> {
                Self::ALL.iter().map(|v| (v.code().into(), v.label().into())).collect()
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
        /// A code read elsewhere (a stored column, a form) is this value.
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.code() == *other
            }
        }
        serde_via_str!($name);
    };
}

code_enum!(
    /// Request types (Art. 11, 43).
    RequestType, "type" {
        Consultation => ("consultation", "咨询"),
        Complaint => ("complaint", "投诉举报"),
        Help => ("help", "求助"),
        Suggestion => ("suggestion", "建议"),
    }
);

impl RequestType {
    /// The handling limit of Art. 19(1)(2).
    pub fn time_limit(self) -> TimeLimit {
        match self {
            RequestType::Consultation => TimeLimit::Consultation,
            RequestType::Complaint => TimeLimit::Complaint,
            RequestType::Help => TimeLimit::Help,
            RequestType::Suggestion => TimeLimit::Suggestion,
        }
    }
}

code_enum!(
    /// Intake channels (Art. 11, 13) plus the center's own callback.
    Channel, "channel" {
        Phone => ("phone", "电话"),
        Web => ("web", "网站"),
        Wechat => ("wechat", "微信"),
        Weibo => ("weibo", "微博"),
        App => ("app", "移动App"),
        LeaderLine => ("leader_line", "领导接听"),
        Callback => ("callback", "回访"),
    }
);

impl Channel {
    /// Channels through which citizens submit by themselves; the rest are
    /// registered by an agent.
    pub fn is_self_service(self) -> bool {
        matches!(self, Channel::Web | Channel::Wechat | Channel::Weibo | Channel::App)
    }
}

code_enum!(
    /// The five levels of Art. 24.
    Rating, "rating" {
        VerySatisfied => ("very_satisfied", "非常满意"),
        Satisfied => ("satisfied", "满意"),
        BasicallySatisfied => ("basically_satisfied", "基本满意"),
        Dissatisfied => ("dissatisfied", "不满意"),
        VeryDissatisfied => ("very_dissatisfied", "非常不满意"),
    }
);

impl Rating {
    /// "Dissatisfied" in Art. 25, 27: either of the last two levels.
    pub fn is_dissatisfied(self) -> bool {
        matches!(self, Rating::Dissatisfied | Rating::VeryDissatisfied)
    }
}

code_enum!(
    /// The rating's own question 问题是否解决 (SPEC §7, 解决率): the
    /// requester's word on whether the problem went away, apart from how
    /// satisfied they are with the answer.
    Resolution, "resolution" {
        Resolved => ("resolved", "已解决"),
        Partly => ("partly", "部分解决"),
        Unresolved => ("unresolved", "未解决"),
    }
);

impl Resolution {
    /// The resolution rate's numerator in halves: "partly counts half".
    pub fn halves(self) -> u64 {
        match self {
            Resolution::Resolved => 2,
            Resolution::Partly => 1,
            Resolution::Unresolved => 0,
        }
    }
}

code_enum!(
    /// People's roles (SPEC §1).
    Role, "role" {
        Citizen => ("citizen", "诉求人"),
        Agent => ("agent", "话务员"),
        Reviewer => ("reviewer", "热线管理中心审核员"),
        Handler => ("handler", "承办单位经办人"),
        UnitAdmin => ("unit_admin", "承办单位管理员"),
        Analyst => ("analyst", "分析与领导"),
        Admin => ("admin", "系统管理员"),
    }
);

code_enum!(
    /// Request tags (SPEC §2).
    Tag, "tag" {
        HotSpot => ("hot_spot", "热点"),
        KeyItem => ("key_item", "重点"),
        LeaderCase => ("leader_case", "包案"),
        MediaExposed => ("media_exposed", "媒体曝光"),
    }
);

code_enum!(
    /// What a text message to a citizen is about (the outbox's kinds).
    MessageKind, "message kind" {
        Registered => ("registered", "受理告知"),
        Rejected => ("rejected", "不予受理告知"),
        Extended => ("extended", "延期告知"),
        Answered => ("answered", "答复告知"),
        Redo => ("redo", "重办告知"),
        CalledBack => ("called_back", "回访结果告知"),
        DataCorrected => ("data_corrected", "个人信息已更正"),
        DataCorrectionRefused => ("data_correction_refused", "个人信息不予更正"),
        Code => ("code", "验证码"),
    }
);

code_enum!(
    /// How the unit answered the requester (Art. 22(1)).
    ReplyMethod, "reply method" {
        Phone => ("phone", "电话"),
        Sms => ("sms", "短信"),
        InPerson => ("in_person", "当面"),
        Letter => ("letter", "书面"),
        Online => ("online", "网上"),
    }
);

code_enum!(
    /// The options of Art. 26 for a redone request.
    RedoOption, "redo option" {
        HandleAgain => ("handle_again", "尽快办理"),
        TargetedAnswer => ("targeted_answer", "再次办理并针对性回应"),
        DutyStatement => ("duty_statement", "上传书面履责意见并向诉求人说明"),
    }
);

impl RedoOption {
    pub fn article(self) -> &'static str {
        match self {
            RedoOption::HandleAgain => "Art. 26(1)",
            RedoOption::TargetedAnswer => "Art. 26(2)",
            RedoOption::DutyStatement => "Art. 26(3)",
        }
    }
}

code_enum!(
    /// Where one unit's assignment stands, as one code (`AssignmentStatus::code`,
    /// the store's `assignments.status`), with the staff's name for it.
    AssignmentStatusCode, "assignment status" {
        Received => ("received", "待签收"),
        Handling => ("handling", "办理中"),
        ReturnRequested => ("return_requested", "申请退回中"),
        Returned => ("returned", "已退回"),
        Submitted => ("submitted", "已提交结果"),
        Done => ("done", "已完成"),
    }
);

code_enum!(
    /// What the public case page shows (Art. 35: 定期报道投诉举报案例、发布咨询热点问题和政策解读).
    PublicCaseKind, "public case kind" {
        Case => ("case", "投诉举报案例"),
        HotTopic => ("hot_topic", "咨询热点与政策解读"),
    }
);

code_enum!(
    /// Where a case for the public page stands: proposed and waiting for a
    /// second person's review, published, sent back with a reason, or taken down.
    PublicCaseState, "public case state" {
        Proposed => ("proposed", "待审核"),
        Published => ("published", "已公开"),
        Returned => ("returned", "已退回"),
        Withdrawn => ("withdrawn", "已撤下"),
    }
);

code_enum!(
    /// The center's verdict on a unit's supervision response (Art. 31: the
    /// center supervises until the matter is done): the response is enough
    /// and the supervision ends, or it is not and the unit answers again.
    SupervisionVerdict, "supervision verdict" {
        Concluded => ("concluded", "反馈到位，督办办结"),
        Continued => ("continued", "反馈不到位，继续督办"),
    }
);

code_enum!(
    /// Where a supervision stands: waiting for the unit's response, for the
    /// center's verdict on it, or ended.
    SupervisionStage, "supervision stage" {
        AwaitingResponse => ("awaiting_response", "待单位反馈"),
        AwaitingVerdict => ("awaiting_verdict", "反馈待审核"),
        Concluded => ("concluded", "已办结"),
    }
);

code_enum!(
    /// What the hotline office waits on besides the request's state (the
    /// store's `requests.center_queue`): an extension to decide (Art. 20), an
    /// open supervision (Art. 31), an answer to review (Art. 22(2)).
    CenterWait, "center queue" {
        Extension => ("extension", "待审核延期"),
        Supervision => ("supervision", "督办中"),
        AnswerReview => ("answer_review", "待审核答复"),
    }
);

code_enum!(
    /// What an audit-log entry records (the store's `audit_log.action`):
    /// every look at personal data, every record released, every
    /// administrator's change (Art. 40–42; PIPL Art. 45).
    AuditAction, "audit action" {
        RevealRequester => ("reveal_requester", "查看诉求人信息"),
        CallerHistory => ("caller_history", "来电号码查询"),
        SearchPhone => ("search_phone", "按电话号码检索"),
        CallerFlags => ("caller_flags", "查询来电人标记"),
        FlagCaller => ("flag_caller", "标记来电人"),
        ReviewFlag => ("review_flag", "复核来电人标记"),
        ReferFlagToPolice => ("refer_flag_to_police", "移送公安机关"),
        RegisterRelease => ("register_release", "登记资料调取申请"),
        ApproveRelease => ("approve_release", "批准资料调取"),
        RefuseRelease => ("refuse_release", "不予批准资料调取"),
        ReleaseRecord => ("release_record", "调取诉求资料"),
        HandOverRelease => ("hand_over_release", "移交调取资料包"),
        DownloadReleasePackage => ("download_release_package", "下载调取资料包"),
        ArchiveRequest => ("archive_request", "归档"),
        EraseRequesterData => ("erase_requester_data", "到期删除诉求人个人信息"),
        CitizenDataAccess => ("citizen_data_access", "诉求人查阅本人信息"),
        AskDataCorrection => ("ask_data_correction", "诉求人申请更正个人信息"),
        CorrectRequesterData => ("correct_requester_data", "更正诉求人个人信息"),
        RefuseDataCorrection => ("refuse_data_correction", "不予更正诉求人个人信息"),
        UnitChange => ("unit_change", "变更单位"),
        UserChange => ("user_change", "变更账号"),
        CalendarChange => ("calendar_change", "变更节假日安排"),
        CategoryChange => ("category_change", "设置分类法定时限"),
        SynonymsChange => ("synonyms_change", "变更检索同义词"),
        HotSpotOrder => ("hot_spot_order", "热点统一处置"),
        DraftReport => ("draft_report", "起草月报"),
        IssueReport => ("issue_report", "印发月报"),
        CorrectReport => ("correct_report", "起草月报更正版"),
        DownloadReport => ("download_report", "下载统计报表"),
        SchemeChange => ("scheme_change", "设定考核方案"),
        PublishAssessment => ("publish_assessment", "通报考核结果"),
        LodgeAppeal => ("lodge_appeal", "提出考核申诉"),
        AnswerAppeal => ("answer_appeal", "答复考核申诉"),
        DrawFrontDeskSample => ("draw_front_desk_sample", "抽取受理前台样本"),
        ReviewFrontDeskSample => ("review_front_desk_sample", "评查受理前台样本"),
        ProposePublicCase => ("propose_public_case", "推荐公开案例"),
        ReviewPublicCase => ("review_public_case", "审核公开案例"),
        WithdrawPublicCase => ("withdraw_public_case", "撤下公开案例"),
        LoginPaused => ("login_paused", "账号登录失败过多暂停登录"),
    }
);

code_enum!(
    /// What a reviewer checks in a sampled registration (Art. 36 受理前台服务质量).
    FrontDeskCheck, "front desk check" {
        RequestType => ("request_type", "诉求类型准确"),
        Category => ("category", "分类准确"),
        Unit => ("unit", "派单单位准确"),
        Facts => ("facts", "要素完整（时间、地点、事由、诉求）"),
        Courtesy => ("courtesy", "服务规范、用语文明"),
    }
);

code_enum!(
    /// How the center disposes of a second dissatisfied rating after calling back (Art. 27).
    CallbackDisposition, "disposition" {
        Explain => ("explain", "解释说明"),
        Supervise => ("supervise", "督办"),
        Close => ("close", "办结"),
    }
);

code_enum!(
    /// The four kinds of emergency (突发事项) of Art. 29.
    EmergencyKind, "emergency kind" {
        Utilities => ("utilities", "区域性水、电、暖、气、网等问题"),
        Disaster => ("disaster", "自然灾害、地质灾害及次生灾害"),
        PublicFacility => ("public_facility", "城乡管理部件危及公共安全"),
        Threat => ("threat", "个人扬言危及公共安全、人身财产安全"),
    }
);

code_enum!(
    /// The emergency lines a matter outside the hotline's remit is handed to (Art. 12(2)).
    EmergencyService, "emergency service" {
        Police => ("110", "110 报警服务台"),
        Fire => ("119", "119 火警"),
        Ambulance => ("120", "120 急救"),
        Traffic => ("122", "122 交通事故报警"),
    }
);

code_enum!(
    /// How the center calls back (Art. 27: 通过人工、网络、短信等方式回访).
    CallbackMethod, "callback method" {
        Phone => ("phone", "电话"),
        Network => ("network", "网络"),
        Sms => ("sms", "短信"),
    }
);

code_enum!(
    /// The work lists (工作台 tabs): a hotline office's own queues (Art. 15,
    /// 17, 21, 23, 22(2), 27, 31; the center's, or a county's for its own
    /// requests, Art. 4) and the lists every unit has (SPEC §4).
    WorkList, "filter" {
        Registered => ("registered", "待受理"),
        Returns => ("returns", "退回申请"),
        Redispatch => ("redispatch", "待重新派单"),
        Extensions => ("extensions", "延期申请"),
        Completions => ("completions", "办结审核"),
        Objections => ("objections", "异议补充答复"),
        Callbacks => ("callbacks", "待回访"),
        AnswerReviews => ("answer_reviews", "答复不满意"),
        Supervised => ("supervised", "督办"),
        ToAcknowledge => ("to_acknowledge", "待签收"),
        Handling => ("handling", "办理中"),
        AwaitingReview => ("awaiting_review", "待审核"),
        DueSoon => ("due_soon", "即将到期"),
        Overdue => ("overdue", "已超期"),
        Redo => ("redo", "重办"),
        Open => ("open", "全部在办"),
    }
);

impl WorkList {
    /// A unit's tabs, in order.
    pub const UNIT: [WorkList; 8] = [
        WorkList::ToAcknowledge,
        WorkList::Handling,
        WorkList::AwaitingReview,
        WorkList::DueSoon,
        WorkList::Overdue,
        WorkList::Redo,
        WorkList::Supervised,
        WorkList::Open,
    ];
    /// A hotline office's tabs: its own queues first, then the common ones.
    pub const OFFICE: [WorkList; 14] = [
        WorkList::Registered,
        WorkList::Returns,
        WorkList::Redispatch,
        WorkList::Extensions,
        WorkList::Completions,
        WorkList::Objections,
        WorkList::Callbacks,
        WorkList::AnswerReviews,
        WorkList::Supervised,
        WorkList::ToAcknowledge,
        WorkList::Handling,
        WorkList::DueSoon,
        WorkList::Overdue,
        WorkList::Open,
    ];
}

code_enum!(
    /// The columns a work list can be ordered by (its headers sort it).
    WorkListColumn, "sort" {
        Due => ("due", "期限"),
        Registered => ("registered", "登记时间"),
        County => ("county", "县市"),
        Type => ("type", "类型"),
    }
);

/// A work list's order: a column, rising or falling. The default is the
/// earliest deadline first (SPEC §4); its code is the column's, with a
/// leading `-` when falling ("-registered": the newest first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkListOrder {
    pub by: WorkListColumn,
    pub descending: bool,
}

impl Default for WorkListOrder {
    fn default() -> Self {
        WorkListOrder { by: WorkListColumn::Due, descending: false }
    }
}

impl WorkListOrder {
    pub fn parse(s: &str) -> Result<WorkListOrder, ParseError> {
        let s = s.trim();
        let (descending, column) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        Ok(WorkListOrder { by: WorkListColumn::parse(column)?, descending })
    }
    pub fn code(self) -> String {
        if self.descending {
            format!("-{}", self.by.code())
        } else {
            self.by.code().to_string()
        }
    }
    /// The order a click on `column`'s header gives: the column already
    /// sorted by turns round; another starts rising, except the registration
    /// time, whose useful first look is the newest.
    pub fn clicked(self, column: WorkListColumn) -> WorkListOrder {
        if column == self.by {
            WorkListOrder { by: column, descending: !self.descending }
        } else {
            WorkListOrder { by: column, descending: column == WorkListColumn::Registered }
        }
    }
}

code_enum!(
    /// Who signs a duty-performance statement (Art. 43(8): 主要领导或分管领导签发).
    SignerPost, "signer post" {
        Main => ("main", "主要领导"),
        Deputy => ("deputy", "分管领导"),
    }
);

code_enum!(
    /// The misuse of Art. 41 a caller can be flagged for.
    MisuseKind, "misuse kind" {
        FalseMatters => ("false_matters", "故意提供虚假事项"),
        Attacks => ("attacks", "恶意攻击"),
        Harassment => ("harassment", "骚扰"),
        OccupyingLines => ("occupying_lines", "占用话务资源"),
    }
);

code_enum!(
    /// Who asks the hotline for its records (Art. 42).
    RequestingBody, "requesting body" {
        Court => ("court", "人民法院"),
        Procuratorate => ("procuratorate", "人民检察院"),
        PublicSecurity => ("public_security", "公安机关"),
        Discipline => ("discipline", "纪委监委"),
        Administrative => ("administrative", "行政机关"),
        LawFirm => ("law_firm", "律师事务所"),
        Arbitration => ("arbitration", "仲裁委员会"),
        OtherInstitution => ("other_institution", "其他机构"),
    }
);

impl RequestingBody {
    /// Art. 42: judicial organs, discipline commissions and administrative
    /// organs are approved by the head of the 政务信息中心; law firms,
    /// arbitration commissions and other institutions by the head of the
    /// 州政务服务管理局.
    pub fn approver(self) -> LeaderPost {
        match self {
            RequestingBody::Court
            | RequestingBody::Procuratorate
            | RequestingBody::PublicSecurity
            | RequestingBody::Discipline
            | RequestingBody::Administrative => LeaderPost::InfoCenterHead,
            RequestingBody::LawFirm | RequestingBody::Arbitration | RequestingBody::OtherInstitution => LeaderPost::BureauHead,
        }
    }
}

code_enum!(
    /// A leading post that approves what Art. 42 reserves to it.
    LeaderPost, "leader post" {
        InfoCenterHead => ("info_center_head", "政务信息中心主要领导"),
        BureauHead => ("bureau_head", "州政务服务管理局主要领导"),
    }
);

/// Defines an enum of numbered items of an article: code, Chinese text, item number.
macro_rules! article_items {
    ($(#[$m:meta])* $name:ident, $what:literal, $art:literal, $alias:literal {
        $($variant:ident => ($n:literal, $code:literal, $text:literal)),+ $(,)?
    }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            /// The text of the item in the Measures.
            pub fn text(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            /// The item's number within its article.
            pub fn item(self) -> u8 {
                match self { $($name::$variant => $n),+ }
            }
            /// E.g. "Art. 12(7)".
            pub fn article(self) -> String {
                format!("{}({})", $art, self.item())
            }
            /// Accepts the code or the numbered alias (e.g. "art12_7").
            pub fn parse(s: &str) -> Result<$name, ParseError> {
                let s = s.trim();
                $(
                    if s == $code || s == format!("{}{}", $alias, $n) {
                        return Ok($name::$variant);
                    }
                )+
                Err(ParseError::invalid(
                    $what, s, concat!("one of: ", $($code, " "),+).trim_end(),
                ))
            }
            pub fn as_str(&self) -> &'static str {
                self.code()
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
        /// A code read elsewhere (a stored column, a form) is this value.
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.code() == *other
            }
        }
        serde_via_str!($name);
    };
}

article_items!(
    /// The nine reasons for not accepting a request (Art. 12).
    RejectionReason, "rejection reason", "Art. 12", "art12_" {
        OutOfScope => (1, "out_of_scope", "不属于州人民政府、承办单位职责或服务范围的事项"),
        EmergencyService => (2, "emergency_service", "依法应当通过110、119、120、122等紧急服务专线处理的事项"),
        OtherAuthority => (3, "other_authority", "属于党委、人大、政协、纪检监察、法院、检察院、军队、武警、兵团职责范围的事项"),
        LegalRemedy => (4, "legal_remedy", "依法应当通过诉讼、仲裁、行政复议解决的事项"),
        InLegalProcedure => (5, "in_legal_procedure", "已进入诉讼、仲裁、行政复议、信访、信息公开等法定程序或已通过上述法定程序处理的事项"),
        SecretOrStability => (6, "secret_or_stability", "涉及国家机密、商业秘密、个人隐私和涉及维护社会稳定事项"),
        RepeatWithoutNewFacts => (7, "repeat_without_new_facts", "正在办理过程中或已依法办理完毕，诉求人无新情况、新理由，向热线提出的同一事项"),
        UnlawfulOrIncomplete => (8, "unlawful_or_incomplete", "违反法律法规、社会公序良俗以及恶意攻击、骚扰、信息要素不全或无实质诉求内容的事项"),
        Other => (9, "other", "其他不予受理的事项"),
    }
);

article_items!(
    /// The seven sources of supervision (Art. 31).
    SupervisionSource, "supervision source", "Art. 31", "art31_" {
        LeaderInstruction => (1, "leader_instruction", "州领导批示或交办的事项"),
        LeaderLineOrKeyItem => (2, "leader_line_or_key_item", "参加接听热线活动部门领导接听群众来电的事项、交办的重点事项"),
        HotSpot => (3, "hot_spot", "集中投诉举报的热点、难点事项"),
        UnresolvedDecision => (4, "unresolved_decision", "已有州政府决定、会议议定、经热线管理中心协调确定、上级业务指导部门认定的承办意见，但仍得不到解决的事项"),
        Overdue => (5, "overdue", "逾期未办结的事项"),
        RedoStillDissatisfied => (6, "redo_still_dissatisfied", "发回重办后诉求人仍不满意，经热线管理中心认定确属于承办单位原因的事项"),
        Other => (7, "other", "其他需要督办的事项"),
    }
);

/// A request number: `YL` + yyyymmdd + a 5-digit daily sequence, e.g. YL2024093000123.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequestNumber {
    date: NaiveDate,
    sequence: u32,
}

impl RequestNumber {
    pub const PREFIX: &'static str = "YL";
    pub const MAX_SEQUENCE: u32 = 99_999;

    /// The `sequence`-th request of `date` (1..=99999).
    pub fn new(date: NaiveDate, sequence: u32) -> Result<RequestNumber, ParseError> {
        if !(1..=Self::MAX_SEQUENCE).contains(&sequence) || !(1000..=9999).contains(&date.year()) {
            return Err(ParseError::invalid(
                "number",
                &format!("{date} #{sequence}"),
                "a date in years 1000–9999 and a sequence 1–99999",
            ));
        }
        Ok(RequestNumber { date, sequence })
    }

    pub fn parse(s: &str) -> Result<RequestNumber, ParseError> {
        let bad = || ParseError::invalid("number", s, "YL + yyyymmdd + 5 digits, e.g. YL2024093000123");
        let rest = s.trim().strip_prefix(Self::PREFIX).ok_or_else(bad)?;
        if rest.len() != 13 || !rest.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let date = NaiveDate::parse_from_str(&rest[..8], "%Y%m%d").map_err(|_| bad())?;
        let sequence: u32 = rest[8..].parse().map_err(|_| bad())?;
        RequestNumber::new(date, sequence).map_err(|_| bad())
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }
    pub fn sequence(&self) -> u32 {
        self.sequence
    }
    fn as_string(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for RequestNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{:05}", Self::PREFIX, self.date.format("%Y%m%d"), self.sequence)
    }
}

impl Serialize for RequestNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_string())
    }
}
impl<'de> Deserialize<'de> for RequestNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RequestNumber::parse(&s).map_err(D::Error::custom)
    }
}
impl FromStr for RequestNumber {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        RequestNumber::parse(s)
    }
}

/// A category code of the configurable category tree, e.g. `urban.water`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CategoryCode(String);

impl CategoryCode {
    pub fn parse(s: &str) -> Result<CategoryCode, ParseError> {
        let s = s.trim();
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-/".contains(&b));
        if ok {
            Ok(CategoryCode(s.to_string()))
        } else {
            Err(ParseError::invalid("category", s, "1–64 of a-z 0-9 . _ - /"))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
impl fmt::Display for CategoryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
serde_via_str!(CategoryCode);

/// What kind of number a requester gave (Art. 11: callers phone from
/// mobiles, landlines and from abroad). Text messages go to mobiles only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneKind {
    Mobile,
    Landline,
    International,
}

/// A requester's phone number in one canonical spelling, so the same caller
/// is found again: a mainland mobile `13812345678`; a landline with its area
/// code `0999-8021234` or, dialled locally, without `8021234`, an extension
/// after 转 (`0999-8021234转8001`); a number abroad in E.164 `+447911123456`.
/// Personal data (SPEC §8): Display and Debug print it masked; `reveal()` is
/// the only way to the full value, so each use is visible in the code. Serde
/// carries the full value because the stored snapshot must round-trip.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

/// What an erased number reads as once the retention period is over (Art.
/// 40, PIPL): nothing anyone can call, and never accepted as a new caller's.
pub const ERASED_PHONE: &str = "已删除";

/// Where the extension starts, in the ways people write it.
const EXTENSION_MARKS: [&str; 6] = ["转", "ext.", "ext", "x", "X", "#"];

impl Phone {
    /// Accepts spaces, dashes, dots and brackets; a +86/0086 prefix; an
    /// extension after 转, ext, x, # or a third dash group (0999-8021234-8001).
    pub fn parse(s: &str) -> Result<Phone, ParseError> {
        // Never echo the rejected value: it may be a real number with a typo.
        let bad = || {
            ParseError::invalid(
                "phone",
                "…",
                "a mobile (13812345678), a landline (0999-8021234, extension after 转) or an international number (+44…)",
            )
        };
        let (main, ext) = split_extension(s.trim());
        let ext = match ext {
            Some(e) if (1..=6).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_digit()) => format!("转{e}"),
            Some(_) => return Err(bad()),
            None => String::new(),
        };
        let cleaned: String = main.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.' | '（' | '）')).collect();
        let (abroad, digits) = match cleaned.strip_prefix('+').or_else(|| cleaned.strip_prefix("00")) {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let national = match (abroad, digits.strip_prefix("86")) {
            (true, Some(rest)) if !rest.is_empty() => Some((rest, true)),
            (true, _) => None,
            (false, _) => Some((digits, false)),
        };
        let number = match national {
            Some((d, dialled_from_abroad)) => national_number(d, dialled_from_abroad).ok_or_else(bad)?,
            // E.164: a country code not starting with 0, at most 15 digits.
            None if !digits.starts_with('0') && (8..=15).contains(&digits.len()) => format!("+{digits}"),
            None => return Err(bad()),
        };
        if !ext.is_empty() && Phone(number.clone()).kind() == PhoneKind::Mobile {
            return Err(bad());
        }
        Ok(Phone(number + &ext))
    }

    pub fn kind(&self) -> PhoneKind {
        let b = self.0.as_bytes();
        if b.first() == Some(&b'+') {
            PhoneKind::International
        } else if b.len() == 11 && b[0] == b'1' && b.iter().all(u8::is_ascii_digit) {
            PhoneKind::Mobile
        } else {
            PhoneKind::Landline
        }
    }

    /// The number of a requester whose personal data was erased.
    pub fn erased() -> Phone {
        Phone(ERASED_PHONE.to_string())
    }
    pub fn is_erased(&self) -> bool {
        self.0 == ERASED_PHONE
    }

    /// Whether text messages can reach it (mainland mobiles only).
    pub fn is_mobile(&self) -> bool {
        self.kind() == PhoneKind::Mobile
    }

    /// `138****5678`, `0999-***1234转**`, `+44*******3456`: the start that
    /// says where the number is, the last four digits, no extension.
    pub fn masked(&self) -> String {
        if self.is_erased() {
            return ERASED_PHONE.to_string();
        }
        let (main, ext) = match self.0.split_once('转') {
            Some((m, e)) => (m, "*".repeat(e.chars().count())),
            None => (self.0.as_str(), String::new()),
        };
        let ext = if ext.is_empty() { ext } else { format!("转{ext}") };
        let keep = match self.kind() {
            PhoneKind::Mobile => 3,
            PhoneKind::International => 3,
            PhoneKind::Landline => main.find('-').map_or(0, |i| i + 1),
        };
        let chars: Vec<char> = main.chars().collect();
        let tail = chars.len().saturating_sub(4).max(keep);
        let masked: String = chars
            .iter()
            .enumerate()
            .map(|(i, c)| if i < keep || i >= tail { *c } else { '*' })
            .collect();
        masked + &ext
    }
    /// The full number. Callers that show it must audit the reveal (SPEC §8).
    pub fn reveal(&self) -> &str {
        &self.0
    }
    fn as_str(&self) -> &str {
        &self.0
    }
}

/// The number and its extension, if one is written.
fn split_extension(s: &str) -> (&str, Option<&str>) {
    for mark in EXTENSION_MARKS {
        if let Some((main, ext)) = s.split_once(mark) {
            return (main, Some(ext.trim()));
        }
    }
    // 0999-8021234-8001: a third dash group after an area code and a local number.
    let groups: Vec<&str> = s.split('-').map(str::trim).collect();
    if let [area, local, ext] = groups.as_slice() {
        if area.starts_with('0') && (3..=4).contains(&area.len()) && (7..=8).contains(&local.len()) {
            return (&s[..s.rfind('-').unwrap_or(s.len())], Some(ext));
        }
    }
    (s, None)
}

/// A mainland number's canonical spelling: a mobile, or a landline with or
/// without its area code (010 and 02x have three digits, the rest four).
fn national_number(d: &str, dialled_from_abroad: bool) -> Option<String> {
    let b = d.as_bytes();
    if b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
        return Some(d.to_string());
    }
    // From abroad the trunk 0 is dropped: +86 999 8021234.
    let d = if dialled_from_abroad && !d.starts_with('0') { format!("0{d}") } else { d.to_string() };
    let local_ok = |l: &str| (7..=8).contains(&l.len()) && !l.starts_with('0') && !l.starts_with('1');
    if d.starts_with('0') {
        let area_len = if d.starts_with("01") || d.starts_with("02") { 3 } else { 4 };
        if d.len() <= area_len {
            return None;
        }
        let (area, local) = d.split_at(area_len);
        return local_ok(local).then(|| format!("{area}-{local}"));
    }
    (!dialled_from_abroad && local_ok(&d)).then_some(d)
}
impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}
impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}
// Through `parse`, except that a stored request may hold an erased number;
// the domain refuses a new request with one.
impl Serialize for Phone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
impl<'de> Deserialize<'de> for Phone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == ERASED_PHONE {
            return Ok(Phone::erased());
        }
        Phone::parse(&s).map_err(D::Error::custom)
    }
}
impl FromStr for Phone {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Phone::parse(s)
    }
}

/// Two-character surnames kept whole when a name is masked (欧阳**).
const COMPOUND_SURNAMES: [&str; 24] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
    "令狐", "端木", "独孤", "南宫", "西门", "百里", "呼延", "申屠", "澹台", "太史",
];

/// A person's name (≤ 50 characters). Personal data: Display and Debug mask it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(s: &str) -> Result<PersonName, ParseError> {
        check_text("name", s, 50).and_then(|t| {
            if t.chars().any(|c| c.is_ascii_digit() || c == '\n') {
                Err(ParseError::invalid("name", "…", "a name without digits or line breaks"))
            } else {
                Ok(PersonName(t))
            }
        })
    }
    /// The surname stays, every other letter becomes `*`; the `·` of
    /// transliterated names stays so the shape is kept: 张* · 欧阳** · 买*·***.
    pub fn masked(&self) -> String {
        let keep = COMPOUND_SURNAMES
            .iter()
            .find(|s| self.0.starts_with(*s) && self.0.chars().count() > 2)
            .map_or(1, |_| 2);
        self.0
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i < keep || matches!(c, '·' | '•' | ' ') {
                    c
                } else {
                    '*'
                }
            })
            .collect()
    }
    pub fn reveal(&self) -> &str {
        &self.0
    }
    fn as_str(&self) -> &str {
        &self.0
    }
}
impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}
impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonName({})", self.masked())
    }
}
serde_via_str!(PersonName);

/// An 18-character resident ID number (GB 11643) with a valid birth date and
/// check character. Personal data: Display and Debug mask it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

impl IdNumber {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &'static [u8; 11] = b"10X98765432";

    pub fn parse(s: &str) -> Result<IdNumber, ParseError> {
        let v = s.trim().to_ascii_uppercase();
        let bad = |why: &str| ParseError::invalid("id_number", "…", why);
        let b = v.as_bytes();
        if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
            return Err(bad("18 characters: 17 digits and a digit or X"));
        }
        if NaiveDate::parse_from_str(&v[6..14], "%Y%m%d").is_err() {
            return Err(bad("an ID number with a valid birth date"));
        }
        let sum: u32 = b[..17]
            .iter()
            .zip(Self::WEIGHTS)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        if Self::CHECK[(sum % 11) as usize] != b[17] {
            return Err(bad("an ID number with a correct check character"));
        }
        Ok(IdNumber(v))
    }
    /// `654***********123X`: the first 3 and the last 4 characters.
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..3], "*".repeat(11), &self.0[14..])
    }
    pub fn reveal(&self) -> &str {
        &self.0
    }
    fn as_str(&self) -> &str {
        &self.0
    }
}
impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}
impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}
serde_via_str!(IdNumber);

/// The requester (诉求人, Art. 43(1): a citizen, a legal person or another
/// organisation): all personal data. `name` is the person, or the
/// organisation's contact person; an agent may register a caller who gives
/// no name. An organisation always has its contact person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RequesterFields")]
pub struct Requester {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<PersonName>,
    pub phone: Phone,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<IdNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<Organisation>,
}

/// What a requester is called toward staff who may see it: the name, or
/// 匿名来电 for a caller who gave none.
pub const ANONYMOUS_CALLER: &str = "匿名来电";
/// What an erased requester is called (Art. 40, PIPL retention).
pub const ERASED_REQUESTER: &str = "（个人信息已按期删除）";

impl Requester {
    /// A person with a name and a phone.
    pub fn person(name: PersonName, phone: Phone) -> Requester {
        Requester { name: Some(name), phone, id_number: None, organisation: None }
    }
    /// What is left of a requester once their personal data is erased.
    pub fn erased() -> Requester {
        Requester { name: None, phone: Phone::erased(), id_number: None, organisation: None }
    }
    /// The name masked (张*), the organisation before it; 匿名来电 without a name.
    pub fn masked_name(&self) -> String {
        self.display_name(self.name.as_ref().map(PersonName::masked))
    }
    /// The full name, for roles that need it (audited by the caller).
    pub fn revealed_name(&self) -> String {
        self.display_name(self.name.as_ref().map(|n| n.reveal().to_string()))
    }
    fn display_name(&self, person: Option<String>) -> String {
        if self.phone.is_erased() {
            return ERASED_REQUESTER.to_string();
        }
        let person = person.unwrap_or_else(|| ANONYMOUS_CALLER.to_string());
        match &self.organisation {
            Some(o) => format!("{}（联系人：{person}）", o.name),
            None => person,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequesterFields {
    #[serde(default)]
    name: Option<PersonName>,
    phone: Phone,
    #[serde(default)]
    id_number: Option<IdNumber>,
    #[serde(default)]
    organisation: Option<Organisation>,
}

impl TryFrom<RequesterFields> for Requester {
    type Error = ParseError;
    fn try_from(f: RequesterFields) -> Result<Requester, ParseError> {
        if f.organisation.is_some() && f.name.is_none() {
            return Err(ParseError::invalid("requester", "…", "an organisation with its contact person's name"));
        }
        Ok(Requester { name: f.name, phone: f.phone, id_number: f.id_number, organisation: f.organisation })
    }
}

/// A legal person or other organisation as requester (Art. 43(1)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// 单位名称.
    pub name: Title,
    /// 统一社会信用代码, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_code: Option<Label>,
}

/// Where the matter is: county → township → address, optional WGS-84
/// coordinates (longitude, latitude).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Location {
    county: Label,
    township: Option<Label>,
    address: Option<Address>,
    coordinates: Option<(f64, f64)>,
}

impl Location {
    /// Forgets where exactly the requester is (the street address and the
    /// map position); the county and township stay (Art. 40 retention).
    pub fn erase_address(&mut self) {
        self.address = None;
        self.coordinates = None;
    }
    /// The requester's corrected street address (PIPL Art. 46); the map
    /// position pointed at the old one and goes with it.
    pub fn correct_address(&mut self, address: Address) {
        self.address = Some(address);
        self.coordinates = None;
    }
    pub fn new(
        county: Label,
        township: Option<Label>,
        address: Option<Address>,
        coordinates: Option<(f64, f64)>,
    ) -> Result<Location, ParseError> {
        if let Some((lon, lat)) = coordinates {
            let ok =
                lon.is_finite() && lat.is_finite() && (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat);
            if !ok {
                return Err(ParseError::invalid(
                    "coordinates",
                    &format!("({lon}, {lat})"),
                    "(longitude −180…180, latitude −90…90)",
                ));
            }
        }
        Ok(Location {
            county,
            township,
            address,
            coordinates,
        })
    }
    pub fn county(&self) -> &Label {
        &self.county
    }
    pub fn township(&self) -> Option<&Label> {
        self.township.as_ref()
    }
    pub fn address(&self) -> Option<&Address> {
        self.address.as_ref()
    }
    pub fn coordinates(&self) -> Option<(f64, f64)> {
        self.coordinates
    }
}

impl<'de> Deserialize<'de> for Location {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            county: Label,
            #[serde(default)]
            township: Option<Label>,
            #[serde(default)]
            address: Option<Address>,
            #[serde(default)]
            coordinates: Option<(f64, f64)>,
        }
        let r = Raw::deserialize(d)?;
        Location::new(r.county, r.township, r.address, r.coordinates).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_number_round_trip() {
        let n = RequestNumber::parse("YL2024093000123").unwrap();
        assert_eq!(n.date(), NaiveDate::from_ymd_opt(2024, 9, 30).unwrap());
        assert_eq!(n.sequence(), 123);
        assert_eq!(n.to_string(), "YL2024093000123");
        let built = RequestNumber::new(NaiveDate::from_ymd_opt(2026, 2, 14).unwrap(), 7).unwrap();
        assert_eq!(built.to_string(), "YL2026021400007");
        assert_eq!(serde_json::to_string(&built).unwrap(), "\"YL2026021400007\"");
        for bad in [
            "YL202409300012",
            "XX2024093000123",
            "YL2024023000123",
            "YL2024093000000",
            "YL20240930001234",
            "YL2024O93000123",
        ] {
            assert!(RequestNumber::parse(bad).is_err(), "{bad}");
        }
        assert!(RequestNumber::new(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(), 100_000).is_err());
    }

    #[test]
    fn codes_and_labels() {
        for t in RequestType::ALL {
            assert_eq!(RequestType::parse(t.code()), Ok(*t));
        }
        assert_eq!(RequestType::Complaint.label(), "投诉举报");
        assert_eq!(RequestType::Complaint.time_limit(), TimeLimit::Complaint);
        assert_eq!(Channel::parse("leader_line"), Ok(Channel::LeaderLine));
        assert!(Channel::Wechat.is_self_service() && !Channel::Phone.is_self_service());
        assert_eq!(Role::parse("unit_admin"), Ok(Role::UnitAdmin));
        assert_eq!(Role::Handler.label(), "承办单位经办人");
        let e = Role::parse("boss").unwrap_err().to_string();
        assert!(e.starts_with("role: \"boss\" is not one of: citizen agent"), "{e}");
        assert_eq!(serde_json::to_string(&Channel::LeaderLine).unwrap(), "\"leader_line\"");
        assert_eq!(
            serde_json::from_str::<Rating>("\"basically_satisfied\"").unwrap(),
            Rating::BasicallySatisfied
        );
        assert_eq!(
            CallbackDisposition::parse("supervise"),
            Ok(CallbackDisposition::Supervise)
        );
        assert_eq!(RedoOption::DutyStatement.article(), "Art. 26(3)");
    }

    #[test]
    fn ratings_of_article_24() {
        assert_eq!(Rating::ALL.len(), 5);
        let dissatisfied: Vec<_> = Rating::ALL.iter().filter(|r| r.is_dissatisfied()).collect();
        assert_eq!(dissatisfied, vec![&Rating::Dissatisfied, &Rating::VeryDissatisfied]);
        assert_eq!(Rating::VeryDissatisfied.label(), "非常不满意");
    }

    #[test]
    fn a_work_list_order_reads_back_its_code_and_turns_round_on_a_second_click() {
        let default = WorkListOrder::default();
        assert_eq!(default.code(), "due");
        for code in ["due", "-due", "registered", "-registered", "county", "-type"] {
            assert_eq!(WorkListOrder::parse(code).map(WorkListOrder::code).as_deref(), Ok(code));
        }
        assert!(WorkListOrder::parse("-").is_err());
        assert!(WorkListOrder::parse("title").is_err());
        assert_eq!(default.clicked(WorkListColumn::Due).code(), "-due");
        assert_eq!(default.clicked(WorkListColumn::Due).clicked(WorkListColumn::Due), default);
        assert_eq!(default.clicked(WorkListColumn::Registered).code(), "-registered", "the newest first");
        assert_eq!(default.clicked(WorkListColumn::County).code(), "county");
    }

    #[test]
    fn the_nine_reasons_of_article_12() {
        assert_eq!(RejectionReason::ALL.len(), 9);
        for (i, r) in RejectionReason::ALL.iter().enumerate() {
            assert_eq!(r.item() as usize, i + 1);
            assert_eq!(RejectionReason::parse(&format!("art12_{}", i + 1)), Ok(*r));
            assert_eq!(RejectionReason::parse(r.code()), Ok(*r));
        }
        assert_eq!(RejectionReason::RepeatWithoutNewFacts.article(), "Art. 12(7)");
        assert!(RejectionReason::EmergencyService.text().contains("110、119、120、122"));
        assert!(RejectionReason::parse("art12_10").is_err());
        assert_eq!(SupervisionSource::ALL.len(), 7);
        assert_eq!(SupervisionSource::parse("art31_5"), Ok(SupervisionSource::Overdue));
        assert_eq!(SupervisionSource::RedoStillDissatisfied.article(), "Art. 31(6)");
    }

    #[test]
    fn text_limits() {
        assert!(Title::parse(&"路".repeat(100)).is_ok());
        assert_eq!(
            Title::parse(&"路".repeat(101)),
            Err(ParseError::TooLong {
                field: "title".into(),
                max: 100,
                len: 101
            })
        );
        assert_eq!(Title::parse("   "), Err(ParseError::Empty { field: "title".into() }));
        assert!(Content::parse(&"水".repeat(4000)).is_ok());
        assert_eq!(
            Content::parse(&"水".repeat(4001)).unwrap_err().to_string(),
            "content: at most 4000 characters (got 4001)"
        );
        assert_eq!(Title::parse("  停水  ").unwrap().as_str(), "停水");
        assert!(Title::parse("a\u{0}b").is_err());
        let e = serde_json::from_str::<Title>(&format!("\"{}\"", "x".repeat(101))).unwrap_err();
        assert!(e.to_string().contains("title: at most 100 characters"));
    }

    #[test]
    fn phone_is_masked_unless_revealed() {
        let p = Phone::parse("138 1234 5678").unwrap();
        assert_eq!(p.to_string(), "138****5678");
        assert_eq!(format!("{p:?}"), "Phone(138****5678)");
        assert_eq!(p.reveal(), "13812345678");
        assert_eq!(Phone::parse("+86 199-0000-1111").unwrap().reveal(), "19900001111");
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"13812345678\"");
        assert!(p.is_mobile());
        for bad in [
            "12812345678",
            "1381234567",
            "138123456789",
            "1381234567a",
            "13812345678转12",
            "0999-0021234",
            "+0441234567",
            "+1234567",
            "0999-8021234转1234567",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
        // The error never echoes the rejected digits.
        assert!(!Phone::parse("12812345678").unwrap_err().to_string().contains("1281"));
    }

    #[test]
    fn landlines_with_or_without_area_code_and_extension() {
        // Ili's area code is 0999; Beijing's 010 has three digits.
        let cases = [
            ("0999-8021234", "0999-8021234", "0999-***1234"),
            ("(0999) 802 1234", "0999-8021234", "0999-***1234"),
            ("09998021234", "0999-8021234", "0999-***1234"),
            ("8021234", "8021234", "***1234"),
            ("0999-8021234转8001", "0999-8021234转8001", "0999-***1234转****"),
            ("0999-8021234-8001", "0999-8021234转8001", "0999-***1234转****"),
            ("0999 8021234 ext. 12", "0999-8021234转12", "0999-***1234转**"),
            ("010-62345678", "010-62345678", "010-****5678"),
            ("+86 999 8021234", "0999-8021234", "0999-***1234"),
            ("0086-10-62345678", "010-62345678", "010-****5678"),
        ];
        for (typed, canonical, masked) in cases {
            let p = Phone::parse(typed).unwrap_or_else(|e| panic!("{typed}: {e}"));
            assert_eq!((p.reveal(), p.masked().as_str()), (canonical, masked), "{typed}");
            assert_eq!(p.kind(), PhoneKind::Landline, "{typed}");
            assert!(!p.is_mobile());
            // The canonical spelling parses to itself (stored snapshots round-trip).
            assert_eq!(Phone::parse(canonical).unwrap(), p);
        }
    }

    #[test]
    fn international_numbers_in_e164() {
        let p = Phone::parse("+44 7911 123456").unwrap();
        assert_eq!((p.reveal(), p.masked().as_str()), ("+447911123456", "+44******3456"));
        assert_eq!(p.kind(), PhoneKind::International);
        assert_eq!(Phone::parse("0044 7911 123456").unwrap(), p);
        assert_eq!(Phone::parse("+7 727 2501234").unwrap().reveal(), "+77272501234");
    }

    #[test]
    fn requesters_anonymous_and_organisations() {
        let anonymous: Requester = serde_json::from_str(r#"{"phone": "0999-8021234"}"#).unwrap();
        assert_eq!(anonymous.masked_name(), "匿名来电");
        let company: Requester = serde_json::from_str(
            r#"{"name": "马丽", "phone": "13912345678", "organisation": {"name": "伊宁市某某物流有限公司", "credit_code": "91654002MA7XXXXX1B"}}"#,
        )
        .unwrap();
        assert_eq!(company.masked_name(), "伊宁市某某物流有限公司（联系人：马*）");
        assert_eq!(company.revealed_name(), "伊宁市某某物流有限公司（联系人：马丽）");
        let e = serde_json::from_str::<Requester>(r#"{"phone": "13912345678", "organisation": {"name": "某公司"}}"#)
            .unwrap_err();
        assert!(e.to_string().contains("contact person"), "{e}");
        // Stored before organisations existed: still read.
        let old: Requester = serde_json::from_str(r#"{"name": "张三", "phone": "13812345678"}"#).unwrap();
        assert_eq!(old, Requester::person(PersonName::parse("张三").unwrap(), Phone::parse("13812345678").unwrap()));
    }

    #[test]
    fn names_are_masked() {
        assert_eq!(PersonName::parse("张三").unwrap().to_string(), "张*");
        assert_eq!(PersonName::parse("欧阳娜娜").unwrap().to_string(), "欧阳**");
        assert_eq!(PersonName::parse("欧阳").unwrap().to_string(), "欧*");
        assert_eq!(PersonName::parse("买买提·吐尔逊").unwrap().to_string(), "买**·***");
        assert_eq!(PersonName::parse("李").unwrap().to_string(), "李");
        assert_eq!(PersonName::parse("王小明").unwrap().reveal(), "王小明");
        assert!(PersonName::parse("").is_err());
        assert!(PersonName::parse("张3").is_err());
        assert_eq!(format!("{:?}", PersonName::parse("张三").unwrap()), "PersonName(张*)");
    }

    #[test]
    fn id_numbers_check_their_checksum() {
        // 11010519491231002X is the standard's worked example.
        let id = IdNumber::parse("11010519491231002x").unwrap();
        assert_eq!(id.reveal(), "11010519491231002X");
        assert_eq!(id.to_string(), "110***********002X");
        assert!(IdNumber::parse("110105194912310021").is_err());
        assert!(IdNumber::parse("110105194913310028").is_err()); // month 13
        assert!(IdNumber::parse("11010519491231002").is_err());
        let id2 = IdNumber::parse("654002199001011234");
        // Whatever its checksum, a parse never panics and the error hides the value.
        if let Err(e) = id2 {
            assert!(!e.to_string().contains("654002"));
        }
    }

    #[test]
    fn requester_and_location_serde() {
        let r: Requester = serde_json::from_str(r#"{"name":"张三","phone":"13812345678"}"#).unwrap();
        assert_eq!(r.phone.masked(), "138****5678");
        assert!(r.id_number.is_none());
        assert!(serde_json::from_str::<Requester>(r#"{"name":"张三","phone":"12812345678"}"#).is_err());
        let loc: Location = serde_json::from_str(
            r#"{"county":"伊宁市","township":"墩买里街道","address":"解放路1号","coordinates":[81.32,43.92]}"#,
        )
        .unwrap();
        assert_eq!(loc.county().as_str(), "伊宁市");
        assert_eq!(loc.coordinates(), Some((81.32, 43.92)));
        let back: Location = serde_json::from_value(serde_json::to_value(&loc).unwrap()).unwrap();
        assert_eq!(back, loc);
        assert!(serde_json::from_str::<Location>(r#"{"county":"伊宁市","coordinates":[200,43]}"#).is_err());
        assert!(CategoryCode::parse("urban.water").is_ok());
        assert!(CategoryCode::parse("城乡建设").is_err());
    }
}
