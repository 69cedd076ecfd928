//! A request's page for its requester: where it stands, the deadline
//! counting down, the reply, what they may do now, and the timeline in plain
//! words. Reached by the private link (`/r/<token>`) or from "my requests"
//! (`/mine/<number>`).

use crate::ui::countdown::Countdown;
use super::fields::{group_class, FieldError};
use crate::api::citizen::{track, AskCallback, ObjectRequest, RateCallService, RateRequest};
use crate::api::citizen_views::CitizenRequestView;
use crate::api::AppError;
use crate::domain::deadline::assumed_years_text;
use crate::domain::types::{Rating, Resolution};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/r/<token>`.
#[component]
pub fn LinkPage() -> impl IntoView {
    let params = use_params_map();
    view! { <TrackPage access=Signal::derive(move || params.with(|p| p.get("token")).unwrap_or_default())/> }
}

/// `/mine/<number>`.
#[component]
pub fn MineRequestPage() -> impl IntoView {
    let params = use_params_map();
    view! { <TrackPage access=Signal::derive(move || params.with(|p| p.get("number")).unwrap_or_default())/> }
}

#[component]
fn TrackPage(access: Signal<String>) -> impl IntoView {
    let query = use_query_map();
    let is_new = move || query.with(|q| q.get("new")).is_some();
    let acts = Acts {
        rate: ServerAction::<RateRequest>::new(),
        rate_call: ServerAction::<RateCallService>::new(),
        object: ServerAction::<ObjectRequest>::new(),
        callback: ServerAction::<AskCallback>::new(),
    };
    // Each finished action reloads the request (the native forms reload the page).
    let view_ = Resource::new(
        move || {
            let versions = (acts.rate.version().get(), acts.rate_call.version().get(), acts.object.version().get(), acts.callback.version().get());
            (access.get(), versions)
        },
        |(access, ..)| track(access),
    );
    view! {
        <Suspense fallback=|| view! { <p>"加载中…"</p> }>
            {move || view_.get().map(|r| match r {
                Ok(v) => view! { <TrackView v is_new=is_new() acts/> }.into_any(),
                Err(AppError::Unauthenticated) => view! {
                    <section class="panel">
                        <p class="error-summary" role="alert">"请先验证手机号码。"</p>
                        <a class="button" href="/mine">"查看我的诉求"</a>
                    </section>
                }.into_any(),
                Err(e) => view! {
                    <section class="panel">
                        <p class="error-summary" role="alert">{e.to_string()}</p>
                        <a class="button" href="/track">"按编号查询"</a>
                    </section>
                }.into_any(),
            })}
        </Suspense>
    }
}

/// The actions of the page, kept above the view so that it reloads after each.
#[derive(Clone, Copy)]
struct Acts {
    rate: ServerAction<RateRequest>,
    rate_call: ServerAction<RateCallService>,
    object: ServerAction<ObjectRequest>,
    callback: ServerAction<AskCallback>,
}

#[component]
fn TrackView(v: CitizenRequestView, is_new: bool, acts: Acts) -> impl IntoView {
    let link = format!("/r/{}", v.access);
    view! {
        {is_new.then(|| view! {
            <section class="panel confirmation" role="status" id="submitted">
                <h1>"诉求已提交"</h1>
                <p class="big-number">"诉求编号" <strong id="request-number-new">{v.number.clone()}</strong></p>
                <p>"我们已向您的手机发送短信。请收藏本页，或记下编号，凭编号和手机号后四位也可以查询。"</p>
                <p class="private-link">"本页链接只属于您，请不要转发：" <a href=link.clone() id="private-link">{link.clone()}</a></p>
            </section>
        })}
        <section class="panel">
            <p class="caption">{format!("{} · {}", v.type_label, v.registered_at)}</p>
            <h1 id="request-title">{v.title.clone()}</h1>
            <p>"编号 " <strong id="request-number">{v.number.clone()}</strong></p>
            <p class="status" id="status">"当前状态：" <strong>{v.status.clone()}</strong></p>
            {v.due.clone().map(|due| {
                let uncertain = assumed_years_text(&due.assumed_years);
                view! {
                    <Countdown last_day=due.last_day what=due.what regional=v.regional_days.clone()/>
                    {uncertain.map(|w| view! { <p class="notice" id="due-uncertain">{w}</p> })}
                }
            })}
            {v.next_step.clone().map(|s| view! { <p class="notice" id="next-step">{s}</p> })}
            {v.reply.clone().map(|r| view! {
                <div class="reply" id="reply"><h2>"答复"</h2><p>{r}</p></div>
            })}
        </section>
        {
            let offered = v.actions.clone();
            move || refused_elsewhere(&offered, acts).map(|m| view! {
                <section class="panel"><p class="error-summary" role="alert" id="action-refused">{m}</p></section>
            })
        }
        <Actions v=v.clone() acts/>
        <section class="panel" id="timeline">
            <h2>"办理过程"</h2>
            <ol class="timeline">
                {v.timeline.iter().rev().map(|e| view! {
                    <li><span class="when">{e.at.clone()}</span><span class="what">{e.text.clone()}</span></li>
                }).collect_view()}
            </ol>
            <details>
                <summary>"您提交的内容"</summary>
                <p class="content">{v.content.clone()}</p>
                {(v.photos > 0).then(|| view! { <p>{format!("照片 {} 张", v.photos)}</p> })}
            </details>
        </section>
    }
}

/// An action refused after its form went away: the page was stale (rated in
/// another tab, say), and the reloaded page no longer offers the form. The
/// refusal shows where the form was, not only in the address bar.
fn refused_elsewhere(a: &crate::api::citizen_views::CitizenActions, acts: Acts) -> Option<String> {
    let lost = |offered: bool, what: &str, e: Option<AppError>| if offered { None } else { e.map(|e| format!("您的{what}没有提交。{e}")) };
    let err = |r: Option<Result<(), AppError>>| r.and_then(|r| r.err());
    lost(a.rate, "评价", err(acts.rate.value().get()))
        .or_else(|| lost(a.rate_call_service, "话务服务评价", err(acts.rate_call.value().get())))
        .or_else(|| lost(a.object, "异议", err(acts.object.value().get())))
        .or_else(|| lost(a.ask_callback, "回电申请", err(acts.callback.value().get())))
}

/// The forms for what the requester may do now; only those allowed appear.
#[component]
fn Actions(v: CitizenRequestView, acts: Acts) -> impl IntoView {
    let Acts { rate, rate_call, object, callback } = acts;
    let call_error = Signal::derive(move || rate_call.value().get().and_then(|r| r.err()).map(|e| e.field("rating").unwrap_or_else(|| e.to_string())));
    let field = |a: ServerAction<RateRequest>, f: &'static str| {
        Signal::derive(move || a.value().get().and_then(|r| r.err()).and_then(|e| e.field(f).or_else(|| other(&e))))
    };
    let rating_error = field(rate, "rating");
    let resolution_error = Signal::derive(move || rate.value().get().and_then(|r| r.err()).and_then(|e| e.field("resolution")));
    let comment_error = Signal::derive(move || rate.value().get().and_then(|r| r.err()).and_then(|e| e.field("comment")));
    let object_error = Signal::derive(move || object.value().get().and_then(|r| r.err()).map(|e| e.field("reason").unwrap_or_else(|| e.to_string())));
    let callback_error = Signal::derive(move || callback.value().get().and_then(|r| r.err()).map(|e| e.field("note").unwrap_or_else(|| e.to_string())));
    let a = v.actions.clone();
    let access = StoredValue::new(v.access.clone());
    let final_round = v.rating_round == 2;
    view! {
        {a.rate.then(|| view! {
            <section class="panel" id="rate">
                <h2>{if final_round { "请对重新办理的结果评价（最终评价）" } else { "请对答复评价" }}</h2>
                <ActionForm action=rate>
                    <input type="hidden" name="access" value=access.get_value()/>
                    <fieldset class=move || group_class(rating_error.get().is_some())>
                        <legend>"您对办理结果满意吗？"</legend>
                        <FieldError id="rating" message=rating_error/>
                        <Radios id="rating" name="rating" choices=Rating::choices()/>
                    </fieldset>
                    <fieldset class=move || group_class(resolution_error.get().is_some())>
                        <legend>"您的问题解决了吗？"</legend>
                        <FieldError id="resolution" message=resolution_error/>
                        <Radios id="resolution" name="resolution" choices=Resolution::choices()/>
                    </fieldset>
                    <div class=move || group_class(comment_error.get().is_some())>
                        <label for="comment">"意见（可不填）"</label>
                        <FieldError id="comment" message=comment_error/>
                        <textarea id="comment" name="comment" rows="3" maxlength="1000"></textarea>
                    </div>
                    {(!final_round).then(|| view! {
                        <p class="hint">"如选择“不满意”或“非常不满意”，诉求将交由承办单位重新办理。"</p>
                    })}
                    <button type="submit" class="button" id="submit-rating">"提交评价"</button>
                </ActionForm>
            </section>
        })}
        {a.rate_call_service.then(|| view! {
            <section class="panel" id="rate-call">
                <h2>"请对热线话务服务评价"</h2>
                <p class="hint">"这是对接听您电话的话务员的评价，与对办理结果的评价分开。"</p>
                <ActionForm action=rate_call>
                    <input type="hidden" name="access" value=access.get_value()/>
                    <fieldset class=move || group_class(call_error.get().is_some())>
                        <legend>"您对话务员的服务满意吗？"</legend>
                        <FieldError id="call-rating" message=call_error/>
                        <Radios id="call-rating" name="rating" choices=Rating::choices()/>
                    </fieldset>
                    <button type="submit" class="button secondary" id="submit-call-rating">"提交话务服务评价"</button>
                </ActionForm>
            </section>
        })}
        {a.object.then(|| view! {
            <section class="panel" id="object">
                <h2>"对答复有异议"</h2>
                <p>"如认为答复没有回应您的诉求，可以提出一次异议，承办单位将补充答复。"</p>
                <ActionForm action=object>
                    <input type="hidden" name="access" value=access.get_value()/>
                    <div class=move || group_class(object_error.get().is_some())>
                        <label for="reason">"异议理由"</label>
                        <FieldError id="reason" message=object_error/>
                        <textarea id="reason" name="reason" rows="3" maxlength="1000"></textarea>
                    </div>
                    <button type="submit" class="button secondary" id="submit-objection">"提出异议"</button>
                </ActionForm>
            </section>
        })}
        {a.add_information.then(|| view! {
            <section class="panel" id="add">
                <h2>"补充信息"</h2>
                <form method="post" action="/api/citizen/add" enctype="multipart/form-data">
                    <input type="hidden" name="access" value=access.get_value()/>
                    <label for="text">"补充内容"</label>
                    <textarea id="text" name="text" rows="3" maxlength="4000"></textarea>
                    <label for="add-photos">"照片（可不传，最多 5 张）"</label>
                    <input type="file" id="add-photos" name="photos" multiple accept="image/jpeg,image/png,image/webp"/>
                    <button type="submit" class="button secondary" id="submit-addition">"提交补充信息"</button>
                </form>
            </section>
        })}
        {a.ask_callback.then(|| view! {
            <section class="panel" id="callback">
                <h2>"希望工作人员给您回电？"</h2>
                <ActionForm action=callback>
                    <input type="hidden" name="access" value=access.get_value()/>
                    <FieldError id="note" message=callback_error/>
                    <label for="note">"说明（可不填）"</label>
                    <input type="text" id="note" name="note" maxlength="1000"/>
                    <button type="submit" class="button secondary" id="ask-callback">"申请回电"</button>
                </ActionForm>
            </section>
        })}
    }
}

/// A question's answers (code, words) as radio buttons named `name`, each `{id}-{code}`.
#[component]
fn Radios(id: &'static str, name: &'static str, choices: Vec<(String, String)>) -> impl IntoView {
    view! {
        <div class="radios" id=id>
            {choices.into_iter().map(|(code, words)| {
                let input = format!("{id}-{code}");
                view! {
                    <div class="radio">
                        <input type="radio" name=name id=input.clone() value=code/>
                        <label for=input>{words}</label>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}

/// An error that is not about a field, shown at the rating question.
fn other(e: &AppError) -> Option<String> {
    match e {
        AppError::Fields(_) => None,
        e => Some(e.to_string()),
    }
}
