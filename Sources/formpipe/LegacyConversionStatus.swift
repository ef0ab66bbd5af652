import FormDocument
import FormPipeline
import Foundation

/// Whether .doc/.wps files are read, as `status` and `check` tell the office.
enum LegacyConversionStatus {
    static func line(config: PipelineConfig) -> String {
        guard config.limits.convertLegacy else { return "旧版 Word（.doc）/WPS 文件：不转换（convert_legacy = false），会请支部另存为 .docx" }
        guard let converter = LegacyConverter.installed() else {
            return "旧版 Word（.doc）/WPS 文件：未安装 LibreOffice，无法转换，会请支部另存为 .docx（安装：make deps-legacy）"
        }
        return "旧版 Word（.doc）/WPS 文件：用 LibreOffice 转换后读取（\(converter.executable)）"
    }
}
