//! What a decision decides, shown inside its form: the unit's reason for a
//! return or an extension, every part of a submitted result, the
//! requester's objection, with the documents that go with them.

use crate::api::requests::PendingMatter;
use leptos::prelude::*;

#[component]
pub fn PendingMatterCard(matter: PendingMatter) -> impl IntoView {
    view! {
        <section class="matter" data-decided-by=matter.decided_by.code()>
            <h4>{matter.heading.clone()}</h4>
            <dl class="facts">
                {matter.facts.into_iter().map(|(label, text)| view! {
                    <div class="fact"><dt>{label}</dt><dd>{text}</dd></div>
                }).collect_view()}
            </dl>
            {(!matter.documents.is_empty()).then(|| view! {
                <ul class="plain documents">
                    {matter.documents.into_iter().map(|(label, href)| view! {
                        <li><a href=href target="_blank" rel="noopener">{label}</a></li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
