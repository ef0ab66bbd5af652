/// The limits as one command-line argument, so an unpack worker process enforces exactly the parent's limits.
extension InputLimits {
    public var argument: String {
        [
            "max_file_bytes=\(maxFileBytes)", "max_zip_entries=\(maxZipEntries)", "max_entry_bytes=\(maxEntryBytes)", "max_total_inflated_bytes=\(maxTotalInflatedBytes)",
            "min_inflate_ratio=\(minInflateRatio)", "inflate_ratio_grace_bytes=\(inflateRatioGraceBytes)",
            "max_xml_depth=\(maxXMLDepth)", "max_text_characters=\(maxTextCharacters)", "max_pdf_pages=\(maxPDFPages)",
            "seconds_per_file=\(secondsPerFile)", "convert_legacy=\(convertLegacy)",
        ].joined(separator: ",")
    }

    /// Reads `argument`; unknown or malformed entries make the whole argument invalid (nil).
    public init?(argument: String) {
        self.init()
        for entry in argument.split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return nil }
            let value = parts[1]
            switch parts[0] {
            case "max_file_bytes": guard let number = Int(value) else { return nil }; maxFileBytes = number
            case "max_zip_entries": guard let number = Int(value) else { return nil }; maxZipEntries = number
            case "max_entry_bytes": guard let number = Int(value) else { return nil }; maxEntryBytes = number
            case "max_total_inflated_bytes": guard let number = Int(value) else { return nil }; maxTotalInflatedBytes = number
            case "min_inflate_ratio": guard let number = Double(value) else { return nil }; minInflateRatio = number
            case "inflate_ratio_grace_bytes": guard let number = Int(value) else { return nil }; inflateRatioGraceBytes = number
            case "max_xml_depth": guard let number = Int(value) else { return nil }; maxXMLDepth = number
            case "max_text_characters": guard let number = Int(value) else { return nil }; maxTextCharacters = number
            case "max_pdf_pages": guard let number = Int(value) else { return nil }; maxPDFPages = number
            case "seconds_per_file": guard let number = Double(value) else { return nil }; secondsPerFile = number
            case "convert_legacy": guard let flag = Bool(value) else { return nil }; convertLegacy = flag
            default: return nil
            }
        }
    }
}
