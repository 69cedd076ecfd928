//! Citizens' photos: the type is read from the bytes (never the file name),
//! only what the picture needs is kept — metadata that can locate or
//! identify the sender (EXIF with GPS, XMP, comments, text and private
//! chunks) and anything after the image's end go — its size is bounded,
//! and the bytes live in the upload folder, not in the database.

use crate::store::AttachmentRow;
use app::api::AppError;
use img_parts::jpeg::Jpeg;
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::Bytes;
use sha2::{Digest, Sha256};
use app::api::backend::Upload;
use std::path::Path;

pub use app::api::backend::upload_dir;

/// A checked photo, ready to store.
pub struct CleanPhoto {
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

fn not_a_photo() -> AppError {
    AppError::on_field("photos", "只能上传 JPG、PNG 或 WebP 格式的照片")
}

/// The largest picture taken: 100 megapixels, no side over 20,000 pixels
/// (a phone's photo is 12–50 megapixels; a bigger one is a decompression
/// bomb waiting for whoever opens it).
const MAX_PIXELS: u64 = 100_000_000;
const MAX_SIDE: u32 = 20_000;

/// PNG chunks an image needs to be shown as taken; any other (text,
/// EXIF, time, private chunks) is dropped.
const PNG_KEPT: [&[u8; 4]; 12] = [b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD", b"pHYs"];
/// WebP chunks likewise (EXIF, XMP and unknown chunks are dropped).
const WEBP_KEPT: [&[u8; 4]; 7] = [b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"];

fn too_large() -> AppError {
    AppError::on_field("photos", "照片像素过大，请缩小后再上传（不超过 1 亿像素）")
}

fn check_size(width: u32, height: u32) -> Result<(), AppError> {
    if width == 0 || height == 0 {
        return Err(not_a_photo());
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(too_large());
    }
    Ok(())
}

/// Whether a JPEG segment is one the picture needs: every non-application
/// segment (frame, tables, scan), and of the application ones only the JFIF
/// header, the colour profile and Adobe's colour transform — never EXIF or
/// XMP (APP1), the multi-picture index (APP2 MPF), comments or any other.
fn jpeg_keeps(marker: u8, contents: &[u8]) -> bool {
    match marker {
        0xE0 => contents.starts_with(b"JFIF\0"),
        0xE2 => contents.starts_with(b"ICC_PROFILE\0"),
        0xEE => contents.starts_with(b"Adobe"),
        0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
        _ => true,
    }
}

/// Checks the bytes are a JPEG, PNG or WebP image of a sane size, and keeps
/// only what the picture needs: metadata that could locate or identify the
/// sender goes, and so does anything after the image's end (a second
/// picture of a multi-picture file, a motion photo's video, a polyglot's
/// payload). Nothing is decoded: the cost is a pass over the bytes.
pub fn clean(bytes: Vec<u8>) -> Result<CleanPhoto, AppError> {
    let kind = infer::get(&bytes).ok_or_else(not_a_photo)?;
    let input = Bytes::from(bytes);
    match kind.mime_type() {
        "image/jpeg" => {
            let mut jpeg = Jpeg::from_bytes(input).map_err(|_| not_a_photo())?;
            let frame = jpeg.segments().iter().find(|s| matches!(s.marker(), 0xC0..=0xCF) && !matches!(s.marker(), 0xC4 | 0xC8 | 0xCC));
            // SOFn: precision, then height and width (16 bits each).
            let (height, width) = match frame.and_then(|f| f.contents().get(1..5)) {
                Some(d) => (u32::from(u16::from_be_bytes([d[0], d[1]])), u32::from(u16::from_be_bytes([d[2], d[3]]))),
                None => return Err(not_a_photo()),
            };
            check_size(width, height)?;
            jpeg.segments_mut().retain(|s| jpeg_keeps(s.marker(), s.contents()));
            let mut bytes = jpeg.encoder().bytes().to_vec();
            // The scan runs to the end-of-image marker (inside it, 0xFF is
            // followed by 0x00 or a restart or table marker, never 0xD9).
            let scan = scan_start(&bytes).ok_or_else(not_a_photo)?;
            let end = bytes[scan..].windows(2).position(|w| w == [0xFF, 0xD9]).ok_or_else(|| {
                AppError::on_field("photos", "照片文件不完整，请重新拍摄或选择")
            })?;
            bytes.truncate(scan + end + 2);
            Ok(CleanPhoto { media_type: "image/jpeg", bytes })
        }
        "image/png" => {
            let mut png = Png::from_bytes(input).map_err(|_| not_a_photo())?;
            let (width, height) = match png.chunk_by_type(*b"IHDR").and_then(|c| c.contents().get(0..8)) {
                Some(d) => (u32::from_be_bytes([d[0], d[1], d[2], d[3]]), u32::from_be_bytes([d[4], d[5], d[6], d[7]])),
                None => return Err(not_a_photo()),
            };
            check_size(width, height)?;
            png.chunks_mut().retain(|c| PNG_KEPT.contains(&&c.kind()));
            Ok(CleanPhoto { media_type: "image/png", bytes: png.encoder().bytes().to_vec() })
        }
        "image/webp" => {
            let mut webp = WebP::from_bytes(input).map_err(|_| not_a_photo())?;
            let (width, height) = webp.dimensions().ok_or_else(not_a_photo)?;
            check_size(width, height)?;
            webp.chunks_mut().retain(|c| WEBP_KEPT.contains(&&c.id()));
            Ok(CleanPhoto { media_type: "image/webp", bytes: webp.encoder().bytes().to_vec() })
        }
        _ => Err(not_a_photo()),
    }
}

/// Where the first scan's entropy-coded data begins in an encoded JPEG:
/// after the SOS segment's header.
fn scan_start(bytes: &[u8]) -> Option<usize> {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if marker == 0xDA {
            return Some(i + 2 + len);
        }
        i += 2 + len;
    }
    None
}

/// A document a unit uploads: a scanned image (cleaned like a photo) or a PDF.
pub fn clean_document(bytes: Vec<u8>) -> Result<CleanPhoto, AppError> {
    match infer::get(&bytes).map(|k| k.mime_type()) {
        Some("application/pdf") => Ok(CleanPhoto { media_type: "application/pdf", bytes }),
        Some(_) => clean(bytes).map_err(|_| AppError::Invalid("只能上传 PDF 或 JPG、PNG、WebP 格式的扫描件".into())),
        None => Err(AppError::Invalid("只能上传 PDF 或 JPG、PNG、WebP 格式的扫描件".into())),
    }
}

/// Uploads cleaned at once. A file being cleaned is held in memory two or
/// three times over (up to 10 MB each): a burst of uploads is cleaned a few
/// at a time, not all together (sixteen 50 MB uploads, issue 19 §1.4).
static CLEANING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Checks and cleans an uploaded file with `clean` (a photo's or a
/// document's rules) and saves it; the row for the store.
pub async fn store_upload(upload: &Upload, clean: fn(Vec<u8>) -> Result<CleanPhoto, AppError>) -> Result<AttachmentRow, AppError> {
    use crate::service::internal;
    let _turn = CLEANING.acquire().await.map_err(internal)?;
    let bytes = upload.bytes().await.map_err(internal)?;
    let clean = tokio::task::spawn_blocking(move || clean(bytes)).await.map_err(internal)??;
    save(&upload_dir(), clean).await.map_err(internal)
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

/// Removes spooled uploads older than `age` (those a killed process left);
/// how many.
pub async fn sweep_spool(age: std::time::Duration) -> std::io::Result<usize> {
    let dir = upload_dir().join(app::api::backend::SPOOL_FOLDER);
    let mut entries = match tokio::fs::read_dir(&dir).await {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    while let Some(entry) = entries.next_entry().await? {
        // A file gone meanwhile was an upload that finished.
        let Ok(modified) = entry.metadata().await.and_then(|m| m.modified()) else { continue };
        if modified.elapsed().is_ok_and(|elapsed| elapsed > age) {
            match tokio::fs::remove_file(entry.path()).await {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(removed)
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
        b.extend_from_slice(&SOF0_1X1);
        // A scan: SOS with its header (one component), two entropy bytes, then EOI.
        b.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34, 0xFF, 0xD9]);
        b
    }

    /// A 1×1 PNG: signature, header, end.
    const PNG_1X1: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A,
        0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
        0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82,
    ];

    /// The frame (SOF0) of a 1×1 picture: 8 bits, one component.
    const SOF0_1X1: [u8; 13] = [0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00];

    #[test]
    fn nothing_after_the_end_of_the_image_is_kept() {
        // A multi-picture file: a second JPEG with its own EXIF after the first's end,
        // plus the MPF index (APP2) and a private APP15 in the first.
        let mut mpo = jpeg_with_exif();
        let mut first = vec![0xFF, 0xD8];
        first.extend_from_slice(&[0xFF, 0xE2, 0x00, 0x0A]);
        first.extend_from_slice(b"MPF\0\0\0\0\0");
        first.extend_from_slice(&[0xFF, 0xEF, 0x00, 0x07]);
        first.extend_from_slice(b"track");
        first.extend_from_slice(&mpo[2..]);
        mpo = first;
        mpo.extend_from_slice(&jpeg_with_exif());
        // A motion photo's video, or a polyglot's page, after that.
        mpo.extend_from_slice(b"\0\0\0\x18ftypmp42<html><script>alert(1)</script>");
        let first = clean(mpo).unwrap().bytes;
        assert!(!contains(&first, b"GPSLatitude") && !contains(&first, b"ftyp") && !contains(&first, b"<html>"));
        assert!(!contains(&first, b"MPF") && !contains(&first, b"track"));
        assert_eq!(&first[first.len() - 2..], &[0xFF, 0xD9], "ends at the first picture's end");
        // An ICC profile and the JFIF header stay: the picture needs them.
        let mut profiled = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x07];
        profiled.extend_from_slice(b"JFIF\0");
        profiled.extend_from_slice(&[0xFF, 0xE2, 0x00, 0x0F]);
        profiled.extend_from_slice(b"ICC_PROFILE\0\x01");
        profiled.extend_from_slice(&jpeg_with_exif()[2..]);
        let kept = clean(profiled).unwrap();
        assert!(contains(&kept.bytes, b"JFIF") && contains(&kept.bytes, b"ICC_PROFILE"));
        // Cut short before its end: refused.
        let mut short = jpeg_with_exif();
        short.truncate(short.len() - 2);
        assert!(clean(short).is_err());
    }

    #[test]
    fn a_picture_too_large_to_open_is_refused() {
        let sized = |h: u16, w: u16| {
            let mut b = jpeg_with_exif();
            let at = b.windows(2).position(|x| x == [0xFF, 0xC0]).unwrap() + 5;
            b[at..at + 2].copy_from_slice(&h.to_be_bytes());
            b[at + 2..at + 4].copy_from_slice(&w.to_be_bytes());
            b
        };
        assert!(clean(sized(4000, 3000)).is_ok(), "a 12-megapixel photo");
        assert_eq!(clean(sized(20_001, 100)).err().and_then(|e| e.field("photos")).as_deref(), Some("照片像素过大，请缩小后再上传（不超过 1 亿像素）"));
        assert!(clean(sized(15_000, 15_000)).is_err(), "225 megapixels");
        assert!(clean(sized(0, 10)).is_err(), "no pixels");
        // A PNG claiming 100000 × 100000.
        let mut png = Png::from_bytes(Bytes::from_static(PNG_1X1)).unwrap();
        let header = [0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0, 8, 6, 0, 0, 0];
        png.chunks_mut()[0] = img_parts::png::PngChunk::new(*b"IHDR", Bytes::copy_from_slice(&header));
        assert!(clean(png.encoder().bytes().to_vec()).is_err());
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
        let mut png = Png::from_bytes(Bytes::from_static(PNG_1X1)).unwrap();
        png.chunks_mut().insert(1, img_parts::png::PngChunk::new(*b"tEXt", Bytes::from_static(b"GPS\x0043.91")));
        png.chunks_mut().insert(1, img_parts::png::PngChunk::new(*b"zzLc", Bytes::from_static(b"Location 43.91")));
        let bytes = png.encoder().bytes().to_vec();
        assert!(contains(&bytes, b"GPS"));
        let clean = clean(bytes).unwrap();
        assert_eq!(clean.media_type, "image/png");
        assert!(!contains(&clean.bytes, b"GPS") && !contains(&clean.bytes, b"Location"), "text and private chunks dropped");
    }
}
