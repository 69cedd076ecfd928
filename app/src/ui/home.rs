use crate::domain::types::RejectionReason;
use leptos::prelude::*;

/// The public home page: what the hotline handles and what it does not (Art. 11–12).
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <section class="emergency" role="note">
            <strong>"紧急情况请直接拨打 110（报警）、119（火警）、120（急救）、122（交通事故）。"</strong>
            " 12345 热线受理非紧急类诉求。"
        </section>
        <section class="panel">
            <h1>"12345 政务服务便民热线"</h1>
            <p class="lead">"拨打 12345，或通过网站、微信、微博、移动 App 提出诉求。我们统一受理、按责转办、限时办结。"</p>
            <p class="actions">
                <a class="button" href="/submit" id="start-submit">"在网上提交诉求"</a>
                " "
                <a class="button secondary" href="/track">"查询办理进度"</a>
                " "
                <a class="button secondary" href="/faq" id="faq-link">"常见问题"</a>
                " "
                <a class="button secondary" href="/cases" id="cases-link">"典型案例"</a>
            </p>
            <h2>"我们受理"</h2>
            <ul class="plain">
                <li><strong>"咨询"</strong>"：政策法规、办事流程、行政审批等政务和公共服务信息。"</li>
                <li><strong>"求助"</strong>"：影响日常生活的突发性问题和非紧急类求助。"</li>
                <li><strong>"投诉举报"</strong>"：城乡治理、公共服务、市场监管等方面的问题，以及工作人员作风和效能问题。"</li>
                <li><strong>"建议"</strong>"：对城乡治理、公共服务、经济社会发展的意见和建议。"</li>
            </ul>
            <h2>"办理时限"</h2>
            <p>"咨询类 5 个工作日内办结；投诉举报、求助、建议类 15 个工作日内办结；突发类 2 个工作日内办结。工作日按国家法定节假日安排计算，含受理当日。"</p>
            <h2>"以下事项不予受理（《管理办法》第十二条）"</h2>
            <ol class="reasons">
                {RejectionReason::ALL.iter().map(|r| view! { <li>{r.text()}</li> }).collect_view()}
            </ol>
        </section>
    }
}
