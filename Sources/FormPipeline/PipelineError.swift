/// Failures of the pipeline itself (not of a submission): the program stops with exit code 1.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    case missingInput(String)
    case stateFolderUnusable(path: String, reason: String)
    case schemas(String)
    case dropFolderUnusable(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingInput(let path):
            return "找不到要处理的文件或文件夹：\(path)"
        case .stateFolderUnusable(let path, let reason):
            return "状态文件夹 \(path) 无法使用：\(reason)"
        case .schemas(let detail):
            return "表格定义（Schemas）有误：\(detail)"
        case .dropFolderUnusable(let path, let reason):
            return "投递文件夹 \(path) 无法写入：\(reason)；formpipe 需要把处理完的文件移走，请检查权限"
        }
    }
}
