import Foundation

/// Why a file or folder could not be read or written, in words for the office. Foundation on Linux describes
/// its file errors in English only ("The operation could not be completed. The file doesn’t exist."), and
/// the messages they end up in are otherwise Chinese.
public enum FileErrorText {
    public static func describe(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return describe(errno: posix.code.rawValue) }
        let bridged = error as NSError
        // Foundation wraps the system's errno: its own code only says "could not write".
        if let underlying = (error as? CocoaError)?.underlying ?? bridged.userInfo[NSUnderlyingErrorKey] as? any Error {
            let system = underlying as NSError
            if system.domain == NSPOSIXErrorDomain { return describe(errno: Int32(system.code)) }
        }
        if bridged.domain == NSPOSIXErrorDomain { return describe(errno: Int32(bridged.code)) }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "文件不存在"
            case .fileReadNoPermission, .fileWriteNoPermission: return "没有权限"
            case .fileWriteOutOfSpace: return "磁盘已满"
            case .fileWriteVolumeReadOnly: return "所在磁盘只读"
            case .fileWriteFileExists: return "同名文件已存在"
            case .fileReadInapplicableStringEncoding, .fileReadUnknownStringEncoding: return "不是 UTF-8 编码的文本"
            case .fileReadTooLarge: return "文件过大"
            case .fileReadCorruptFile: return "文件已损坏"
            default: break
            }
        }
        return "\(bridged.domain) \(bridged.code)：\(bridged.localizedDescription)"
    }

    public static func describe(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "文件不存在"
        case EACCES, EPERM: return "没有权限"
        case EISDIR: return "是文件夹"
        case ENOTDIR: return "路径中有一段不是文件夹"
        case ENOSPC, EDQUOT: return "磁盘已满"
        case EROFS: return "所在磁盘只读"
        case EEXIST: return "同名文件已存在"
        case EIO: return "磁盘读写出错"
        case ENAMETOOLONG: return "路径过长"
        case EMFILE, ENFILE: return "打开的文件过多"
        default: return "\(String(cString: strerror(code)))（errno \(code)）"
        }
    }
}
