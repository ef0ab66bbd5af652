import CTesseract
import Foundation

/// A leptonica image owned by Swift: destroyed when the last reference goes, on every path.
final class PixImage {
    let pointer: UnsafeMutablePointer<PIX>

    /// Takes ownership of `pointer`; nil for a null pointer (leptonica's answer to anything it cannot do).
    init?(_ pointer: UnsafeMutablePointer<PIX>?) {
        guard let pointer else { return nil }
        self.pointer = pointer
    }

    deinit {
        var owned: UnsafeMutablePointer<PIX>? = pointer
        pixDestroy(&owned)
    }

    var width: Int { Int(pixGetWidth(pointer)) }
    var height: Int { Int(pixGetHeight(pointer)) }
    var depth: Int { Int(pixGetDepth(pointer)) }

    /// The page to read: grey from its red channel, and where it is red.
    func scanImage() -> ScanImage? {
        if depth == 8, pixGetColormap(pointer) == nil { return PixImage(pixCopy(nil, pointer)).map { ScanImage(grey: $0, redness: nil) } }
        guard let colour = PixImage(pixConvertTo32(pointer)),
            let red = PixImage(pixGetRGBComponent(colour.pointer, Int32(COLOR_RED))),
            let green = PixImage(pixGetRGBComponent(colour.pointer, Int32(COLOR_GREEN)))
        else { return nil }
        return ScanImage(grey: red, redness: PixImage(pixSubtractGray(nil, red.pointer, green.pointer)))
    }

    /// The page to read from a cairo RGB24 drawing (`stride` bytes per row): its red channel and its redness in
    /// one pass.
    static func scanImage(ofCairoRGB data: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) -> ScanImage? {
        guard let grey = PixImage(pixCreate(Int32(width), Int32(height), 8)), let greyBytes = pixGetData(grey.pointer),
            let redness = PixImage(pixCreate(Int32(width), Int32(height), 8)), let rednessBytes = pixGetData(redness.pointer)
        else { return nil }
        let wordsPerLine = Int(pixGetWpl(grey.pointer))
        for y in 0..<height {
            let source = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            let greyLine = greyBytes + y * wordsPerLine
            let rednessLine = rednessBytes + y * wordsPerLine
            // leptonica keeps 8-bit pixels big-endian within each 32-bit word.
            var x = 0
            while x < width {
                var greyWord: UInt32 = 0
                var rednessWord: UInt32 = 0
                for offset in 0..<4 {
                    let pixel = x + offset < width ? source[x + offset] : 0xFF_FFFF
                    let red = (pixel >> 16) & 0xFF
                    let green = (pixel >> 8) & 0xFF
                    greyWord |= red << UInt32(24 - 8 * offset)
                    rednessWord |= (red > green ? red - green : 0) << UInt32(24 - 8 * offset)
                }
                greyLine[x / 4] = greyWord
                rednessLine[x / 4] = rednessWord
                x += 4
            }
        }
        return ScanImage(grey: grey, redness: redness)
    }

    /// The bounding boxes of the connected ink of a 1-bit image (`connectivity` 4 or 8), in pixels.
    func componentBoxes(connectivity: Int32) -> [(x: Int, y: Int, width: Int, height: Int)] {
        guard var components = Optional(pixConnCompBB(pointer, connectivity)), let boxes = components else { return [] }
        defer { boxaDestroy(&components) }
        var result: [(x: Int, y: Int, width: Int, height: Int)] = []
        for index in 0..<boxaGetCount(boxes) {
            var x: Int32 = 0
            var y: Int32 = 0
            var width: Int32 = 0
            var height: Int32 = 0
            guard boxaGetBoxGeometry(boxes, index, &x, &y, &width, &height) == 0 else { continue }
            result.append((Int(x), Int(y), Int(width), Int(height)))
        }
        return result
    }

    /// Calls `body` with the column of every ink pixel in row `y` of a 1-bit image, left to right, skipping
    /// blank words whole.
    func forEachInk(inRow y: Int, _ body: (Int) -> Void) {
        guard y >= 0, y < height, let data = pixGetData(pointer) else { return }
        let wordsPerLine = Int(pixGetWpl(pointer))
        let line = data + y * wordsPerLine
        for wordIndex in 0..<wordsPerLine where line[wordIndex] != 0 {
            let word = line[wordIndex]
            for bit in 0..<32 where (word >> UInt32(31 - bit)) & 1 == 1 {
                let x = wordIndex * 32 + bit
                guard x < width else { return }
                body(x)
            }
        }
    }

    /// Whether the 1-bit pixel at (`x`, `y`) is set (ink); the caller keeps the point inside.
    @inline(__always)
    static func bit(_ line: UnsafeMutablePointer<UInt32>, _ x: Int) -> Bool {
        (line[x >> 5] >> UInt32(31 - (x & 31))) & 1 == 1
    }
}

/// A page image for OCR. `grey` is its red channel: black and blue ink stay dark, the red of a seal (公章) stamped
/// over the signature and text turns as light as the paper. `redness` (red less green, nil for a page in grey)
/// shows where the seal lies: over a table's border it leaves a gap in the grey.
struct ScanImage {
    let grey: PixImage
    let redness: PixImage?
}
