import FormSchema
public import Foundation

/// The office's list of party members, from which the reports work out who has not submitted yet.
public struct Roster: Sendable, Equatable {
    public struct Member: Sendable, Equatable {
        public let branch: String
        public let name: String
        /// 党员类别 as in the target book (普通党员, 党支部书记, 科级干部, 处级及以上干部); may be empty.
        public let category: String
        /// 职级 (副处级, 正处级, …); may be empty.
        public let rank: String

        public init(branch: String, name: String, category: String, rank: String) {
            self.branch = branch
            self.name = name
            self.category = category
            self.rank = rank
        }

    }

    public let members: [Member]

    public init(members: [Member]) {
        self.members = members
    }

    /// Names as people type them differ in spaces (`王　芳`, `王 芳`); nothing else is folded, so two
    /// different people are never merged.
    static func normalised(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }

    /// Header names accepted for each column, so a roster exported from another system needs no editing.
    static let headerNames: [[String]] = [
        ["所在党支部", "所在支部", "党支部", "支部", "branch"],
        ["姓名", "name"],
        ["党员类别", "人员类别", "类别", "member_category", "category"],
        ["职级", "rank"],
    ]

    /// Reads the roster CSV; a row without a branch or a name stops the report with the line named.
    public static func load(from file: URL) throws(RosterError) -> Roster {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw RosterError(file: file.path, line: nil, message: "无法读取花名册（\(FileErrorText.describe(error))）")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RosterError(file: file.path, line: nil, message: "花名册不是 UTF-8 编码的 CSV，请在 Excel 中另存为“CSV UTF-8”")
        }
        return try parse(text, file: file.path)
    }

    static func parse(_ text: String, file: String) throws(RosterError) -> Roster {
        let records = CSVReader.records(in: text)
        guard let first = records.first else { return Roster(members: []) }
        var columns = [0, 1, 2, 3]
        var body = records[...]
        let headerCells = first.fields.map(normalised)
        if headerCells.contains(where: { cell in headerNames[1].contains(cell) }) {
            for (index, names) in headerNames.enumerated() {
                guard let position = headerCells.firstIndex(where: names.contains) else {
                    guard index >= 2 else {
                        throw RosterError(file: file, line: first.line, message: "表头缺少“\(names[0])”列")
                    }
                    columns[index] = -1
                    continue
                }
                columns[index] = position
            }
            body = body.dropFirst()
        }
        var members: [Member] = []
        for record in body {
            func cell(_ column: Int) -> String {
                guard column >= 0, column < record.fields.count else { return "" }
                return record.fields[column].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let branch = cell(columns[0])
            let name = cell(columns[1])
            guard !branch.isEmpty, !name.isEmpty else {
                throw RosterError(file: file, line: record.line, message: "每行应有所在党支部和姓名")
            }
            members.append(Member(branch: branch, name: name, category: cell(columns[2]), rank: cell(columns[3])))
        }
        return Roster(members: members)
    }
}

/// A roster that cannot be used, with the file and line to fix.
public struct RosterError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let message: String

    public var description: String {
        "花名册错误（\(file)\(line.map { " 第 \($0) 行" } ?? "")）：\(message)"
    }
}

/// RFC 4180 reading, as Excel writes CSV: optional BOM, quoted fields with doubled quotes and line breaks.
enum CSVReader {
    struct Record {
        /// 1-based line where the record starts, for error messages.
        let line: Int
        let fields: [String]
    }

    static func records(in text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return iterator.next()
        }
        func endRecord() {
            fields.append(field)
            field = ""
            records.append(Record(line: recordLine, fields: fields))
            fields = []
        }
        while let scalar = next() {
            if inQuotes {
                if scalar == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            inQuotes = false
                            pending = following
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                inQuotes = true
            case ",":
                fields.append(field)
                field = ""
            case "\r":
                if let following = next(), following != "\n" { pending = following }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
