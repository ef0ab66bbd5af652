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

    /// An 8-bit grey image of the page from its red channel alone: black and blue ink stay dark, the red of a
    /// seal (公章) stamped over the signature and text turns as light as the paper.
    func redChannelGrey() -> PixImage? {
        if depth == 8, pixGetColormap(pointer) == nil { return PixImage(pixCopy(nil, pointer)) }
        guard let colour = PixImage(pixConvertTo32(pointer)) else { return nil }
        return PixImage(pixGetRGBComponent(colour.pointer, Int32(COLOR_RED)))
    }

    /// An 8-bit image from a cairo RGB24 drawing (`stride` bytes per row), keeping only the red channel.
    static func redChannel(ofCairoRGB data: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) -> PixImage? {
        guard let image = PixImage(pixCreate(Int32(width), Int32(height), 8)), let bytes = pixGetData(image.pointer) else {
            return nil
        }
        let wordsPerLine = Int(pixGetWpl(image.pointer))
        for y in 0..<height {
            let source = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            let line = bytes + y * wordsPerLine
            // leptonica keeps 8-bit pixels big-endian within each 32-bit word.
            var x = 0
            while x < width {
                var word: UInt32 = 0
                for offset in 0..<4 {
                    let pixel = x + offset < width ? (source[x + offset] >> 16) & 0xFF : 0xFF
                    word |= pixel << UInt32(24 - 8 * offset)
                }
                line[x / 4] = word
                x += 4
            }
        }
        return image
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
