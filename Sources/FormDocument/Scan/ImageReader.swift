import CTesseract
public import Foundation

/// Reads scans and phone photos of printed forms — JPEG, PNG, TIFF (each page of a multi-page TIFF) — by OCR
/// (`ScannedPage`), into the same `Document` model as the other readers.
public struct ImageReader: DocumentReading {
    public let limits: InputLimits
    public var kinds: Set<FileKind> { [.image] }

    public init(limits: InputLimits = InputLimits()) {
        self.limits = limits
    }

    public func read(_ bytes: Data, kind: FileKind, deadline: Deadline) throws(DocumentError) -> Document {
        if bytes.count > limits.maxFileBytes {
            throw .limitExceeded(limit: "max_file_mb", detail: "\(bytes.count) 字节，上限 \(limits.maxFileBytes)")
        }
        OCREngine.quietLeptonica()
        let pages = try bytes.withUnsafeBytes { raw -> Result<[PixImage], DocumentError> in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return .failure(.damaged("空文件")) }
            return Result { () throws(DocumentError) in try Self.decode(base, count: raw.count, limits: limits, deadline: deadline) }
        }.get()
        var scanned = ScannedPages(limits: limits)
        var blocks: [PageLayout.PageBlock] = []
        var pageStarts: [Int] = []
        for (index, page) in pages.enumerated() {
            try deadline.check()
            let resolution = Double(pixGetXRes(page.pointer))
            // Pages made into one document as a PDF's are: a table running over a page break is one table.
            if let pageBlocks = try scanned.read(
                page: index + 1, dpi: resolution > 0 ? resolution : nil, deadline: deadline, image: { page.scanImage() })
            {
                pageStarts.append(PdfReader.append(pageBlocks, to: &blocks))
            }
        }
        if scanned.characters == 0 { throw .noTextLayer }
        return Document(
            format: .image, blocks: blocks.map(\.block), pageStarts: pageStarts, uncertainTexts: scanned.uncertainTexts,
            scannedPages: scanned.count, scannedLines: scanned.textLines)
    }

    /// Every page of the image, each checked against `max_image_megapixels` from its header before it is
    /// decoded.
    static func decode(_ base: UnsafePointer<UInt8>, count: Int, limits: InputLimits, deadline: Deadline) throws(DocumentError) -> [PixImage] {
        guard let header = ImageHeader(UnsafeBufferPointer(start: base, count: count)) else { throw .damaged("图片无法解码，文件可能不完整") }
        let format = header.format
        try checkPixels(width: header.width, height: header.height, limits: limits)
        let isTIFF = [IFF_TIFF, IFF_TIFF_G3, IFF_TIFF_G4, IFF_TIFF_LZW, IFF_TIFF_ZIP, IFF_TIFF_JPEG, IFF_TIFF_PACKBITS, IFF_TIFF_RLE]
            .contains { Int32($0) == format }
        guard isTIFF else {
            guard let image = PixImage(pixReadMem(base, count)) else { throw .damaged("图片无法解码，文件可能不完整") }
            // A phone stores a photo as its sensor saw it and says in EXIF how to turn it for viewing.
            let quarterTurns = format == Int32(IFF_JFIF_JPEG) ? exifQuarterTurns(UnsafeBufferPointer(start: base, count: count)) : 0
            guard quarterTurns > 0 else { return [image] }
            return [PixImage(pixRotateOrth(image.pointer, Int32(quarterTurns))) ?? image]
        }
        var pages: [PixImage] = []
        var offset = 0
        repeat {
            try deadline.check()
            guard pages.count < limits.maxScannedPages else { throw ScannedPages.tooMany(limits) }
            guard let page = PixImage(pixReadMemFromMultipageTiff(base, count, &offset)) else {
                if pages.isEmpty { throw .damaged("TIFF 图片无法解码") }
                break
            }
            // Only the first page's header could be read before decoding; the others are checked at once.
            try checkPixels(width: page.width, height: page.height, limits: limits)
            pages.append(page)
        } while offset != 0
        return pages
    }

    /// How many quarter turns clockwise a JPEG's EXIF orientation asks for (orientation 6: one, 3: two, 8:
    /// three); 0 without EXIF or for a mirrored orientation, which no camera writes for a photo of a page.
    static func exifQuarterTurns(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        // Segments after the start-of-image marker, up to the first that is not an APPn.
        var offset = 2
        while offset + 4 <= bytes.count, bytes[offset] == 0xFF {
            let marker = bytes[offset + 1]
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard (0xE0...0xEF).contains(marker), length >= 2, offset + 2 + length <= bytes.count else { return 0 }
            let start = offset + 4
            if marker == 0xE1, length >= 8, Array(bytes[start..<start + 6]) == Array("Exif\0\0".utf8) {
                return orientationTurns(tiff: UnsafeBufferPointer(rebasing: bytes[(start + 6)..<(offset + 2 + length)]))
            }
            offset += 2 + length
        }
        return 0
    }

    /// The orientation tag (0x0112) of a TIFF structure's first directory, as quarter turns.
    private static func orientationTurns(tiff: UnsafeBufferPointer<UInt8>) -> Int {
        guard tiff.count >= 8 else { return 0 }
        let bigEndian: Bool
        switch (tiff[0], tiff[1]) {
        case (0x4D, 0x4D): bigEndian = true
        case (0x49, 0x49): bigEndian = false
        default: return 0
        }
        func number(_ at: Int, _ size: Int) -> Int? {
            guard at >= 0, at + size <= tiff.count else { return nil }
            let bytes = (0..<size).map { Int(tiff[at + $0]) }
            return (bigEndian ? bytes : bytes.reversed()).reduce(0) { $0 << 8 | $1 }
        }
        guard let directory = number(4, 4), let entries = number(directory, 2) else { return 0 }
        for entry in 0..<min(entries, 512) {
            let at = directory + 2 + entry * 12
            guard let tag = number(at, 2) else { return 0 }
            guard tag == 0x0112 else { continue }
            switch number(at + 8, 2) {
            case 3: return 2
            case 6: return 1
            case 8: return 3
            default: return 0
            }
        }
        return 0
    }

    static func checkPixels(width: Int, height: Int, limits: InputLimits) throws(DocumentError) {
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        if overflow || pixels > limits.maxImagePixels {
            throw .limitExceeded(
                limit: "max_image_megapixels", detail: "图片 \(width)×\(height) 像素，上限 \(limits.maxImagePixels / 1_000_000) 百万像素")
        }
        // A strip one pixel high (1×100000) holds no form; leptonica's filters need some room.
        if min(width, height) < 32 { throw .damaged("图片只有 \(width)×\(height) 像素，不是表格的扫描件或照片") }
    }
}

/// What an image file's header says (leptonica's format number and the first page's size), read without
/// decoding the image; nil when there is no header it knows.
package struct ImageHeader {
    package let format: Int32
    package let width: Int
    package let height: Int

    package init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return nil }
        var format: Int32 = 0
        var width: Int32 = 0
        var height: Int32 = 0
        var bitsPerSample: Int32 = 0
        var samplesPerPixel: Int32 = 0
        var colormapped: Int32 = 0
        guard pixReadHeaderMem(base, bytes.count, &format, &width, &height, &bitsPerSample, &samplesPerPixel, &colormapped) == 0,
            width > 0, height > 0
        else { return nil }
        self.format = format
        self.width = Int(width)
        self.height = Int(height)
    }
}

/// The pages of one file read by OCR: how many (at most `max_scanned_pages`), how many characters OCR found on
/// them, and the lines it was unsure of. The image reader and the PDF reader (for its pages without text) both
/// read their scanned pages through it.
struct ScannedPages {
    let limits: InputLimits
    private(set) var count = 0
    private(set) var characters = 0
    private(set) var uncertainTexts: [String] = []
    private(set) var textLines: [ScannedLine] = []

    init(limits: InputLimits) {
        self.limits = limits
    }

    /// One more page (`page` of the file, from 1), counted against `max_scanned_pages` before `image` draws or
    /// decodes it, then read within `seconds_per_scanned_page`: its blocks, or nil when there is no image to read.
    mutating func read(page pageNumber: Int, dpi: Double?, deadline: Deadline, image: () -> ScanImage?) throws(DocumentError)
        -> [PageLayout.PageBlock]?
    {
        count += 1
        if count > limits.maxScannedPages { throw Self.tooMany(limits) }
        guard let image = image() else { return nil }
        let seconds = min(limits.secondsPerScannedPage, deadline.remaining)
        let page = try ScannedPage.read(image, dpi: dpi, seconds: seconds, confidence: Float(limits.ocrMinimumConfidence))
        uncertainTexts += page.uncertainTexts
        textLines += page.textLines.map { line in
            var line = line
            line.page = pageNumber
            return line
        }
        characters += page.characters.count
        return PageLayout(characters: page.characters, lines: page.lines, pageWidth: page.width).blocks()
    }

    static func tooMany(_ limits: InputLimits) -> DocumentError {
        .limitExceeded(limit: "max_scanned_pages", detail: "超过 \(limits.maxScannedPages) 页")
    }
}
