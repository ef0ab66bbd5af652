import Foundation

/// Bounds every reader enforces, so that a hostile or broken file costs a rejection, not the process.
///
/// The zip bounds follow Apache POI's ZipSecureFile. Each bound is a pipeline.conf key, and a rejection names
/// that key (`DocumentError.limitExceeded`), so the office knows which setting a refused file ran into.
public struct InputLimits: Sendable, Hashable, Codable {
    /// Largest file accepted at all (`max_file_mb`).
    public var maxFileBytes: Int = 50 * 1024 * 1024
    /// Most entries a .docx may hold (`max_zip_entries`).
    public var maxZipEntries: Int = 1000
    /// Largest uncompressed size of one zip entry (`max_entry_mb`).
    public var maxEntryBytes: Int = 100 * 1024 * 1024
    /// Most bytes inflated from one package altogether (`max_total_mb`): the main part, its headers and
    /// footers and the package's own parts, so many large parts cannot add up to what one may not be.
    public var maxTotalInflatedBytes: Int = 200 * 1024 * 1024
    /// Smallest compressed/uncompressed ratio accepted for entries larger than `inflateRatioGraceBytes`
    /// (`min_inflate_ratio`).
    public var minInflateRatio: Double = 0.01
    /// Entries up to this size are not ratio-checked (`inflate_ratio_grace_kb`).
    public var inflateRatioGraceBytes: Int = 100 * 1024
    /// Deepest element nesting accepted in XML (`max_xml_depth`). libxml2 without XML_PARSE_HUGE stops at 256
    /// on its own, so a larger value cannot loosen that.
    public var maxXMLDepth: Int = 256
    /// Most characters of text a document may yield (`max_text_chars`).
    public var maxTextCharacters: Int = 2_000_000
    /// Most pages read from a PDF.
    public var maxPDFPages: Int = 50
    /// Most pixels of one page image (`max_image_megapixels`), checked from the image's header before it is
    /// decoded: a small file can claim a huge picture (a decompression bomb).
    public var maxImagePixels: Int = 60_000_000
    /// Most pages OCR'd in one file (`max_scanned_pages`): a TIFF's pages, a PDF's pages without text.
    public var maxScannedPages: Int = 20
    /// Longest time Tesseract may take over one page (`seconds_per_scanned_page`).
    public var secondsPerScannedPage: Double = 20
    /// Tesseract's confidence (0–100) below which a character read from a scan is not trusted
    /// (`ocr_min_confidence`): a value holding one is a reading finding, never a content error.
    public var ocrMinimumConfidence: Double = 60
    /// Longest time one file may take to unpack (`seconds_per_file`), legacy conversion included.
    public var secondsPerFile: Double = 30
    /// Whether .doc/.wps/.rtf/.odt files are converted to .docx with LibreOffice when it is installed
    /// (`convert_legacy`). On by default: many branches still save Word 97 or WPS files, and without
    /// LibreOffice they are refused with the advice to save as .docx all the same.
    public var convertLegacy: Bool = true

    public init() {}
}

/// The moment by which reading one file must be done; readers check it while they work, so a slow file is
/// refused cooperatively instead of holding a worker until it is killed.
public struct Deadline: Sendable {
    let end: ContinuousClock.Instant
    let seconds: Double

    public init(seconds: Double) {
        self.seconds = seconds
        let bounded = min(max(seconds, 0), 86_400)
        end = ContinuousClock.now.advanced(by: .nanoseconds(Int64(bounded * 1_000_000_000)))
    }

    public var hasPassed: Bool { ContinuousClock.now >= end }

    /// Seconds left, never negative.
    public var remaining: Double {
        let left = ContinuousClock.now.duration(to: end).components
        return max(0, Double(left.seconds) + Double(left.attoseconds) / 1e18)
    }

    public func check() throws(DocumentError) {
        if hasPassed { throw .timedOut(seconds: seconds) }
    }
}
