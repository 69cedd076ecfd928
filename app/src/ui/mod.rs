//! The pages. Citizens' pages render fully on the server and work without
//! any script; a small enhancement WASM (crate `portal`) makes them better.
//! Staff pages hydrate into the reactive app (the big WASM), which citizens
//! on cheap phones never download.

mod citizen;
mod countdown;
mod home;
mod not_found;
pub(crate) mod served_text;
mod snippet;
pub mod staff;
pub mod typed_before_load;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

pub use not_found::NotFound;

/// What a page may load and run (issue 19 §1.10): its own files, the
/// WASM, and only the inline scripts this response carries with its nonce.
#[cfg(feature = "ssr")]
fn page_policy(nonce: &impl std::fmt::Display) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The HTML document around the app, rendered on the server.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos_meta::MetaTags;
    let path = use_context::<http::request::Parts>().map(|p| p.uri.path().to_string()).unwrap_or_default();
    // Leptos puts this response's nonce on its own inline scripts; the policy names it.
    let nonce = leptos::nonce::use_nonce();
    if let (Some(n), Some(res)) = (nonce.as_ref(), use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(policy) = http::HeaderValue::from_str(&page_policy(n)) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    let scripts = if is_staff_path(&path) {
        view! {
            <script nonce=nonce.clone()>{typed_before_load::MARK_TYPED}</script>
            <HydrationScripts options=options.clone()/>
        }
        .into_any()
    } else {
        view! {
            <link rel="modulepreload" href="/pkg/portal.js"/>
            <script type="module" nonce=nonce>"import init from '/pkg/portal.js'; init();"</script>
        }
        .into_any()
    };
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options/>
                {scripts}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Pages of the staff app, which hydrate; everything else is the citizens' portal.
pub fn is_staff_path(path: &str) -> bool {
    path == "/staff" || path.starts_with("/staff/")
}

/// The page's main column: the staff desk uses a desktop's width, the
/// citizen pages keep a reading column.
#[component]
fn StaffWide(children: Children) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let class = move || if location.pathname.get().starts_with("/staff") { "page page--desk" } else { "page" };
    view! { <main class=class>{children()}</main> }
}

/// The product's name, last in every page title.
const PRODUCT: &str = "12345 政务服务便民热线";

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    staff::live::Live::provide();
    // Set once the WASM has taken over the page; browser tests wait for it.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    view! {
        <Stylesheet id="leptos" href="/pkg/hotline.css"/>
        // Each page names itself first ("工作台 - 12345 政务服务便民热线").
        <Title text=PRODUCT formatter=|page: String| if page.is_empty() || page == PRODUCT { PRODUCT.to_string() } else { format!("{page} - {PRODUCT}") }/>
        <Router>
            <div id="app" data-hydrated=move || if hydrated.get() { "true" } else { "false" }>
                <header class="masthead">
                    <a class="brand" href="/">"12345 政务服务便民热线"</a>
                    <nav>
                        <a href="/submit">"提交诉求"</a>
                        <a href="/track">"查询"</a>
                        <a href="/staff">"工作人员入口"</a>
                    </nav>
                </header>
                <StaffWide>
                    <staff::bar::StaffBar/>
                    <Routes fallback=NotFound>
                        <Route path=path!("") view=home::HomePage/>
                        // Citizens' pages wait for their data on the server, so the
                        // whole page arrives as HTML and works without any script.
                        <Route path=path!("/submit") view=citizen::SubmitPage ssr=SsrMode::Async/>
                        <Route path=path!("/submit/check") view=citizen::CheckPage ssr=SsrMode::Async/>
                        <Route path=path!("/r/:token") view=citizen::LinkPage ssr=SsrMode::Async/>
                        <Route path=path!("/track") view=citizen::FindPage ssr=SsrMode::Async/>
                        <Route path=path!("/faq") view=citizen::FaqPage ssr=SsrMode::Async/>
                        <Route path=path!("/cases") view=citizen::CasesPage ssr=SsrMode::Async/>
                        <Route path=path!("/faq/:code") view=citizen::FaqEntryPage ssr=SsrMode::Async/>
                        <Route path=path!("/mine") view=citizen::MinePage ssr=SsrMode::Async/>
                        <Route path=path!("/mine/code") view=citizen::CodePage ssr=SsrMode::Async/>
                        <Route path=path!("/mine/data") view=citizen::MyDataPage ssr=SsrMode::Async/>
                        <Route path=path!("/mine/data/:number") view=citizen::CorrectionPage ssr=SsrMode::Async/>
                        <Route path=path!("/mine/:number") view=citizen::MineRequestPage ssr=SsrMode::Async/>
                        <Route path=path!("/staff/outbox") view=staff::outbox::OutboxPage/>
                        <Route path=path!("/staff/inbox") view=staff::inbox::InboxPage/>
                        <Route path=path!("/staff/notices") view=staff::notices::NoticesPage/>
                        <Route path=path!("/staff/intake") view=staff::intake::IntakePage/>
                        <Route path=path!("/staff/search") view=staff::search::SearchPage/>
                        <Route path=path!("/staff/admin/audit") view=staff::admin::AuditPage/>
                        <Route path=path!("/staff/admin/units") view=staff::admin::UnitsPage/>
                        <Route path=path!("/staff/admin/calendar") view=staff::admin::CalendarPage/>
                        <Route path=path!("/staff/admin/users") view=staff::admin::UsersPage/>
                        <Route path=path!("/staff/admin/categories") view=staff::admin::CategoriesPage/>
                        <Route path=path!("/staff/admin/synonyms") view=staff::admin::SynonymsPage/>
                        <Route path=path!("/staff/callers") view=staff::callers::CallersPage/>
                        <Route path=path!("/staff/releases") view=staff::releases::ReleasesPage/>
                        <Route path=path!("/staff/corrections") view=staff::corrections::CorrectionsPage/>
                        <Route path=path!("/staff/dashboard") view=staff::dashboard::DashboardPage/>
                        <Route path=path!("/staff/counted") view=staff::counted::CountedListPage/>
                        <Route path=path!("/staff/reports") view=staff::reports::ReportsListPage/>
                        <Route path=path!("/staff/assessment") view=staff::assessment::AssessmentPage/>
                        <Route path=path!("/staff/assessment/scheme") view=staff::assessment::SchemePageView/>
                        <Route path=path!("/staff/assessment/published/:id") view=staff::assessment::PublicationPage/>
                        <Route path=path!("/staff/assessment/appeals") view=staff::appeals::AppealsPage/>
                        <Route path=path!("/staff/assessment/appeals/:id") view=staff::appeals::AppealPage/>
                        <Route path=path!("/staff/assessment/front-desk") view=staff::front_desk::FrontDeskView/>
                        <Route path=path!("/staff/assessment/:unit") view=staff::assessment::ScoreDetailPage/>
                        <Route path=path!("/staff/reports/:id") view=staff::reports::ReportPage/>
                        <Route path=path!("/staff/supervisions") view=staff::supervisions::SupervisionsPage/>
                        <Route path=path!("/staff/oversight") view=staff::oversight::OversightView/>
                        <Route path=path!("/staff/cases") view=staff::cases::CasesListPage/>
                        <Route path=path!("/staff/cases/new") view=staff::cases::ProposeCasePage/>
                        <Route path=path!("/staff/hotspots") view=staff::hot_spots::HotSpotsPage/>
                        <Route path=path!("/staff/hotspots/:id") view=staff::hot_spots::HotSpotPage/>
                        <Route path=path!("/staff/knowledge") view=staff::knowledge::KnowledgePage/>
                        <Route path=path!("/staff/knowledge/:code") view=staff::knowledge::KnowledgeEntryPage/>
                        <Route path=path!("/staff/requests") view=staff::request::RequestDetailPage/>
                        <Route path=path!("/staff/requests/:number") view=staff::request::RequestDetailPage/>
                        <Route path=path!("/staff/login") view=staff::login::LoginPage/>
                        <Route path=path!("/staff") view=staff::home::StaffHomePage/>
                    </Routes>
                </StaffWide>
                <footer class="footer">"伊犁哈萨克自治州 12345 政务服务便民热线"</footer>
            </div>
        </Router>
    }
}
