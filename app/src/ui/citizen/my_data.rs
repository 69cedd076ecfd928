//! "My personal data" (PIPL Art. 45, 46): behind the same one-time code as
//! "my requests", what each request holds about the requester, which units
//! looked at it in full, and the corrections asked for; one page to ask for
//! a correction of one request.

use super::fields::{group_class, FieldError};
use super::mine::behind_session;
use crate::api::data_rights::{my_data, AskCorrection, CorrectionView, HeldData, MyData};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/mine/data`.
#[component]
pub fn MyDataPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_data());
    let query = use_query_map();
    let asked = move || query.with(|q| q.get("asked")).is_some();
    view! {
        <Suspense fallback=|| view! { <p>"加载中…"</p> }>
            {move || data.get().map(|r| behind_session(r, |d| view! { <MyDataView d asked=asked()/> }.into_any()))}
        </Suspense>
    }
}

#[component]
fn MyDataView(d: MyData, asked: bool) -> impl IntoView {
    let MyData { phone, requests, accesses, corrections, retention_years } = d;
    view! {
        {asked.then(|| view! {
            <section class="panel confirmation" role="status" id="correction-asked">
                <h1>"更正申请已提交"</h1>
                <p>"热线管理机构会核实后答复，结果显示在本页，并以短信告诉您。"</p>
            </section>
        })}
        <section class="panel">
            <h1>"我的个人信息"</h1>
            <p>{format!("这是 12345 热线为办理手机号码 {phone} 提出的诉求而保存的个人信息。")}</p>
            <p class="hint">{format!("依据《个人信息保护法》第四十五条、第四十六条，您可以查阅这些信息，发现不准确的可以申请更正。事项办结归档满 {retention_years} 年后，这些信息会被删除，诉求内容和统计数据仍保留。")}</p>
            {requests.is_empty().then(|| view! { <p>"这个手机号码还没有提交过诉求。"</p> })}
            {requests.into_iter().map(|h| view! { <HeldCard h/> }).collect_view()}
        </section>
        <section class="panel" id="corrections">
            <h2>"我的更正申请"</h2>
            {corrections.is_empty().then(|| view! { <p>"您还没有申请过更正。"</p> })}
            <ul class="plain correction-list">
                {corrections.into_iter().map(|c| view! { <CorrectionLine c/> }).collect_view()}
            </ul>
        </section>
        <section class="panel" id="accesses">
            <h2>"工作人员查看记录"</h2>
            {if accesses.is_empty() {
                view! { <p>"还没有工作人员查看过您的完整个人信息。"</p> }.into_any()
            } else {
                view! {
                    <p class="hint">"工作人员默认只看到隐去部分内容的信息；因办理需要查看完整信息时须说明原因，并被记录。"</p>
                    <ul class="plain access-list">
                        {accesses.into_iter().map(|a| view! {
                            <li>{format!("{} · {} · {} · 原因：{}", a.at, a.unit, a.number, a.reason)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <p><a href="/mine">"返回我的诉求"</a></p>
    }
}

/// One request's data as a summary list.
#[component]
fn HeldCard(h: HeldData) -> impl IntoView {
    let row = |label: &'static str, value: String| view! { <div class="summary-row"><dt>{label}</dt><dd>{value}</dd></div> };
    let none = || "未登记".to_string();
    view! {
        <article class="held" data-number=h.number.clone()>
            <h2 class="held-title"><a href=format!("/mine/{}", h.number)>{h.title.clone()}</a></h2>
            <p class="meta">{format!("{} · {} · {}", h.number, h.registered_at, h.status)}</p>
            {if h.erased {
                view! { <p class="notice">"这件诉求的个人信息已按保存期限删除。"</p> }.into_any()
            } else {
                view! {
                    <dl class="summary">
                        {row("姓名", h.name.clone().unwrap_or_else(|| "未留姓名".into()))}
                        {row("手机号码", h.phone.clone())}
                        {h.id_number.clone().map(|id| row("身份证号", id))}
                        {h.organisation.clone().map(|o| row("单位", o))}
                        {row("地点", h.place.clone().unwrap_or_else(none))}
                        {h.has_place.then(|| row("详细地址", h.address.clone().unwrap_or_else(none)))}
                        {h.map_position.then(|| row("地图位置", "已记录".into()))}
                        {(h.photos > 0).then(|| row("照片", format!("{} 张", h.photos)))}
                    </dl>
                    {if h.may_correct {
                        view! { <p><a class="button secondary" href=format!("/mine/data/{}", h.number)>"申请更正"</a></p> }.into_any()
                    } else {
                        view! { <p class="hint">"更正申请正在处理中。"</p> }.into_any()
                    }}
                }.into_any()
            }}
        </article>
    }
}

#[component]
fn CorrectionLine(c: CorrectionView) -> impl IntoView {
    let asked = c.asked.iter().map(|(f, v)| format!("{f}改为「{v}」")).collect::<Vec<_>>().join("，");
    let status = match (c.status.as_str(), &c.answer) {
        ("asked", _) => format!("{}，{}前答复", c.status_label, c.answer_by),
        ("refused", Some(reason)) => format!("{}：{reason}", c.status_label),
        _ => c.status_label.clone(),
    };
    view! {
        <li data-status=c.status.clone()>
            <strong>{c.number.clone()}</strong>{format!(" · {} · {asked}", c.asked_at)}
            <br/><span class="correction-status">{status}</span>
        </li>
    }
}

/// `/mine/data/<number>`: one request's correction form.
#[component]
pub fn CorrectionPage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.with(|p| p.get("number")).unwrap_or_default();
    let data = Resource::new(|| (), |_| my_data());
    view! {
        <Suspense fallback=|| view! { <p>"加载中…"</p> }>
            {move || data.get().map(|r| behind_session(r, |d| match d.requests.into_iter().find(|h| h.number == number() && h.may_correct) {
                Some(h) => view! { <CorrectionForm h/> }.into_any(),
                None => view! {
                    <section class="panel">
                        <p class="error-summary" role="alert">"这件诉求现在不能申请更正（个人信息已删除，或已有更正申请在处理）。"</p>
                        <a href="/mine/data">"返回我的个人信息"</a>
                    </section>
                }.into_any(),
            }))}
        </Suspense>
    }
}

#[component]
fn CorrectionForm(h: HeldData) -> impl IntoView {
    let ask = ServerAction::<AskCorrection>::new();
    let failed = move || ask.value().get().and_then(|r| r.err());
    let error = move |field: &'static str| Signal::derive(move || failed().and_then(|e| e.field(field)));
    let (name_error, address_error, reason_error) = (error("name"), error("address"), error("reason"));
    // A refusal of the whole application (nothing changed, one already pending).
    let summary = move || failed().filter(|e| ["name", "address", "reason"].iter().all(|f| e.field(f).is_none())).map(|e| e.to_string());
    view! {
        <section class="panel narrow">
            <p class="caption">{h.number.clone()}</p>
            <h1>"申请更正个人信息"</h1>
            {move || summary().map(|m| view! { <p class="error-summary" role="alert" id="correction-error">{m}</p> })}
            <p>"把不对的内容改成正确的，不需要改的保持原样。热线管理机构核实后答复，一般不超过 15 个工作日。"</p>
            <ActionForm action=ask>
                <input type="hidden" name="number" value=h.number.clone()/>
                <div class=move || group_class(name_error.get().is_some())>
                    <label for="name">"姓名"</label>
                    <FieldError id="name" message=name_error/>
                    <input type="text" id="name" name="name" maxlength="50" autocomplete="name" value=h.name.clone().unwrap_or_default()/>
                </div>
                {h.has_place.then(|| view! {
                    <div class=move || group_class(address_error.get().is_some())>
                        <label for="address">"详细地址"</label>
                        <FieldError id="address" message=address_error/>
                        <input type="text" id="address" name="address" maxlength="200" value=h.address.clone().unwrap_or_default()/>
                    </div>
                })}
                <div class=move || group_class(reason_error.get().is_some())>
                    <label for="reason">"哪里不对，为什么要更正"</label>
                    <FieldError id="reason" message=reason_error/>
                    <textarea id="reason" name="reason" rows="3" maxlength="1000"></textarea>
                </div>
                <p class="hint">"手机号码不能在这里更正：号码变了，请拨打 12345 说明。"</p>
                <button type="submit" class="button" id="submit-correction">"提交更正申请"</button>
            </ActionForm>
            <p><a href="/mine/data">"返回我的个人信息"</a></p>
        </section>
    }
}
