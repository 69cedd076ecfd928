//! The seam between the server functions (here, shared with the browser) and
//! the server crate that owns the store. Each area declares its side of the
//! backend as a trait beside its server functions (`SessionBackend` in
//! `auth.rs`, `RequestBackend` in `requests.rs` …), implemented in the
//! service file of that area under the same method names; the server
//! provides each as an `Arc<dyn …>` in the Leptos context. What every area
//! shares lives here, and this module names no area.

use super::error::AppError;

/// An uploaded file as received, not yet checked: spooled to a temporary
/// file while its bytes arrived (never held in memory whole: sixteen 50 MB
/// uploads at once would take a gigabyte, issue 19 §1.4), removed when the
/// upload is dropped.
#[cfg(feature = "ssr")]
pub struct Upload {
    file: tempfile::TempPath,
    len: u64,
}

#[cfg(feature = "ssr")]
impl Upload {
    /// A new empty file in the spool folder, to write an arriving upload to.
    pub fn spool() -> std::io::Result<(tokio::fs::File, tempfile::TempPath)> {
        let dir = upload_dir().join(SPOOL_FOLDER);
        std::fs::create_dir_all(&dir)?;
        let (file, path) = tempfile::Builder::new().prefix("upload-").tempfile_in(dir)?.into_parts();
        Ok((tokio::fs::File::from_std(file), path))
    }

    /// The upload whose `len` bytes were written to the spooled file.
    pub fn spooled(file: tempfile::TempPath, len: u64) -> Upload {
        Upload { file, len }
    }

    /// An upload of these bytes (tests and tools).
    pub async fn of_bytes(bytes: &[u8]) -> std::io::Result<Upload> {
        use tokio::io::AsyncWriteExt as _;
        let (mut file, path) = Upload::spool()?;
        file.write_all(bytes).await?;
        file.flush().await?;
        Ok(Upload::spooled(path, bytes.len() as u64))
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The file's bytes, to check and clean (one file of at most 10 MB).
    pub async fn bytes(&self) -> std::io::Result<Vec<u8>> {
        tokio::fs::read(&self.file).await
    }
}

/// Where uploaded files are kept: `HOTLINE_UPLOAD_DIR`, or `data/uploads`.
#[cfg(feature = "ssr")]
pub fn upload_dir() -> std::path::PathBuf {
    std::env::var_os("HOTLINE_UPLOAD_DIR").map(std::path::PathBuf::from).unwrap_or_else(|| std::path::PathBuf::from("data/uploads"))
}

/// The folder under the upload folder where arriving uploads are spooled
/// (on the same disk as the photos, never a memory-backed /tmp).
#[cfg(feature = "ssr")]
pub const SPOOL_FOLDER: &str = "incoming";

/// An area's backend from the Leptos context (`B`: `Arc<dyn …Backend>`).
pub fn context<B: Clone + Send + Sync + 'static>() -> Result<B, AppError> {
    leptos::prelude::use_context::<B>().ok_or_else(|| {
        leptos::logging::error!("server function called without its backend ({}) in context", std::any::type_name::<B>());
        AppError::Internal
    })
}

/// Sets the HTTP status that matches an error, then passes the error on.
/// A plain HTML form post keeps its redirect back to the form instead (the
/// error travels in the URL and the page shows it beside the field).
pub fn with_status(err: AppError) -> AppError {
    let form_post = leptos::prelude::use_context::<http::request::Parts>().is_some_and(|p| {
        p.headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    if form_post {
        return err;
    }
    if let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(code) = http::StatusCode::from_u16(err.status()) {
            opts.set_status(code);
        }
    }
    err
}
