//! Citizens' photos: the type is read from the bytes (never the file name),
//! metadata that can locate or identify the sender (EXIF with GPS, XMP,
//! comments, text chunks) is removed before the file is stored, and the
//! bytes live in the upload folder, not in the database.

use crate::store::AttachmentRow;
use app::api::AppError;
use img_parts::jpeg::Jpeg;
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Where photos are kept: `HOTLINE_UPLOAD_DIR`, or `data/uploads`.
pub fn upload_dir() -> PathBuf {
    std::env::var_os("HOTLINE_UPLOAD_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("data/uploads"))
}

/// A checked photo, ready to store.
pub struct CleanPhoto {
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

fn not_a_photo() -> AppError {
    AppError::on_field("photos", "只能上传 JPG、PNG 或 WebP 格式的照片")
}

/// Checks the bytes are a JPEG, PNG or WebP image and strips its metadata.
pub fn clean(bytes: Vec<u8>) -> Result<CleanPhoto, AppError> {
    let kind = infer::get(&bytes).ok_or_else(not_a_photo)?;
    let input = Bytes::from(bytes);
    match kind.mime_type() {
        "image/jpeg" => {
            let mut jpeg = Jpeg::from_bytes(input).map_err(|_| not_a_photo())?;
            // APP1 (EXIF, XMP), APP3–APP13 and comments; APP0 (JFIF), APP2
            // (colour profile) and APP14 (Adobe colour transform) are needed to show the image.
            jpeg.segments_mut()
                .retain(|s| !matches!(s.marker(), 0xE1 | 0xE3..=0xED | 0xFE));
            Ok(CleanPhoto { media_type: "image/jpeg", bytes: jpeg.encoder().bytes().to_vec() })
        }
        "image/png" => {
            let mut png = Png::from_bytes(input).map_err(|_| not_a_photo())?;
            png.chunks_mut()
                .retain(|c| !matches!(&c.kind(), b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME"));
            Ok(CleanPhoto { media_type: "image/png", bytes: png.encoder().bytes().to_vec() })
        }
        "image/webp" => {
            let mut webp = WebP::from_bytes(input).map_err(|_| not_a_photo())?;
            webp.set_exif(None);
            webp.remove_chunks_by_id(*b"XMP ");
            Ok(CleanPhoto { media_type: "image/webp", bytes: webp.encoder().bytes().to_vec() })
        }
        _ => Err(not_a_photo()),
    }
}

/// A document a unit uploads: a scanned image (cleaned like a photo) or a PDF.
pub fn clean_document(bytes: Vec<u8>) -> Result<CleanPhoto, AppError> {
    match infer::get(&bytes).map(|k| k.mime_type()) {
        Some("application/pdf") => Ok(CleanPhoto { media_type: "application/pdf", bytes }),
        Some(_) => clean(bytes).map_err(|_| AppError::Invalid("只能上传 PDF 或 JPG、PNG、WebP 格式的扫描件".into())),
        None => Err(AppError::Invalid("只能上传 PDF 或 JPG、PNG、WebP 格式的扫描件".into())),
    }
}

/// Writes a clean photo under a random id; the row for the store.
pub async fn save(dir: &Path, photo: CleanPhoto) -> anyhow::Result<AttachmentRow> {
    let id = format!("p{}", &crate::auth::new_token()[..24]);
    tokio::fs::create_dir_all(dir).await?;
    let path = dir.join(&id);
    // Written to a temporary name and renamed, so a crash leaves no half file under the id.
    let tmp = dir.join(format!("{id}.part"));
    tokio::fs::write(&tmp, &photo.bytes).await?;
    tokio::fs::rename(&tmp, &path).await?;
    Ok(AttachmentRow {
        id,
        media_type: photo.media_type.to_string(),
        bytes: photo.bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(&photo.bytes)),
    })
}

/// Removes a photo's file (a purged draft's); a missing file is fine.
pub async fn delete(dir: &Path, id: &str) {
    if let Err(e) = tokio::fs::remove_file(dir.join(id)).await {
        if e.kind() != std::io::ErrorKind::NotFound {
            tracing::warn!(%id, error = %e, "photo file not removed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 JPEG with an EXIF segment holding a GPS marker string.
    fn jpeg_with_exif() -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        let exif = b"Exif\0\0GPSLatitude=43.91";
        b.extend_from_slice(&[0xFF, 0xE1, 0x00, (exif.len() + 2) as u8]);
        b.extend_from_slice(exif);
        let comment = b"shot by Zhang San";
        b.extend_from_slice(&[0xFF, 0xFE, 0x00, (comment.len() + 2) as u8]);
        b.extend_from_slice(comment);
        // A minimal scan: SOS with an empty header and two entropy bytes, then EOI.
        b.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0xD9]);
        b
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn exif_and_comments_are_stripped_from_a_jpeg() {
        let input = jpeg_with_exif();
        assert!(contains(&input, b"GPSLatitude"));
        let clean = clean(input).unwrap();
        assert_eq!(clean.media_type, "image/jpeg");
        assert!(!contains(&clean.bytes, b"GPSLatitude"), "GPS left in the file");
        assert!(!contains(&clean.bytes, b"Zhang San"), "comment left in the file");
        assert_eq!(&clean.bytes[..2], &[0xFF, 0xD8]);
    }

    #[test]
    fn the_type_comes_from_the_bytes() {
        // A text file, whatever it is called, is not a photo.
        assert_eq!(clean(b"just text pretending to be a.jpg".to_vec()).err(), Some(not_a_photo()));
        // A PDF is recognised, and refused.
        assert_eq!(clean(b"%PDF-1.7\n%....".to_vec()).err(), Some(not_a_photo()));
    }

    proptest::proptest! {
        /// Issue 19 §2: the cleaners take any bytes — noise, and valid
        /// photos and documents cut short or with bytes overwritten — and
        /// answer with a photo or a refusal, never a panic.
        #[test]
        fn the_cleaners_take_any_bytes(
            noise in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
            cut in 0usize..64, at in 0usize..64, junk in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..8),
        ) {
            let _ = clean(noise.clone());
            let _ = clean_document(noise);
            for valid in [jpeg_with_exif(), b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n".to_vec()] {
                let short = valid[..valid.len().saturating_sub(cut)].to_vec();
                let mut hit = valid.clone();
                let at = at % hit.len();
                let end = (at + junk.len()).min(hit.len());
                hit.splice(at..end, junk.iter().copied());
                for bytes in [short, hit] {
                    let _ = clean(bytes.clone());
                    let _ = clean_document(bytes);
                }
            }
        }
    }

    #[test]
    fn png_text_chunks_are_dropped() {
        let mut png = Png::from_bytes(Bytes::from_static(&[
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, // signature
            0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
            0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82,
        ]))
        .unwrap();
        png.chunks_mut().insert(1, img_parts::png::PngChunk::new(*b"tEXt", Bytes::from_static(b"GPS\x0043.91")));
        let bytes = png.encoder().bytes().to_vec();
        assert!(contains(&bytes, b"GPS"));
        let clean = clean(bytes).unwrap();
        assert_eq!(clean.media_type, "image/png");
        assert!(!contains(&clean.bytes, b"GPS"));
    }
}
