//! The administrators' screens.

mod audit;
mod calendar;
mod categories;
mod synonyms;
mod units;
mod users;

pub use audit::AuditPage;
pub use calendar::CalendarPage;
pub use categories::CategoriesPage;
pub use synonyms::SynonymsPage;
pub use units::UnitsPage;
pub use users::UsersPage;
