//! The citizen portal: submit, check, track, act, "my requests", "my
//! personal data", the FAQ, the public cases. Every page
//! renders completely on the server and every form posts without WASM.

mod cases;
mod check;
mod faq;
pub(crate) mod fields;
mod find;
mod mine;
mod my_data;
mod submit;
mod track;

pub use cases::CasesPage;
pub use check::CheckPage;
pub use faq::{FaqEntryPage, FaqPage};
pub use find::FindPage;
pub use mine::{CodePage, MinePage};
pub use my_data::{CorrectionPage, MyDataPage};
pub use submit::{SubmitPage, TYPES};
pub use track::{LinkPage, MineRequestPage};
