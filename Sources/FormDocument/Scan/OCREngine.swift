import CTesseract
import Foundation

/// Tesseract, loaded once per process and kept: loading chi_sim costs about 0.1 s of CPU, more than reading a
/// .docx, so a worker that OCRs keeps its engine for its life. The engine is only created when a page needs it
/// — a worker that never meets a scan never loads it. Engines are not thread-safe: each call takes one from a
/// small pool (in-process isolation reads on several threads) and gives it back.
final class OCREngine: @unchecked Sendable {
    /// Tesseract's text of one recognised word (for Chinese, often a phrase), with its box in the image's pixels and its confidence (0–100).
    struct Word {
        var text: String
        var left: Int
        var top: Int
        var right: Int
        var bottom: Int
        /// The top and bottom of the text line the word is on: a word's own box is only its ink (一, ，).
        var lineTop: Int
        var lineBottom: Int
        /// Which text line of the page the word is on, counted in reading order.
        var line: Int
        var confidence: Float

        /// How sure Tesseract is of a reading: of its least sure word (0 for none).
        static func sureness(of words: [Word]) -> Float { words.map(\.confidence).min() ?? 0 }
    }

    enum Failure: Error {
        case unavailable
        case timedOut
    }

    private let handle: OpaquePointer

    private init?() {
        guard let api = TessBaseAPICreate() else { return nil }
        // Tesseract writes its warnings (an image's missing resolution, a line it could not read) to stderr;
        // the worker's stderr is its log, and these tell the clerk nothing.
        _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
        guard TessBaseAPIInit3(api, nil, Self.language) == 0 else {
            TessBaseAPIDelete(api)
            return nil
        }
        handle = api
    }

    deinit {
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
    }

    /// The language data an engine loads: Simplified Chinese, whose model also reads digits and Latin (a cell
    /// read again as digits is read with it and a whitelist).
    static let language = "chi_sim"

    private static let lock = NSLock()
    nonisolated(unsafe) private static var idle: [OCREngine] = []
    nonisolated(unsafe) private static var loadFailed = false

    private static func take() -> OCREngine? {
        if let kept = lock.withLock({ idle.popLast() }) { return kept }
        if lock.withLock({ loadFailed }) { return nil }
        quietLeptonica()
        guard let engine = OCREngine() else {
            lock.withLock { loadFailed = true }
            return nil
        }
        return engine
    }

    private static func give(_ engine: OCREngine) {
        lock.withLock { idle.append(engine) }
    }

    /// Runs `body` with an engine of the pool: one is made the first time a page needs it, and kept.
    static func withEngine<T>(_ body: (OCREngine) throws(Failure) -> T) throws(Failure) -> T {
        guard let engine = take() else { throw .unavailable }
        defer { give(engine) }
        return try body(engine)
    }

    /// Leptonica reports every image it cannot decode on stderr; formpipe reports them itself, as rejections.
    static func quietLeptonica() {
        _ = setMsgSeverity(Int32(L_SEVERITY_NONE))
    }

    /// A part of the page to read, in the image's pixels (nil: all of it), in the page-segmentation mode fit
    /// for it, with the characters allowed (empty: any).
    struct Region {
        var rectangle: (x: Int, y: Int, width: Int, height: Int)?
        var mode: TessPageSegMode
        var whitelist = ""
    }

    /// The words Tesseract reads in each region of `image` (a 1-bit or 8-bit page at `dpi`), before `deadline`.
    func recognize(_ image: UnsafeMutablePointer<PIX>, dpi: Int, regions: [Region], deadline: Deadline) throws(Failure) -> [[Word]] {
        TessBaseAPISetImage2(handle, image)
        TessBaseAPISetSourceResolution(handle, Int32(dpi))
        defer { TessBaseAPIClear(handle) }
        guard let monitor = TessMonitorCreate() else { throw .unavailable }
        defer { TessMonitorDelete(monitor) }
        var result: [[Word]] = []
        for region in regions {
            if deadline.hasPassed { throw .timedOut }
            TessBaseAPISetPageSegMode(handle, region.mode)
            _ = TessBaseAPISetVariable(handle, "tessedit_char_whitelist", region.whitelist)
            if let rectangle = region.rectangle {
                TessBaseAPISetRectangle(
                    handle, Int32(clamping: rectangle.x), Int32(clamping: rectangle.y), Int32(clamping: rectangle.width),
                    Int32(clamping: rectangle.height))
            }
            TessMonitorSetDeadlineMSecs(monitor, Int32(min(max(deadline.remaining, 0.05), 3600) * 1000))
            guard TessBaseAPIRecognize(handle, monitor) == 0 else { throw .timedOut }
            result.append(words())
        }
        return result
    }

    /// The words of the last recognition, in reading order.
    private func words() -> [Word] {
        guard let iterator = TessBaseAPIGetIterator(handle) else { return [] }
        defer { TessResultIteratorDelete(iterator) }
        var words: [Word] = []
        let pageIterator = TessResultIteratorGetPageIterator(iterator)
        var lineTop: Int32 = 0
        var lineBottom: Int32 = 0
        var line = 0
        repeat {
            if TessPageIteratorIsAtBeginningOf(pageIterator, RIL_TEXTLINE) != 0 {
                line += 1
                var left: Int32 = 0
                var right: Int32 = 0
                _ = TessPageIteratorBoundingBox(pageIterator, RIL_TEXTLINE, &left, &lineTop, &right, &lineBottom)
            }
            guard let utf8 = TessResultIteratorGetUTF8Text(iterator, RIL_WORD) else { continue }
            let text = String(cString: utf8)
            TessDeleteText(utf8)
            var left: Int32 = 0
            var top: Int32 = 0
            var right: Int32 = 0
            var bottom: Int32 = 0
            guard TessPageIteratorBoundingBox(pageIterator, RIL_WORD, &left, &top, &right, &bottom) != 0 else { continue }
            words.append(
                Word(
                    text: text, left: Int(left), top: Int(top), right: Int(right), bottom: Int(bottom),
                    lineTop: Int(min(lineTop, top)), lineBottom: Int(max(lineBottom, bottom)), line: line,
                    confidence: TessResultIteratorConfidence(iterator, RIL_WORD)))
        } while TessResultIteratorNext(iterator, RIL_WORD) != 0
        return words
    }

}
