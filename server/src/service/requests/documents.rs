//! Documents units upload for a request: the signed duty-performance
//! statement of a redo (Art. 26(3), Art. 43(8)) or a case-filing decision
//! (Art. 22(3)). A scanned image is cleaned like a citizen's photo; a PDF is
//! kept as sent. Only a unit that may see the request may add one, and staff
//! open it at `/staff/photos/<id>` like any attachment of the request.

use crate::service::{internal, citizen::photos, Service};
use app::api::backend::Upload;
use app::api::auth::StaffUser;
use app::api::AppError;
use app::domain::types::Role;
use app::api::requests::DocumentBackend;

#[async_trait::async_trait]
impl DocumentBackend for Service {
    async fn upload_document(&self, user: &StaffUser, number: &str, file: Upload) -> Result<String, AppError> {
        if !matches!(user.role, Role::Handler | Role::UnitAdmin) {
            return Err(AppError::Forbidden("只有承办单位可以上传办理材料".into()));
        }
        let (_, req) = self.load_visible(user, number).await?;
        let row = photos::store_upload(&file, photos::clean_document).await?;
        self.store.insert_attachment(&row, None, Some(&req.number().to_string())).await.map_err(internal)?;
        Ok(row.id)
    }
}
