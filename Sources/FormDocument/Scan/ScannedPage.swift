import CTesseract
import Foundation

/// One scanned or photographed page made into what the PDF reader gets from a printed page: characters with
/// their boxes (in points, top-left origin) and the ruling lines of its tables, so `PageLayout` rebuilds the
/// same tables and extraction reads the scan as it reads any PDF.
///
/// Structure comes first: the page is greyed from its red channel (a red seal disappears), its uneven light
/// evened out, turned straight and made black-and-white; the table borders are found on that bitmap by the
/// border scan the PDF reader uses (`RuledLines`), then erased, so that Tesseract reads only the text and
/// every character falls into the cell it was written in.
struct ScannedPage {
    var characters: [PositionedCharacter] = []
    var lines = RuledLines()
    /// The page's width in points.
    var width = 0.0
    /// The lines of text with a word read below the confidence threshold, as they stand in the page's text.
    var uncertainTexts: [String] = []
    /// Every line read, with its confidence and box (its page still to be set: 0).
    var textLines: [ScannedLine] = []

    /// What Tesseract reads a lone digit as, in a narrow cell.
    static let digitLookalikes: Set<Character> = [
        "工", "I", "l", "|", "丨", "卫", "]", "[", "了", "L", "」", "「", "！", "!", "i", "o", "O", "Q", "口", "日", "s", "S", "z", "Z",
    ]

    /// The resolution pages are read at: Tesseract reads Chinese best with characters some 30–40 pixels tall.
    static let workingDPI = 300.0

    static let pixelsPerPoint = workingDPI / 72

    /// Reads a page image whose resolution is `dpi` (nil or implausible: judged from its size, an A4 page).
    static func read(_ image: ScanImage, dpi: Double?, seconds: Double, confidence threshold: Float) throws(DocumentError) -> ScannedPage {
        let (straight, seal) = try straightened(image, dpi: dpi)
        guard let black = PixImage(pixThresholdToBinary(straight.pointer, 150)) else { throw .damaged("图片无法二值化") }
        var (ink, lines) = flattened(black, bordersFrom: seal.flatMap { bridged(black, under: $0) } ?? black)
        // A photo's page is flattened (its geometry changed); a scan's lies pixel for pixel over its grey.
        let greyUnderInk = ink.pointer == black.pointer ? straight : nil
        // What the threshold gave, before borders, specks and boxes are taken off: the grey page leaves them out too.
        let inkAsThresholded = greyUnderInk != nil ? PixImage(pixCopy(nil, ink.pointer)) : nil
        var page = ScannedPage()
        page.width = Double(ink.width) / pixelsPerPoint
        page.lines = lines
        erase(page.lines, from: ink, pixelsPerPoint: pixelsPerPoint)
        // Specks (dust, paper grain, what is left of an erased border) are read as 、 or ， otherwise; a full
        // stop at this resolution is larger.
        var changed: Int32 = 0
        if let clean = PixImage(
            pixSelectBySize(ink.pointer, 3, 3, 8, Int32(L_SELECT_IF_EITHER), Int32(L_SELECT_IF_GT), &changed))
        {
            ink = clean
        }
        // The seal's mask lies over a scan's page, not over a flattened photo's.
        if let seal, greyUnderInk != nil, let clean = withoutSealEdges(ink, sealArea: seal) { ink = clean }
        for box in TickBoxes.find(in: ink, grey: greyUnderInk) {
            page.characters.append(
                PositionedCharacter(
                    scalar: box.ticked ? "☑" : "☐", x1: Double(box.left) / pixelsPerPoint, x2: Double(box.left + box.width) / pixelsPerPoint,
                    y1: Double(box.top) / pixelsPerPoint, y2: Double(box.top + box.height) / pixelsPerPoint))
            clear(ink, box.left - 1, box.top - 1, box.left + box.width + 1, box.top + box.height + 1)
        }
        let cells = cellRectangles(of: page.lines, pageWidth: page.width, pageHeight: Double(ink.height) / pixelsPerPoint)
        guard let outside = PixImage(pixCopy(nil, ink.pointer)) else { throw .damaged("图片无法复制") }
        let cellRegions = regions(ofCells: cells, in: ink, blankingIn: outside)
        eraseChangeBars(from: outside)
        let outsideRegions = regions(around: outside)
        let deadline = Deadline(seconds: seconds)
        let symbols: [OCREngine.Word]
        do {
            symbols = try OCREngine.withEngine { engine throws(OCREngine.Failure) in
                let around = try engine.recognize(outside.pointer, dpi: Int(workingDPI), regions: outsideRegions, deadline: deadline)
                var inCells = try engine.recognize(ink.pointer, dpi: Int(workingDPI), regions: cellRegions, deadline: deadline)
                if let grey = greyUnderInk, let thresholded = inkAsThresholded {
                    try rereadDoubtfulFromGrey(
                        in: &inCells, regions: cellRegions, of: { greyInk(of: grey, keeping: ink, takenFrom: thresholded) }, engine: engine,
                        deadline: deadline, threshold: threshold)
                }
                try rereadDigits(in: &inCells, regions: cellRegions, of: ink, engine: engine, deadline: deadline, threshold: threshold)
                try rereadUnread(in: &inCells, regions: cellRegions, of: ink, engine: engine, deadline: deadline, threshold: threshold)
                markUnreadInk(in: &inCells, regions: cellRegions)
                return joined(around + inCells)
            }
        } catch .unavailable {
            throw .noTextLayer
        } catch {
            throw .timedOut(seconds: seconds)
        }
        let placed = place(symbols, pixelsPerPoint: pixelsPerPoint, threshold: threshold)
        page.characters += withoutTickRemnants(placed.characters, boxes: page.characters)
        page.uncertainTexts = placed.uncertain
        page.textLines = placed.lines
        return page
    }

    /// The grey page with nothing but the ink kept in black and white: each character's grey edges around it, and
    /// white wherever the borders, specks, tick boxes and struck text were taken off (with a margin, so a border's
    /// grey fringe goes with it).
    static func greyInk(of grey: PixImage, keeping ink: PixImage, takenFrom thresholded: PixImage) -> PixImage? {
        guard let removed = PixImage(pixSubtract(nil, thresholded.pointer, ink.pointer)),
            let nearRemoved = PixImage(pixDilateBrick(nil, removed.pointer, 5, 5)),
            let nearInk = PixImage(pixDilateBrick(nil, ink.pointer, 3, 3)),
            let fringe = PixImage(pixSubtract(nil, nearInk.pointer, nearRemoved.pointer)),
            let kept = PixImage(pixOr(nil, fringe.pointer, ink.pointer)),
            let elsewhere = PixImage(pixInvert(nil, kept.pointer)),
            let copy = PixImage(pixCopy(nil, grey.pointer)), pixSetMasked(copy.pointer, elsewhere.pointer, 0xff) == 0
        else { return nil }
        return copy
    }

    /// A cell's line Tesseract is unsure of in black and white (below `threshold`) is read again from the grey page
    /// (`greyInk`), where a dense character keeps the strokes a fixed threshold runs together or breaks (袁 read as
    /// 圳, 黎 as 笋, a stray 和 before a name). The grey reading is kept when Tesseract is surer of it than of the
    /// other, and either sure of it or reading as many characters (a name's surname changed, nothing added): a grey
    /// reading that gains or loses characters unsure — a tick box's option with a stray 和, a date short of its
    /// digits — is what taking grey always cost, as many values as it mended. The grey page is made only when a
    /// line is doubted.
    private static func rereadDoubtfulFromGrey(
        in read: inout [[OCREngine.Word]], regions: [OCREngine.Region], of greyPage: () -> PixImage?, engine: OCREngine,
        deadline: Deadline, threshold: Float
    ) throws(OCREngine.Failure) {
        let sureness = OCREngine.Word.sureness(of:)
        func length(_ words: [OCREngine.Word]) -> Int { words.map(\.text.count).reduce(0, +) }
        let doubtful = read.indices.filter { !read[$0].isEmpty && sureness(read[$0]) < threshold }
        guard !doubtful.isEmpty, let grey = greyPage() else { return }
        let again = try engine.recognize(grey.pointer, dpi: Int(workingDPI), regions: doubtful.map { regions[$0] }, deadline: deadline)
        for (reading, index) in zip(again, doubtful) where sureness(reading) > sureness(read[index]) {
            if sureness(reading) >= threshold || length(reading) == length(read[index]) { read[index] = reading }
        }
    }

    /// The page in grey from its red channel (a red seal disappears), at the working resolution, its uneven light
    /// evened out and turned straight; and where on it the seal lies (`sealArea`), nil when it has none.
    private static func straightened(_ image: ScanImage, dpi: Double?) throws(DocumentError) -> (grey: PixImage, seal: PixImage?) {
        let grey = image.grey
        let sourceDPI = dpi.flatMap { (100...1200).contains($0) ? $0 : nil } ?? Double(min(grey.width, grey.height)) / 8.27
        let factor = min(3, max(0.25, workingDPI / max(sourceDPI, 1)))
        let keepsSize = abs(factor - 1) < 0.05
        guard let scaled = keepsSize ? grey : PixImage(pixScale(grey.pointer, Float(factor), Float(factor))) else {
            throw .damaged("图片无法缩放")
        }
        // Uneven light (a photo, grey paper) evened out; a page too small for it is read as it is.
        let even = PixImage(pixBackgroundNormSimple(scaled.pointer, nil, nil)) ?? scaled
        // The seal's redness is scaled and turned as the page is, so that its mask lies over the page.
        let redness = image.redness.flatMap { hasSeal($0) ? $0 : nil }.flatMap {
            keepsSize ? $0 : PixImage(pixScale($0.pointer, Float(factor), Float(factor)))
        }
        // Turned straight by the skew of its text lines. leptonica's own deskew turns only when it is sure (a
        // confidence of 3); a sparse page (a form without borders, little text) scores lower, and a degree left
        // in it runs its lines into each other.
        var angle: Float = 0
        var confidence: Float = 0
        if let roughInk = PixImage(pixThresholdToBinary(even.pointer, 150)), pixFindSkew(roughInk.pointer, &angle, &confidence) == 0,
            confidence >= 1.5, abs(angle) >= 0.05, abs(angle) <= 10,
            let turned = PixImage(
                pixRotate(even.pointer, angle * .pi / 180, Int32(L_ROTATE_AREA_MAP), Int32(L_BRING_IN_WHITE), 0, 0))
        {
            let turnedRedness = redness.flatMap {
                PixImage(pixRotate($0.pointer, angle * .pi / 180, Int32(L_ROTATE_AREA_MAP), Int32(L_BRING_IN_BLACK), 0, 0))
            }
            return (turned, turnedRedness.flatMap(sealArea))
        }
        return (even, redness.flatMap(sealArea))
    }

    /// How much redder than green a pixel of the seal's ink is, at the least: black and blue ink, and paper
    /// grey or yellowed, are not.
    static let sealRedness: UInt8 = 60

    /// Whether a page holds a seal's worth of red: a ten-thousandth of it at least (a seal's ring and star cover
    /// far more); a red pen's tick or a speck of colour is not worth the work.
    private static func hasSeal(_ redness: PixImage) -> Bool {
        // leptonica sets the pixels below the threshold; the seal's are the others.
        guard let notRed = PixImage(pixThresholdToBinary(redness.pointer, Int32(sealRedness))) else { return false }
        var count: Int32 = 0
        let pixels = redness.width * redness.height
        return pixCountPixels(notRed.pointer, &count, nil) == 0 && (pixels - Int(count)) * 10_000 >= pixels
    }

    /// Where the seal lies, in black and white: its red pixels, and two pixels around them, where its edge
    /// blends into the paper and reads less red.
    private static func sealArea(_ redness: PixImage) -> PixImage? {
        guard let notRed = PixImage(pixThresholdToBinary(redness.pointer, Int32(sealRedness))),
            let red = PixImage(pixInvert(nil, notRed.pointer))
        else { return nil }
        return PixImage(pixDilateBrick(nil, red.pointer, 5, 5))
    }

    /// The black-and-white page with the borders the seal hides drawn in: a seal stamped over a table covers its
    /// borders where its ring and star cross them, and the gaps part cells that are one (a value cut off from its
    /// label, a row taken for two). Within the seal only, gaps between straight runs of ink (longer than a
    /// character's strokes), as long as the seal's ring is wide where it crosses a border at a slant, are closed:
    /// the ring's dark fringe, or a character under it, draws no border.
    static func bridged(_ black: PixImage, under sealArea: PixImage) -> PixImage? {
        let straight = Int32(10 * pixelsPerPoint)
        let reach = Int32(40 * pixelsPerPoint)
        // Worked on around the seal only, with the reach either side: a tenth of a page or less, not all of it.
        var sealBox: UnsafeMutablePointer<BOX>?
        guard pixClipToForeground(sealArea.pointer, nil, &sealBox) == 0, sealBox != nil else { return nil }
        defer { boxDestroy(&sealBox) }
        var (x, y, width, height): (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
        guard boxGetGeometry(sealBox, &x, &y, &width, &height) == 0 else { return nil }
        let left = max(0, x - reach)
        let top = max(0, y - reach)
        var around = boxCreate(left, top, min(Int32(black.width), x + width + reach) - left, min(Int32(black.height), y + height + reach) - top)
        defer { boxDestroy(&around) }
        guard around != nil, let page = PixImage(pixClipRectangle(black.pointer, around, nil)),
            let sealHere = PixImage(pixClipRectangle(sealArea.pointer, around, nil)),
            let rows = PixImage(pixOpenCompBrick(nil, page.pointer, straight, 1)),
            let across = PixImage(pixCloseSafeCompBrick(nil, rows.pointer, reach, 3)),
            let columns = PixImage(pixOpenCompBrick(nil, page.pointer, 1, straight)),
            let down = PixImage(pixCloseSafeCompBrick(nil, columns.pointer, 3, reach)),
            let closed = PixImage(pixOr(nil, across.pointer, down.pointer)),
            let bridges = PixImage(pixAnd(nil, closed.pointer, sealHere.pointer)),
            let result = PixImage(pixCopy(nil, black.pointer)),
            pixRasterop(result.pointer, left, top, Int32(bridges.width), Int32(bridges.height), PIX_SRC | PIX_DST, bridges.pointer, 0, 0) == 0
        else { return nil }
        return result
    }

    /// Without the dark fringe of the seal's ink: the edge of its ring and star, thin arcs and specks no
    /// larger than a comma, read as 、 after a value or as words of their own in an empty cell. Only marks
    /// that small and touching the seal go; a character under the seal is larger.
    static func withoutSealEdges(_ ink: PixImage, sealArea: PixImage) -> PixImage? {
        let largest = Int32(2 * pixelsPerPoint)
        var changed: Int32 = 0
        guard
            let small = PixImage(
                pixSelectBySize(ink.pointer, largest, largest, 8, Int32(L_SELECT_IF_BOTH), Int32(L_SELECT_IF_LTE), &changed)),
            let touching = PixImage(pixAnd(nil, small.pointer, sealArea.pointer)),
            let fringe = PixImage(pixSeedfillBinary(nil, touching.pointer, small.pointer, 8))
        else { return nil }
        return PixImage(pixSubtract(nil, ink.pointer, fringe.pointer))
    }

    /// The black-and-white page with its ruling lines, found on `borderInk` (the page, its borders under a seal
    /// drawn in). A photo taken at a slant narrows the page towards one end:
    /// the table's sides lean, and its rows bend a little. A scan lies flat and is read as it is; a photo is
    /// flattened (leptonica's dewarping, which levels the rows), then each pixel row is stretched so the sides
    /// stand upright (`Keystone`).
    private static func flattened(_ black: PixImage, bordersFrom borderInk: PixImage) -> (ink: PixImage, lines: RuledLines) {
        var ink = black
        let lines = ruledLines(of: borderInk)
        guard Keystone.leans(lines) else { return (ink, lines) }
        var flat: UnsafeMutablePointer<PIX>?
        var model: UnsafeMutablePointer<L_DEWARPA>?
        if dewarpSinglePage(ink.pointer, 0, 1, 0, 0, &flat, &model, 0) == 0, let flatImage = PixImage(flat) {
            ink = flatImage
        }
        if model != nil { dewarpaDestroy(&model) }
        if let upright = Keystone.corrected(ink, lines: ruledLines(of: ink), pixelsPerPoint: pixelsPerPoint) {
            ink = upright
        }
        return (ink, ruledLines(of: ink))
    }

    /// Clears the change bars from the text around the tables: the thin upright strokes Word prints in the margin
    /// beside a line with tracked changes. One reaching over two lines joins them into one band of ink, which
    /// Tesseract then reads as nothing; no character is so tall and thin.
    static func eraseChangeBars(from outside: PixImage) {
        var changed: Int32 = 0
        guard
            let tall = PixImage(
                pixSelectBySize(outside.pointer, 0, Int32(10 * pixelsPerPoint), 8, Int32(L_SELECT_HEIGHT), Int32(L_SELECT_IF_GTE), &changed)),
            let bars = PixImage(
                pixSelectBySize(tall.pointer, Int32(2 * pixelsPerPoint), 0, 8, Int32(L_SELECT_WIDTH), Int32(L_SELECT_IF_LTE), &changed))
        else { return }
        _ = pixSubtract(outside.pointer, outside.pointer, bars.pointer)
    }

    /// Each table cell is read on its own, so that Tesseract's lines never run from one cell into the next, and
    /// line by line: Tesseract drops a line holding a single character (规 / 范) from a block, and reads such a
    /// line only as a character. The cells are blanked out of `outside`, which keeps the text around the tables.
    /// Text struck through (a form printed with its tracked changes showing) is taken off first (`StruckText`).
    /// A row deleted with tracked changes has every cell struck, but a strike through one character (a row's
    /// number) is too short to tell from the character's own stroke, and faint struck text breaks up: a row with
    /// two cells whose text was all struck, and none struck only in part (a cell's text replaced), is deleted
    /// whole.
    private static func regions(
        ofCells cells: [(x0: Double, y0: Double, x1: Double, y1: Double)], in ink: PixImage, blankingIn outside: PixImage
    ) -> [OCREngine.Region] {
        enum Strikes { case none, some, all }
        var read: [(cell: Int, regions: [OCREngine.Region], strikes: Strikes)] = []
        for (index, cell) in cells.enumerated() {
            let x0 = Int(cell.x0 * pixelsPerPoint)
            let y0 = Int(cell.y0 * pixelsPerPoint)
            let x1 = Int(cell.x1 * pixelsPerPoint)
            let y1 = Int(cell.y1 * pixelsPerPoint)
            clear(outside, x0, y0, x1, y1)
            let inset = Int(pixelsPerPoint)
            guard x1 - x0 > 2 * inset + 4, y1 - y0 > 2 * inset + 4 else { continue }
            var regions: [OCREngine.Region] = []
            var struckLines = 0
            for line in textLines(in: ink, x0 + inset, y0 + inset, x1 - inset, y1 - inset) {
                var inkWidth = line.inkRight - line.inkLeft
                let struck = StruckText.strikes(in: ink, top: line.top, bottom: line.bottom, left: line.inkLeft, right: line.inkRight)
                if !struck.isEmpty {
                    struckLines += 1
                    for stretch in struck { clear(ink, stretch.left, line.top, stretch.right, line.bottom) }
                    // What is left of the line once its deleted text is gone: nothing to read when all of it was.
                    let left = pieces(of: ink, line.top, line.bottom, gap: 1).filter { $0.right > line.inkLeft && $0.left < line.inkRight }
                    guard let first = left.first, let last = left.last else { continue }
                    inkWidth = last.right - first.left
                }
                regions.append(lineRegion((x0 + inset, line.top, x1 - x0 - 2 * inset, line.bottom - line.top), inkWidth: inkWidth))
            }
            read.append((index, regions, struckLines == 0 ? .none : regions.isEmpty ? .all : .some))
        }
        func sameRow(_ a: Int, _ b: Int) -> Bool { abs(cells[a].y0 - cells[b].y0) <= 2 && abs(cells[a].y1 - cells[b].y1) <= 2 }
        var regions: [OCREngine.Region] = []
        for entry in read {
            let row = read.filter { sameRow($0.cell, entry.cell) }
            if row.count(where: { $0.strikes == .all }) >= 2, !row.contains(where: { $0.strikes == .some }) {
                let cell = cells[entry.cell]
                clear(ink, Int(cell.x0 * pixelsPerPoint), Int(cell.y0 * pixelsPerPoint), Int(cell.x1 * pixelsPerPoint), Int(cell.y1 * pixelsPerPoint))
                continue
            }
            regions += entry.regions
        }
        return regions
    }

    /// Around the tables (a title, notes, a form printed without borders), each line is cut where wide gaps
    /// part it — `姓名    周八` — and each piece read as a line, or as a character when it is one.
    private static func regions(around outside: PixImage) -> [OCREngine.Region] {
        var regions: [OCREngine.Region] = []
        for line in textLines(in: outside, 0, 0, outside.width, outside.height) {
            let height = line.bottom - line.top
            for piece in pieces(of: outside, line.top, line.bottom, gap: height * 3 / 2) {
                for stretch in StruckText.strikes(in: outside, top: line.top, bottom: line.bottom, left: piece.left, right: piece.right) {
                    clear(outside, stretch.left, line.top, stretch.right, line.bottom)
                }
                let margin = height / 4
                let left = max(0, piece.left - margin)
                let right = min(outside.width, piece.right + margin)
                regions.append(lineRegion((left, line.top, right - left, height), inkWidth: piece.right - piece.left))
            }
        }
        return regions
    }

    /// A narrow cell read as a character or two that digits are often taken for (1 as 工 or |) is read again as
    /// digits only: numbered rows, hours and counts. So is one read as a lone Chinese character (4 as 帮), kept only
    /// when Tesseract is sure of the digits (`threshold`): a narrow cell may hold a word of one character. So is a
    /// cell of any width read as digits Tesseract is unsure of, and a line read as one character that gave a digit:
    /// two or three digits are no wider than one Chinese character, so such a line is read as a character
    /// (`lineRegion`), and Tesseract then gives one digit of them (20 as 0, 158 as 8).
    /// Each is read twice — enlarged as a line, and where it lies as a block — since each way drops a digit that
    /// the other keeps on some page (`fullestDigits`).
    private static func rereadDigits(
        in read: inout [[OCREngine.Word]], regions: [OCREngine.Region], of ink: PixImage, engine: OCREngine, deadline: Deadline,
        threshold: Float
    ) throws(OCREngine.Failure) {
        func isLoneCharacter(_ text: String) -> Bool {
            text.count == 1 && text.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) } && !digitLookalikes.contains(Character(text))
        }
        func isDigit(_ character: Character) -> Bool { character.isASCII && character.isNumber }
        func isDigits(_ text: String) -> Bool { !text.isEmpty && text.allSatisfy(isDigit) }
        let texts = read.map { $0.map(\.text).joined() }
        let doubtful = read.indices.filter { index in
            guard let rectangle = regions[index].rectangle else { return false }
            let text = texts[index]
            if isDigits(text), (regions[index].mode == PSM_SINGLE_CHAR && text.count == 1) || OCREngine.Word.sureness(of: read[index]) < threshold {
                return true
            }
            // Digits with a look-alike among them (12 as 1工2), in a cell of any width.
            if text.count <= 4, text.contains(where: isDigit), text.contains(where: digitLookalikes.contains),
                text.allSatisfy({ isDigit($0) || digitLookalikes.contains($0) })
            {
                return true
            }
            guard Double(rectangle.width) < 70 * pixelsPerPoint else { return false }
            return !text.isEmpty && text.count <= 4 && (text.contains { digitLookalikes.contains($0) } || isLoneCharacter(text))
        }
        let digitsOnly = "0123456789"
        for index in doubtful {
            guard let rectangle = regions[index].rectangle, let first = read[index].first, let enlarged = enlargedCrop(of: ink, rectangle)
            else { continue }
            let readText = texts[index]
            let asLine = try engine.recognize(
                enlarged.pointer, dpi: Int(workingDPI * 2), regions: [OCREngine.Region(rectangle: nil, mode: PSM_SINGLE_LINE, whitelist: digitsOnly)],
                deadline: deadline
            ).flatMap { $0 }
            let inPlace = try engine.recognize(
                ink.pointer, dpi: Int(workingDPI), regions: [OCREngine.Region(rectangle: rectangle, mode: PSM_SINGLE_BLOCK, whitelist: digitsOnly)],
                deadline: deadline
            ).flatMap { $0 }
            let readings = [asLine, inPlace].map { $0.map(\.text).joined() }
            var tookInPlace = false
            if let fullest = fullestDigits(readings + (isDigits(readText) ? [readText] : [])) {
                if fullest == readText { continue }
                tookInPlace = readings[0] != fullest
            } else if isDigits(readText) {
                continue
            }
            let digits = tookInPlace ? inPlace : asLine
            let sure = OCREngine.Word.sureness(of: digits) >= threshold
            guard !digits.isEmpty, sure || !isLoneCharacter(readText) else { continue }
            var word = first
            word.text = digits.map(\.text).joined()
            word.right = read[index].map(\.right).max() ?? first.right
            if tookInPlace, let left = inPlace.map(\.left).min(), let right = inPlace.map(\.right).max() {
                // Read where it lies: the digits' own boxes, which the reading before may have covered only in part.
                (word.left, word.right) = (left, right)
            }
            word.confidence = OCREngine.Word.sureness(of: digits)
            read[index] = [word]
        }
    }

    /// Of several readings of the same digits, the longest when each of the others is that one with digits left
    /// out — Tesseract drops a digit (12 read as 2, 50 as 0) far more often than it makes one up —, nil when they
    /// disagree otherwise or none read anything.
    static func fullestDigits(_ readings: [String]) -> String? {
        let read = readings.filter { !$0.isEmpty }
        guard let longest = read.max(by: { $0.count < $1.count }) else { return nil }
        func isLeftOutOf(_ shorter: String) -> Bool {
            var rest = Substring(longest)
            for character in shorter {
                guard let found = rest.firstIndex(of: character) else { return false }
                rest = rest[rest.index(after: found)...]
            }
            return true
        }
        return read.allSatisfy(isLeftOutOf) ? longest : nil
    }

    /// A line of a cell that Tesseract read as nothing — often the last line of a cell, pressed against its
    /// border ((三)运行 / 是否规范), or a short name in a wide cell — is read once more on its own: the stretch
    /// that holds ink, a point taller, enlarged, with a white margin.
    /// Kept only when Tesseract is sure of it (`threshold`), so a signature or a smudge stays unread ink.
    private static func rereadUnread(
        in read: inout [[OCREngine.Word]], regions: [OCREngine.Region], of ink: PixImage, engine: OCREngine, deadline: Deadline,
        threshold: Float
    ) throws(OCREngine.Failure) {
        for index in read.indices where read[index].isEmpty {
            guard let rectangle = regions[index].rectangle else { continue }
            let grow = Int(pixelsPerPoint)
            let top = max(0, rectangle.y - grow)
            let bottom = min(ink.height, rectangle.y + rectangle.height + grow)
            // Only the stretch of the line that holds ink: a short name in a wide cell is otherwise mostly margin.
            let inked = pieces(of: ink, top, bottom, gap: grow).filter { $0.right > rectangle.x && $0.left < rectangle.x + rectangle.width }
            let left = max(rectangle.x, (inked.map(\.left).min() ?? rectangle.x) - 2 * grow)
            let right = min(rectangle.x + rectangle.width, (inked.map(\.right).max() ?? rectangle.x + rectangle.width) + 2 * grow)
            guard bottom > top, right > left, let enlarged = enlargedCrop(of: ink, (left, top, right - left, bottom - top)) else { continue }
            // As a line first, then as a block: Tesseract reads some short lines (a two-character name) only so.
            var reading: (text: String, confidence: Float)?
            for mode in [regions[index].mode, PSM_SINGLE_BLOCK] where reading == nil {
                let words = try engine.recognize(
                    enlarged.pointer, dpi: Int(workingDPI * 2), regions: [OCREngine.Region(rectangle: nil, mode: mode)], deadline: deadline
                ).flatMap { $0 }.filter { !$0.text.allSatisfy(\.isWhitespace) }
                let confidence = OCREngine.Word.sureness(of: words)
                if !words.isEmpty, confidence >= threshold { reading = (words.map(\.text).joined(), confidence) }
            }
            guard let (text, confidence) = reading else { continue }
            read[index] = [
                OCREngine.Word(
                    text: text, left: rectangle.x, top: rectangle.y, right: rectangle.x + rectangle.width, bottom: rectangle.y + rectangle.height,
                    lineTop: rectangle.y, lineBottom: rectangle.y + rectangle.height, line: 1, confidence: confidence)
            ]
        }
    }

    /// Ink in a cell that Tesseract reads as nothing is writing formpipe could not read: it stands in the text as
    /// a picture does (U+FFFC), so a value left there is formpipe's to check, not a blank the branch left.
    private static func markUnreadInk(in read: inout [[OCREngine.Word]], regions: [OCREngine.Region]) {
        for index in read.indices where read[index].isEmpty {
            guard let rectangle = regions[index].rectangle else { continue }
            read[index] = [
                OCREngine.Word(
                    text: String(Document.pictureMark), left: rectangle.x, top: rectangle.y, right: rectangle.x + rectangle.height,
                    bottom: rectangle.y + rectangle.height, lineTop: rectangle.y, lineBottom: rectangle.y + rectangle.height, line: 1,
                    confidence: 0)
            ]
        }
    }

    /// The words of all regions, their line numbers kept apart per region: a word ends where the next on its
    /// line begins.
    private static func joined(_ regions: [[OCREngine.Word]]) -> [OCREngine.Word] {
        var words: [OCREngine.Word] = []
        var lineOffset = 0
        for region in regions {
            words += region.map { word in
                var word = word
                word.line += lineOffset
                return word
            }
            lineOffset += (region.map(\.line).max() ?? 0) + 1
        }
        return words
    }

    /// The words' characters on the page (points), each word's box shared out among its characters, and the
    /// text of each line read with a word below `threshold` (the line is the unit Tesseract read: a doubtful
    /// word makes its line's value doubtful, and a line's text is long enough not to match other values).
    static func place(
        _ words: [OCREngine.Word], pixelsPerPoint: Double, threshold: Float
    ) -> (characters: [PositionedCharacter], uncertain: [String], lines: [ScannedLine]) {
        var characters: [PositionedCharacter] = []
        var lineStart = 0
        var uncertain: [String] = []
        var lines: [ScannedLine] = []
        var lineConfidence = Float.infinity
        func endLine() {
            correct(&characters, from: lineStart)
            let line = characters[lineStart...]
            if !line.isEmpty {
                var text = String.UnicodeScalarView()
                text.append(contentsOf: line.map(\.scalar))
                if lineConfidence < threshold { uncertain.append(String(text)) }
                lines.append(
                    ScannedLine(
                        text: String(text), confidence: Int(max(0, min(100, lineConfidence)).rounded()), page: 0,
                        left: line.map(\.x1).min() ?? 0, top: line.map(\.y1).min() ?? 0, right: line.map(\.x2).max() ?? 0,
                        bottom: line.map(\.y2).max() ?? 0))
            }
            lineStart = characters.count
            lineConfidence = .infinity
        }
        for (index, word) in words.enumerated() {
            if index > 0, words[index - 1].line != word.line { endLine() }
            let scalars = Array(word.text.unicodeScalars)
            guard !scalars.isEmpty else { continue }
            // The boxes of a line's last glyphs run on over the words after them (LSTM boxes are loose); the
            // words come in reading order, so a word ends where the next on its line begins.
            var right = word.right
            if index + 1 < words.count, words[index + 1].line == word.line, words[index + 1].left > word.left {
                right = min(right, words[index + 1].left)
            }
            let step = Double(right - word.left) / Double(scalars.count)
            for (offset, scalar) in scalars.enumerated() where !scalar.isWhiteSpace {
                let left = Double(word.left) + step * Double(offset)
                characters.append(
                    PositionedCharacter(
                        scalar: scalar, x1: left / pixelsPerPoint, x2: (left + step) / pixelsPerPoint,
                        y1: Double(word.lineTop) / pixelsPerPoint, y2: Double(word.lineBottom) / pixelsPerPoint))
            }
            lineConfidence = min(lineConfidence, word.confidence)
        }
        endLine()
        return (characters, uncertain, lines)
    }

    /// The table borders of a black-and-white page at `workingDPI`, found by the PDF reader's border scan on a
    /// copy at its scale (`RuledLines.scale` pixels per point): a pixel there is ink when any page pixel it
    /// covers is, so thin borders survive the reduction.
    static func ruledLines(of ink: PixImage) -> RuledLines {
        let ratio = workingDPI / 72 / RuledLines.scale
        let width = Int((Double(ink.width) / ratio).rounded(.up))
        let height = Int((Double(ink.height) / ratio).rounded(.up))
        var coverage = [UInt8](repeating: 0, count: width * height)
        for y in 0..<ink.height {
            let row = min(height - 1, Int(Double(y) / ratio)) * width
            ink.forEachInk(inRow: y) { x in coverage[row + min(width - 1, Int(Double(x) / ratio))] = 255 }
        }
        return coverage.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, let bitmap = DarkBitmap(data: base, width: width, height: height, stride: width) else {
                return RuledLines()
            }
            return RuledLines(bitmap: bitmap)
        }
    }

    /// Clears the borders from the page, so Tesseract neither reads them as 丨 or 一 nor joins the text of two
    /// cells across them.
    static func erase(_ lines: RuledLines, from ink: PixImage, pixelsPerPoint: Double) {
        // Text sits close under a row's border but keeps a cell margin from the column borders, so these are
        // erased wider: what is left of a blurred border reads as 、 or | at the end of a value.
        let halfRow = 1.4 * pixelsPerPoint
        let halfColumn = 2.4 * pixelsPerPoint
        func clear(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
            ScannedPage.clear(ink, Int(x0), Int(y0), Int(x1), Int(y1))
        }
        for line in lines.horizontals {
            clear(
                line.x0 * pixelsPerPoint - halfRow, line.y * pixelsPerPoint - halfRow, line.x1 * pixelsPerPoint + halfRow,
                line.y * pixelsPerPoint + halfRow)
        }
        for line in lines.verticals {
            clear(
                line.x * pixelsPerPoint - halfColumn, line.y0 * pixelsPerPoint - halfRow, line.x * pixelsPerPoint + halfColumn,
                line.y1 * pixelsPerPoint + halfRow)
        }
    }

    /// Clears a rectangle of the black-and-white page (pixels, right and bottom exclusive).
    static func clear(_ ink: PixImage, _ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) {
        guard let box = boxCreate(Int32(clamping: x0), Int32(clamping: y0), Int32(clamping: max(1, x1 - x0)), Int32(clamping: max(1, y1 - y0)))
        else { return }
        var owned: UnsafeMutablePointer<BOX>? = box
        defer { boxDestroy(&owned) }
        _ = pixClearInRect(ink.pointer, box)
    }

    /// The cells of the page's ruled tables (points): the white areas the borders enclose. A merged cell has
    /// no border through it, so it comes out whole.
    static func cellRectangles(of lines: RuledLines, pageWidth: Double, pageHeight: Double) -> [(x0: Double, y0: Double, x1: Double, y1: Double)] {
        let scale = RuledLines.scale
        let width = Int((pageWidth * scale).rounded(.up)) + 2
        let height = Int((pageHeight * scale).rounded(.up)) + 2
        guard !lines.horizontals.isEmpty, let drawing = PixImage(pixCreate(Int32(width), Int32(height), 1)) else { return [] }
        // Borders a little longer than found, so that they meet at the corners.
        let reach = 2.0
        for line in lines.horizontals {
            _ = pixRenderLine(
                drawing.pointer, Int32((line.x0 - reach) * scale), Int32(line.y * scale), Int32((line.x1 + reach) * scale), Int32(line.y * scale), 2,
                Int32(L_SET_PIXELS))
        }
        for line in lines.verticals {
            _ = pixRenderLine(
                drawing.pointer, Int32(line.x * scale), Int32((line.y0 - reach) * scale), Int32(line.x * scale), Int32((line.y1 + reach) * scale), 2,
                Int32(L_SET_PIXELS))
        }
        guard let background = PixImage(pixInvert(nil, drawing.pointer)) else { return [] }
        let cells: [(x0: Double, y0: Double, x1: Double, y1: Double)] = background.componentBoxes(connectivity: 4).compactMap { box in
            // The page around the tables touches its edges; slivers between doubled borders hold no text.
            guard box.x > 0, box.y > 0, box.x + box.width < width, box.y + box.height < height, Double(box.width) >= 4 * scale,
                Double(box.height) >= 4 * scale
            else { return nil }
            return (
                Double(box.x) / scale, Double(box.y) / scale, Double(box.x + box.width) / scale, Double(box.y + box.height) / scale
            )
        }
        // Two grids a little apart (a table's own borders and a frame drawn round it, bent apart on a photo) leave
        // a thin ring between them, whose box holds the cells inside: read as a cell, it read the row's text a
        // second time, and the two readings interleaved (2016-10-28 as 22001166--1100--2288).
        return cells.filter { cell in
            !cells.contains { other in
                let (x, y) = ((other.x0 + other.x1) / 2, (other.y0 + other.y1) / 2)
                return (other.x1 - other.x0) * (other.y1 - other.y0) < (cell.x1 - cell.x0) * (cell.y1 - cell.y0)
                    && cell.x0 < x && x < cell.x1 && cell.y0 < y && y < cell.y1
            }
        }
    }

    /// What Tesseract reads wrongly the same way every time, put right on one line's characters where the
    /// neighbours leave no doubt: 一 between digits is a dash (1—3月, 3月—4月); the circle of 〇 after a Chinese numeral
    /// read as O〇, @〇 or G〇 is one 〇, and O or @ alone there is 〇 too (二〇一九年).
    static func correct(_ characters: inout [PositionedCharacter], from start: Int) {
        guard characters.count - start >= 3 else { return }
        let chineseDigits: Set<Unicode.Scalar> = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        let circleLookalikes: Set<Unicode.Scalar> = ["O", "o", "@", "G", "0", "Q", "D", "加"]
        let dayLookalikes: Set<Unicode.Scalar> = ["旦", "曰", "目", "白"]
        let opening: Set<Unicode.Scalar> = ["“", "”", "″", "\""]
        // Quotation marks pair up on a line: Tesseract reads the opening one as ” or ″ as often as not.
        var open = false
        for index in start..<characters.count where opening.contains(characters[index].scalar) {
            characters[index] = characters[index].with(scalar: open ? "”" : "“")
            open.toggle()
        }
        func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.isASCII && scalar.properties.numericType == .decimal }
        var index = start + 1
        while index < characters.count {
            let before = characters[index - 1].scalar
            let current = characters[index].scalar
            let after: Unicode.Scalar = index + 1 < characters.count ? characters[index + 1].scalar : " "
            if dayLookalikes.contains(current), isDigit(before) || chineseDigits.contains(before),
                characters[start..<index].contains(where: { $0.scalar == "月" })
            {
                characters[index] = characters[index].with(scalar: "日")
            }
            if current == "一", isDigit(before) || before == "月" || before == "年", isDigit(after) {
                characters[index] = characters[index].with(scalar: "—")
            } else if chineseDigits.contains(before), circleLookalikes.contains(current) {
                if after == "〇" || circleLookalikes.contains(after) {
                    characters.remove(at: index)
                    continue
                }
                if chineseDigits.contains(after) || after == "年" { characters[index] = characters[index].with(scalar: "〇") }
            }
            index += 1
        }
    }

    /// A part of the page as grey at twice the size, with a white margin: Tesseract reads a lone digit or two
    /// (1, 12) reliably only at that size.
    static func enlargedCrop(of ink: PixImage, _ rectangle: (x: Int, y: Int, width: Int, height: Int)) -> PixImage? {
        guard
            let box = boxCreate(
                Int32(clamping: rectangle.x), Int32(clamping: rectangle.y), Int32(clamping: rectangle.width), Int32(clamping: rectangle.height))
        else { return nil }
        var owned: UnsafeMutablePointer<BOX>? = box
        defer { boxDestroy(&owned) }
        guard let clip = PixImage(pixClipRectangle(ink.pointer, box, nil)), let grey = PixImage(pixConvert1To8(nil, clip.pointer, 255, 0)),
            let bordered = PixImage(pixAddBorder(grey.pointer, 10, 255))
        else { return nil }
        return PixImage(pixScale(bordered.pointer, 2, 2))
    }

    /// A line of text to read: as a line, or as a character when its ink is no wider than one (Tesseract drops
    /// a line of one character read as a line).
    static func lineRegion(_ rectangle: (x: Int, y: Int, width: Int, height: Int), inkWidth: Int) -> OCREngine.Region {
        OCREngine.Region(rectangle: rectangle, mode: inkWidth <= rectangle.height * 8 / 5 ? PSM_SINGLE_CHAR : PSM_SINGLE_LINE)
    }

    /// The stretches of a band of rows that hold ink, parted where at least `gap` blank columns lie between.
    static func pieces(of ink: PixImage, _ top: Int, _ bottom: Int, gap: Int) -> [(left: Int, right: Int)] {
        guard top >= 0, bottom <= ink.height, bottom > top else { return [] }
        var inked = [Bool](repeating: false, count: ink.width)
        for y in top..<bottom { ink.forEachInk(inRow: y) { inked[$0] = true } }
        var result: [(left: Int, right: Int)] = []
        var blank = 0
        for x in 0..<ink.width {
            if inked[x] {
                if let last = result.last, blank < max(1, gap) {
                    result[result.count - 1] = (last.left, x + 1)
                } else {
                    result.append((x, x + 1))
                }
                blank = 0
            } else {
                blank += 1
            }
        }
        return result
    }

    /// The text lines in a rectangle of the page: bands of pixel rows holding ink, with a little white above and
    /// below, and where their ink begins and ends. A band much thinner than a line, close to another, is part
    /// of it (the strokes of 二 or 三 leave blank rows between them).
    static func textLines(
        in ink: PixImage, _ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int
    ) -> [(top: Int, bottom: Int, inkLeft: Int, inkRight: Int)] {
        guard let data = pixGetData(ink.pointer), x0 >= 0, y0 >= 0, x1 <= ink.width, y1 <= ink.height, x1 > x0, y1 > y0 else { return [] }
        let wordsPerLine = Int(pixGetWpl(ink.pointer))
        var bands: [(top: Int, bottom: Int, inkLeft: Int, inkRight: Int)] = []
        var open: (top: Int, bottom: Int, inkLeft: Int, inkRight: Int)?
        for y in y0..<y1 {
            let line = data + y * wordsPerLine
            var first: Int?
            var last = 0
            var count = 0
            for x in x0..<x1 where PixImage.bit(line, x) {
                if first == nil { first = x }
                last = x
                count += 1
            }
            if let first, count >= 2 {
                if var band = open {
                    band.bottom = y + 1
                    band.inkLeft = min(band.inkLeft, first)
                    band.inkRight = max(band.inkRight, last + 1)
                    open = band
                } else {
                    open = (y, y + 1, first, last + 1)
                }
            } else if let band = open {
                bands.append(band)
                open = nil
            }
        }
        if let band = open { bands.append(band) }
        // The height of a line of text here: the median band's, among bands taller than a speck.
        let heights = bands.map { $0.bottom - $0.top }.filter { $0 >= 4 }.sorted()
        let tallest = heights.isEmpty ? 0 : heights[heights.count / 2]
        // Specks (a few pixels high) are noise, not text.
        bands = bands.filter { $0.bottom - $0.top >= max(3, tallest / 4) || tallest < 6 }
        var merged: [(top: Int, bottom: Int, inkLeft: Int, inkRight: Int)] = []
        for band in bands {
            if var previous = merged.last, band.top - previous.bottom < tallest / 2,
                (band.bottom - band.top) * 2 < tallest || (previous.bottom - previous.top) * 2 < tallest
            {
                previous.bottom = band.bottom
                previous.inkLeft = min(previous.inkLeft, band.inkLeft)
                previous.inkRight = max(previous.inkRight, band.inkRight)
                merged[merged.count - 1] = previous
            } else {
                merged.append(band)
            }
        }
        let margin = max(2, tallest / 5)
        return merged.map { band in (max(y0, band.top - margin), min(y1, band.bottom + margin), band.inkLeft, band.inkRight) }
    }

    /// The characters without what is left of a tick that overshot its box: a “ or 、 read just after a box,
    /// between it and its option.
    static func withoutTickRemnants(_ characters: [PositionedCharacter], boxes: [PositionedCharacter]) -> [PositionedCharacter] {
        let remnants: Set<Unicode.Scalar> = ["”", "“", "\"", "'", "’", "‘", "|", "、", "，", ",", ".", "。", "`", "^", "~", "-", "_", "/", "\\"]
        guard !boxes.isEmpty else { return characters }
        return characters.filter { character in
            guard remnants.contains(character.scalar) else { return true }
            return !boxes.contains { box in
                let width = box.x2 - box.x1
                return character.x1 >= box.x1 && character.x1 <= box.x2 + width && character.y1 < box.y2 && character.y2 > box.y1
            }
        }
    }
}
