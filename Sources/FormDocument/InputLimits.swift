/// Bounds every reader enforces, so that a hostile or broken file costs a rejection, not the process.
///
/// The zip bounds follow Apache POI's ZipSecureFile.
public struct InputLimits: Sendable, Hashable {
    /// Largest file accepted at all.
    public var maxFileBytes: Int = 50 * 1024 * 1024
    /// Most entries a .docx may hold.
    public var maxZipEntries: Int = 1000
    /// Largest uncompressed size of one zip entry.
    public var maxEntryBytes: Int = 100 * 1024 * 1024
    /// Smallest compressed/uncompressed ratio accepted for entries larger than `inflateRatioGraceBytes`.
    public var minInflateRatio: Double = 0.01
    public var inflateRatioGraceBytes: Int = 100 * 1024
    /// Deepest element nesting accepted in XML.
    public var maxXMLDepth: Int = 256
    /// Most characters of text a document may yield.
    public var maxTextCharacters: Int = 2_000_000
    /// Most pages read from a PDF.
    public var maxPDFPages: Int = 50
    /// Longest time one file may take to unpack.
    public var secondsPerFile: Double = 30

    public init() {}
}
