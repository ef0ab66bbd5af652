import Foundation

/// Failures of the pipeline itself (not of a submission): the program stops with exit code 1.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    case missingInput(String)
    case stateFolderUnusable(path: String, reason: String)
    case schemas(String)
    case dropFolderUnusable(path: String, reason: String)
    case noStore(path: String)
    case unknownBranch(String, known: [String])
    case unknownForm(String, known: [String])
    case stateInsideDrop(state: String, drop: String)
    case noSuchSubmission(Int64)
    case notAForm(Int64)
    case unknownField(String, form: String)
    case unreadableValue(field: String, value: String)
    case originalMissing(Int64)

    /// Whether the command was asked for something that is not there (a path, a submission, a field): a usage
    /// error, exit code 2, rather than an operational failure.
    public var isUsageError: Bool {
        switch self {
        case .missingInput, .noSuchSubmission, .unknownField, .unreadableValue, .unknownBranch, .unknownForm: return true
        default: return false
        }
    }

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
        case .unknownBranch(let branch, let known):
            let list = known.isEmpty ? "数据库中还没有任何支部" : "已有的支部：" + known.joined(separator: "、")
            return "没有“\(branch)”这个支部的提交；\(list)"
        case .unknownForm(let form, let known):
            return "未知的表格 “\(form)”；可用：\(known.joined(separator: ", "))"
        case .noStore(let path):
            return "在 \(path) 没有找到数据库；先运行 formpipe batch 文件夹（或 formpipe watch）收取表格，或检查 --state / --db 是否写错"
        case .stateInsideDrop(let state, let drop):
            return "状态文件夹 \(state) 位于投递文件夹 \(drop) 之内：formpipe 会把自己的数据库和存档当作提交取走。"
                + "请把状态文件夹放在投递文件夹之外（默认布局是投递文件夹在状态文件夹之内：var/drop）"
        case .noSuchSubmission(let id):
            return "没有第 \(id) 号提交；formpipe review 列出待核对的提交及其编号"
        case .notAForm(let id):
            return "第 \(id) 号提交没有识别为表格（无法识别或重复提交），不能在其中核对字段"
        case .unknownField(let name, let form):
            return "“\(form)”没有“\(name)”这个字段；字段可写标签（如 姓名）、查摆情况 第3行 整改措施，或导出中的路径（如 items[2].measures）"
        case .unreadableValue(let field, let value):
            return "“\(value)”不是“\(field)”能用的值（日期写作 2017-06-30，数字只写数字，选项写选项原文）"
        case .originalMissing(let id):
            return "第 \(id) 号提交的原件不在存档中，无法重新读取"
        }
    }
}
