//! What kind of file a part holds, from its declared type, its file name and
//! its first bytes. Three sources because senders disagree with themselves:
//! phones send scans as `application/octet-stream`, webmail names a PDF
//! `scan` without an extension, and a declared `image/jpeg` may be a PDF.

/// The media type the magic bytes of `bytes` say, for the image and PDF
/// formats an identity document scan arrives in; `None` for anything else.
pub(super) fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("image/gif")
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Some("image/tiff")
    } else if bytes.len() >= 12 && starts(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        // ISO base media files: the major brand tells HEIF (what iPhones
        // photograph in) from video.
        match &bytes[8..12] {
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" => Some("image/heic"),
            b"mif1" | b"msf1" => Some("image/heif"),
            b"avif" | b"avis" => Some("image/avif"),
            _ => None,
        }
    } else if bytes.len() >= 26 && starts(b"BM") && bytes[6..10] == [0, 0, 0, 0] {
        // "BM" alone is too common at the start of text; the reserved
        // header bytes of a bitmap are zero.
        Some("image/bmp")
    } else if bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        // PDF readers accept the header anywhere in the first kilobyte.
        Some("application/pdf")
    } else {
        None
    }
}

/// The media type a file name's extension says, for images and PDF.
pub(super) fn by_name(name: &str) -> Option<&'static str> {
    let ext = name.trim().rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.trim_end_matches(['"', '\'', ' ']) {
        "jpg" | "jpeg" | "jpe" | "jfif" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "tif" | "tiff" => "image/tiff",
        "webp" => "image/webp",
        "heic" => "image/heic",
        "heif" => "image/heif",
        "avif" => "image/avif",
        "bmp" => "image/bmp",
        "pdf" => "application/pdf",
        _ => return None,
    })
}

/// Whether a declared media type is an image or a PDF. Every `image/*`
/// counts, not only the formats above: missing an ID copy is worse than
/// showing the officer one picture too many.
pub(super) fn declared_image_or_pdf(declared: &str) -> bool {
    let declared = declared.to_ascii_lowercase();
    declared.starts_with("image/")
        || declared == "application/pdf"
        || declared == "application/x-pdf"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_name_the_formats_of_a_scan() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF"), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("image/png"));
        assert_eq!(sniff(b"GIF89a\x01\0"), Some("image/gif"));
        assert_eq!(sniff(b"II*\0\x08\0\0\0"), Some("image/tiff"));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), Some("image/heic"));
        assert_eq!(sniff(b"\0\0\0\x18ftypmp42\0\0\0\0"), None);
        let mut bmp = b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0".to_vec();
        bmp.resize(40, 0);
        assert_eq!(sniff(&bmp), Some("image/bmp"));
        assert_eq!(sniff(b"BMW is a car brand, not a bitmap"), None);
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(b"\r\n\r\n%PDF-1.4\n"), Some("application/pdf"));
        assert_eq!(sniff(b"PK\x03\x04 a docx"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn extensions_and_declared_types_are_read_case_insensitively() {
        assert_eq!(by_name("Paspoort.JPG"), Some("image/jpeg"));
        assert_eq!(by_name("scan.heic"), Some("image/heic"));
        assert_eq!(by_name("rapport.pdf"), Some("application/pdf"));
        assert_eq!(by_name("brief.docx"), None);
        assert_eq!(by_name("no-extension"), None);
        assert!(declared_image_or_pdf("IMAGE/JPEG"));
        assert!(declared_image_or_pdf("application/pdf"));
        assert!(!declared_image_or_pdf("application/octet-stream"));
    }
}
