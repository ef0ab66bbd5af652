import Crypto
public import FormPipeline
import FormReports
public import FormSchema
public import FormStore
import Foundation
import HTTPTypes
public import Hummingbird
public import Logging

/// Limits and lifetimes of the portal (pipeline.conf's `portal.*`).
public struct PortalSettings: Sendable {
    /// A session unused this long ends (seconds).
    public var idleSeconds: Double = 30 * 60
    /// A session ends this long after sign-in, used or not.
    public var absoluteSeconds: Double = 12 * 3600
    public var maxFilesPerRequest = 20
    public var uploadsPerMinute = 60
    /// How long after an upload arrives its answer may still wait for the verdicts; files not read by then: the
    /// answer sends the branch to a page that shows them as they come. Counted from the arrival, not from the
    /// end of the intake, so a busy portal (whose intake itself takes longer) answers no later than an idle one.
    public var verdictWait = Duration.milliseconds(80)
    /// Failed sign-ins allowed per account and per address in `signInWindowSeconds`.
    public var signInFailures = 5
    public var signInWindowSeconds: Double = 15 * 60
    /// Cookies only over HTTPS (set when `public_url` is https).
    public var secureCookies = false
    public var maxFileBytes: Int
    /// Seconds since 1970 by which sessions age and the limits count; tests hold it still.
    public var now: @Sendable () -> Double = { Date().timeIntervalSince1970 }

    public init(maxFileBytes: Int) {
        self.maxFileBytes = maxFileBytes
    }
}

/// `formpipe serve`: where branches hand in their forms and see the verdict at once. A third door to the same
/// pipeline: an upload is an `IntakeSource.bytes`, taken in, archived, processed and loaded exactly as a batch's
/// file is, by the same `BatchRunner`.
public struct Portal: Sendable {
    let store: SubmissionStore
    let catalog: SchemaCatalog
    let runner: BatchRunner
    let revalidator: Revalidator
    let settings: PortalSettings
    let logger: Logger
    let throttle = Throttle()
    let reports: OfficeReports
    let archive: OriginalsArchive
    let readings = Readings()

    static let sessionCookie = "fp_session"
    static let signInCookie = "fp_signin"

    /// `processing`: the workers that read uploads (and files read again), shared with nothing else.
    public init(
        store: SubmissionStore, catalog: SchemaCatalog, config: PipelineConfig, processing: any SubmissionProcessing, settings: PortalSettings,
        logger: Logger
    ) {
        self.store = store
        self.catalog = catalog
        self.settings = settings
        self.logger = logger
        runner = BatchRunner(config: config, store: store, processing: processing, logger: logger)
        revalidator = Revalidator(config: config, store: store, processing: processing)
        archive = OriginalsArchive(folder: config.archiveFolder, store: store)
        reports = OfficeReports(
            store: store, catalog: catalog, settings: config.reports, cache: config.stateFolder.appendingPathComponent("portal-reports"))
    }

    /// Waits for the uploads still being read (after the server stopped taking requests).
    public func finishReading() async {
        await readings.finish()
    }

    /// Finishes what a portal (or batch) killed mid-upload left pending, from the archived originals: run once
    /// before the portal answers.
    public func finishInterrupted() async throws {
        let summary = try await runner.run(sources: [], command: "serve")
        if summary.files > 0 { logger.notice("finished interrupted uploads", metadata: ["files": .string(String(summary.files))]) }
    }

    public func router() -> Router<PortalContext> {
        let router = Router(context: PortalContext.self)
        router.middlewares.add(PortalHeaders())
        router.get("/static/portal.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: Pages.stylesheet)))
        }
        router.get("/static/portal.js") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: Pages.script)))
        }
        router.get("/login") { request, _ in try await signInPage(request, message: nil, status: .ok) }
        router.post("/login") { request, context in try await signIn(request, context) }
        router.post("/logout") { request, context in try await signOut(request, context) }
        router.get("/") { request, _ in
            try await signedIn(request) { session in
                let submissions = try store.uploadedSubmissions(branch: session.account.role == .office ? nil : session.account.branch)
                var owed: [(member: String?, form: String)] = []
                if let branch = session.account.branch { owed = try await reports.owed(by: branch) }
                return Self.page(
                    Pages.home(account: session.account, csrf: session.csrf, submissions: submissions, owed: owed, catalog: catalog))
            }
        }
        router.post("/upload") { request, context in try await upload(request, context) }
        router.get("/results") { request, _ in
            try await signedIn(request) { session in
                let names = request.uri.queryParameters.getAll("file").prefix(settings.maxFilesPerRequest).map(Self.cleanName)
                return try results(of: Array(names), for: session)
            }
        }
        router.get("/s/{id}/original") { request, context in
            try await signedIn(request) { session in
                guard let id = context.parameters.get("id", as: Int64.self), let submission = try visibleSubmission(id, to: session.account),
                    let data = archive.original(sha256: submission.sha256)
                else { return Self.problem(.notFound, "找不到原件", "这份提交不存在、不属于您的支部，或原件已不在存档中。") }
                try await audit(AuditActor(account: session.account.name, address: context.address), action: "download", detail: "original \(id)")
                // The file as it was sent; its name without the part (`#2`) of a file that holds several forms.
                let name = Pages.shownName(submission.sourcePath).split(separator: "#").first.map(String.init) ?? "original"
                return Self.attachment(data, name: name, type: "application/octet-stream")
            }
        }
        router.get("/notice") { request, context in
            try await signedIn(request) { session in
                guard let branch = session.account.branch else { return Self.redirect(to: "/office") }
                guard let file = try await reports.notice(of: branch) else {
                    return Self.page(Pages.noNotice(account: session.account, csrf: session.csrf))
                }
                try await audit(AuditActor(account: session.account.name, address: context.address), action: "download", detail: "notice")
                return Self.reportPage(try Data(contentsOf: file))
            }
        }
        router.get("/office/review") { request, context in
            try await signedIn(request, office: true) { session in
                return Self.page(
                    Pages.review(account: session.account, csrf: session.csrf, listings: try store.listings(status: .review), catalog: catalog))
            }
        }
        router.post("/office/revalidate") { request, context in
            try await signedIn(request, office: true) { session in
                let form = try await Self.formFields(request)
                guard form["csrf"] == session.csrf else { return Self.refusedWithoutToken() }
                let formID = form["form"].flatMap { $0.isEmpty ? nil : $0 }
                let branch = form["branch"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
                if let formID, catalog.form(id: formID) == nil { return Self.problem(.badRequest, "无法重新审核", "没有这种表格。") }
                let report = try await revalidator.run(form: formID, branch: branch)
                await reports.storeChanged()
                try await audit(
                    AuditActor(account: session.account.name, address: context.address), action: "revalidate",
                    detail: "\(formID ?? "all") \(branch ?? "all"): \(report.checked) checked, \(report.changes.count) changed")
                return Self.page(
                    Pages.revalidated(account: session.account, csrf: session.csrf, report: report, form: formID, branch: branch, catalog: catalog))
            }
        }
        router.get("/office/branch") { request, _ in
            try await signedIn(request, office: true) { session in
                let name = (request.uri.queryParameters.get("name") ?? "").trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { return Self.problem(.notFound, "找不到支部", "请从列表中选择支部。") }
                let notice = try await reports.notice(of: name)?.lastPathComponent
                return Self.page(
                    Pages.branch(
                        name, account: session.account, csrf: session.csrf, submissions: try store.uploadedSubmissions(branch: name),
                        owed: try await reports.owed(by: name), notice: notice, catalog: catalog))
            }
        }
        router.get("/office/search") { request, context in
            try await signedIn(request, office: true) { session in
                let query = (request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
                let forms = catalog.forms.filter { !query.isEmpty && $0.name.contains(query) }.map(\.id)
                let found = query.isEmpty ? [] : try store.search(String(query.prefix(100)), forms: forms)
                return Self.page(Pages.search(account: session.account, csrf: session.csrf, query: query, found: found, catalog: catalog))
            }
        }
        router.get("/office") { request, context in
            try await signedIn(request, office: true) { session in
                let files = try await reports.downloads().keys.sorted()
                return Self.page(Pages.office(account: session.account, csrf: session.csrf, downloads: files, catalog: catalog))
            }
        }
        router.get("/office/overview") { request, context in
            try await signedIn(request, office: true) { session in
                return Self.reportPage(try await reports.overview())
            }
        }
        // The overview links each branch's notice as `notices/<name>`: shown here, as in the reports folder.
        router.get("/office/notices/{name}") { request, context in
            try await signedIn(request, office: true) { session in
                guard let name = context.parameters.get("name").map({ $0.removingPercentEncoding ?? $0 }),
                    let file = try await reports.downloads()["notices/" + name]
                else {
                    return Self.problem(.notFound, "找不到整改通知", "报表中没有这份通知。")
                }
                try await audit(AuditActor(account: session.account.name, address: context.address), action: "download", detail: "notices/" + name)
                return Self.reportPage(try Data(contentsOf: file))
            }
        }
        router.get("/office/download") { request, context in
            try await signedIn(request, office: true) { session in
                // The name is looked up among the files made, never joined to a path.
                guard let name = request.uri.queryParameters.get("file"), let file = try await reports.downloads()[name] else {
                    return Self.problem(.notFound, "找不到文件", "报表中没有这个文件。")
                }
                try await audit(AuditActor(account: session.account.name, address: context.address), action: "download", detail: name)
                return Self.attachment(try Data(contentsOf: file), name: name, type: Self.contentType(of: name))
            }
        }
        router.get("/s/{id}") { request, context in
            try await signedIn(request) { session in
                guard let id = context.parameters.get("id", as: Int64.self), let submission = try visibleSubmission(id, to: session.account)
                else { return Self.problem(.notFound, "找不到这份提交", "它不存在，或不属于您的支部。") }
                let replaced = try store.submissions(supersededBy: submission.id).filter { try visibleSubmission($0.id, to: session.account) != nil }
                let replacedBy = try submission.supersededBy.flatMap { try visibleSubmission($0, to: session.account) }
                return Self.page(
                    Pages.submission(
                        submission, replaced: replaced, replacedBy: replacedBy, account: session.account, csrf: session.csrf, catalog: catalog))
            }
        }
        return router
    }

    // MARK: Sessions

    /// `body` for a signed-in visitor (an office account, when `office`); others are sent to sign in, and a
    /// branch account asking for an office page is told there is none.
    func signedIn(
        _ request: Request, office: Bool = false, _ body: (PortalSession) async throws -> Response
    ) async throws -> Response {
        guard let session = try await session(of: request) else { return Self.redirect(to: "/login") }
        guard !office || session.account.role == .office else { return Self.problem(.notFound, "找不到页面", "地址有误。") }
        return try await body(session)
    }

    /// The signed-in session a request carries, if any.
    func session(of request: Request) async throws -> PortalSession? {
        guard let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty else { return nil }
        let (store, settings, hash) = (self.store, self.settings, Self.digest(token))
        return try await Self.storeWrites.run {
            try store.session(tokenHash: hash, now: settings.now(), idle: settings.idleSeconds, absolute: settings.absoluteSeconds)
        }
    }

    /// The sign-in form carries a token that must equal its cookie (double submit): another site cannot read
    /// the cookie, so it cannot sign a browser in to an account of its choosing.
    func signInPage(_ request: Request, message: String?, status: HTTPResponse.Status) async throws -> Response {
        if message == nil, try await session(of: request) != nil { return Self.redirect(to: "/") }
        let token = request.cookies[Self.signInCookie]?.value ?? Self.randomToken()
        var response = Self.page(Pages.signIn(csrf: token, message: message), status: status)
        response.setCookie(cookie(Self.signInCookie, token, maxAge: 3600))
        return response
    }

    func signIn(_ request: Request, _ context: PortalContext) async throws -> Response {
        let form = try await Self.formFields(request)
        guard let signInToken = request.cookies[Self.signInCookie]?.value, !signInToken.isEmpty, form["csrf"] == signInToken else {
            return Self.problem(.forbidden, "请重新登录", "登录页面已过期或不是从本站打开的，请刷新后再登录。")
        }
        let name = form["name"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let password = form["password"] ?? ""
        let now = settings.now()
        let keys = ["account:" + name, "address:" + context.address]
        for key in keys {
            guard await throttle.allows(key, limit: settings.signInFailures, window: settings.signInWindowSeconds, now: now) else {
                try await audit(AuditActor(account: name, address: context.address), action: "sign-in-throttled")
                return Self.problem(
                    .tooManyRequests, "登录尝试过多", "请 \(Int(settings.signInWindowSeconds / 60)) 分钟后再试；忘记密码请联系机关党委重设。")
            }
        }
        let account = try store.account(named: name)
        // An unknown name costs as much as a wrong password, so the time taken does not tell which it was.
        let hash = account?.passwordHash ?? Self.decoyHash
        let matches = await Self.verify(password, against: hash)
        guard let account, matches, !account.disabled else {
            for key in keys { await throttle.record(key, now: now) }
            try await audit(AuditActor(account: name, address: context.address), action: "sign-in-refused")
            return try await signInPage(request, message: "账号或密码不正确，或账号已停用。", status: .unauthorized)
        }
        await throttle.forget("account:" + name)
        let token = Self.randomToken()
        let (store, tokenHash, csrf) = (self.store, Self.digest(token), Self.randomToken())
        try await Self.storeWrites.run { try store.createSession(tokenHash: tokenHash, account: account.name, csrf: csrf, now: now) }
        try await audit(AuditActor(account: account.name, address: context.address), action: "sign-in")
        var response = Self.redirect(to: "/")
        response.setCookie(cookie(Self.sessionCookie, token, maxAge: Int(settings.absoluteSeconds)))
        return response
    }

    func signOut(_ request: Request, _ context: PortalContext) async throws -> Response {
        let form = try await Self.formFields(request)
        guard let session = try await session(of: request), let token = request.cookies[Self.sessionCookie]?.value else {
            return Self.redirect(to: "/login")
        }
        guard form["csrf"] == session.csrf else { return Self.refusedWithoutToken() }
        let (store, hash) = (self.store, Self.digest(token))
        try await Self.storeWrites.run { try store.deleteSession(tokenHash: hash) }
        try await audit(AuditActor(account: session.account.name, address: context.address), action: "sign-out")
        var response = Self.redirect(to: "/login")
        response.setCookie(cookie(Self.sessionCookie, "", maxAge: 0))
        return response
    }

    // MARK: Uploads

    func upload(_ request: Request, _ context: PortalContext) async throws -> Response {
        let arrived = ContinuousClock.now
        guard let session = try await session(of: request) else { return Self.redirect(to: "/login") }
        let account = session.account
        let now = settings.now()
        guard await throttle.allows("upload:" + account.name, limit: settings.uploadsPerMinute, window: 60, now: now) else {
            return Self.problem(.tooManyRequests, "提交过于频繁", "每分钟最多提交 \(settings.uploadsPerMinute) 次，请稍后再试。")
        }
        await throttle.record("upload:" + account.name, now: now)
        guard let boundary = request.headers[.contentType].flatMap(MultipartUpload.boundary(of:)) else {
            return Self.problem(.badRequest, "无法提交", "请使用本页的提交表单选择文件。")
        }
        // The whole request: every file at its limit, and room for the form's own fields.
        let limit = settings.maxFilesPerRequest * settings.maxFileBytes + 64 * 1024
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return tooLarge()
        }
        let upload: MultipartUpload
        do {
            upload = try MultipartUpload.parse(body, boundary: boundary)
        } catch {
            return Self.problem(.badRequest, "无法提交", "上传的内容不完整，请重新选择文件提交。")
        }
        guard upload.fields["csrf"] == session.csrf else { return Self.refusedWithoutToken() }
        guard !upload.files.isEmpty else { return Self.problem(.badRequest, "没有选择文件", "请选择要提交的表格文件。") }
        guard upload.files.count <= settings.maxFilesPerRequest else {
            return Self.problem(.contentTooLarge, "文件过多", "一次最多提交 \(settings.maxFilesPerRequest) 个文件，请分几次提交。")
        }
        if upload.files.contains(where: { $0.data.count > settings.maxFileBytes }) { return tooLarge() }

        // Recorded under a name of the sender's choosing, kept as text only: the file is archived by its hash.
        let named = upload.files.map { (name: Self.cleanName($0.name), data: $0.data) }
        let folder = Self.uploadFolder(of: account)
        let who = AuditActor(account: account.name, address: context.address)
        // The files are read on their own time; the answer waits for them only briefly. Once they are archived and
        // recorded none can be lost (a restart finishes them), so from then on the branch may be sent to a page
        // that shows each verdict as it comes.
        let (recorded, recording) = AsyncStream<Void>.makeStream()
        let (runner, reports) = (self.runner, self.reports)
        let reading = Task {
            defer { recording.finish() }
            _ = try await runner.run(
                sources: named.map { .bytes($0.data, name: folder + $0.name, upload: Upload(account: account, by: who, name: $0.name)) },
                command: "upload", takenIn: { recording.finish() })
            await reports.storeChanged()
        }
        readings.track(reading)
        for await _ in recorded {}
        let waitLeft = settings.verdictWait - (ContinuousClock.now - arrived)
        guard await reading.ended(within: max(.zero, waitLeft)) else {
            // Not read yet, but taken in: a failure from here on is the pipeline's to record, not the sender's.
            return Self.redirect(to: Self.resultsAddress(named.map(\.name)))
        }
        try await reading.value
        return try results(of: named.map(\.name), for: session)
    }

    /// The page of what became of these files (a branch's own names): while any is still being read, it says so
    /// and reloads itself each second.
    func results(of names: [String], for session: PortalSession) throws -> Response {
        let folder = Self.uploadFolder(of: session.account)
        var files: [(name: String, parts: [StoredSubmission])] = []
        var replaced: [Int64: [StoredSubmission]] = [:]
        for name in names {
            let parts = try store.submissions(takenInAs: folder + name)
            for part in parts { replaced[part.id] = try store.submissions(supersededBy: part.id) }
            files.append((name, parts))
        }
        let reading = files.contains { $0.parts.contains { $0.status == .pending } }
        return Self.page(
            Pages.results(account: session.account, csrf: session.csrf, files: files, replaced: replaced, reading: reading, catalog: catalog))
    }

    /// Where a branch's uploads are recorded: a name under the branch, never a path on disk.
    static func uploadFolder(of account: Account) -> String {
        "portal/" + (account.branch ?? "机关党委") + "/"
    }

    static func resultsAddress(_ names: [String]) -> String {
        "/results?" + names.map { "file=" + ($0.addingPercentEncoding(withAllowedCharacters: Pages.unreserved) ?? "") }.joined(separator: "&")
    }

    func tooLarge() -> Response {
        Self.problem(
            .contentTooLarge, "文件过大",
            "每个文件不能超过 \(settings.maxFileBytes / 1_048_576) MB，一次最多 \(settings.maxFilesPerRequest) 个文件。")
    }

    /// A submission the account may see: any, for the office; its own branch's uploads, for a branch.
    func visibleSubmission(_ id: Int64, to account: Account) throws -> StoredSubmission? {
        guard let submission = try store.submissions(ids: [id]).first else { return nil }
        if account.role == .office { return submission }
        guard let branch = try store.uploadingBranch(of: id), branch == account.branch else { return nil }
        return submission
    }

    // MARK: Helpers

    /// Where the portal's store writes run (and the session check, which writes now and then): a write waits its
    /// turn behind the uploads' loads, and on Swift's cooperative threads (two here) two such waits left the
    /// pages and the reports' actor without a thread to run on.
    static let storeWrites = OffPool(label: "formpipe.portal.store", concurrent: true)

    func audit(_ who: AuditActor, action: String, detail: String = "") async throws {
        let store = self.store
        try await Self.storeWrites.run { try store.audit(who, action: action, detail: detail) }
    }

    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: settings.secureCookies, httpOnly: true, sameSite: .strict)
    }

    static func page(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func problem(_ status: HTTPResponse.Status, _ title: String, _ detail: String) -> Response {
        page(Pages.problem(status: status.code, title: title, detail: detail), status: status)
    }

    static func refusedWithoutToken() -> Response {
        problem(.forbidden, "请求已拒绝", "页面已过期或不是从本站提交的。请返回首页刷新后再试。")
    }

    /// A page of the reports (the overview, a notice): one self-contained file, its styles inline and its charts
    /// as data: images, no script.
    static func reportPage(_ html: Data) -> Response {
        var response = Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: html)))
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
        return response
    }

    /// A file to save, under its name (RFC 6266's UTF-8 form, so a Chinese name arrives whole).
    static func attachment(_ data: Data, name: String, type: String) -> Response {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: Pages.unreserved) ?? "file"
        return Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "attachment; filename*=UTF-8''\(encoded)", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func contentType(of name: String) -> String {
        if name.hasSuffix(".xlsx") { return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }
        if name.hasSuffix(".csv") { return "text/csv; charset=utf-8" }
        if name.hasSuffix(".html") { return "text/html; charset=utf-8" }
        if name.hasSuffix(".docx") { return "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }
        return "application/octet-stream"
    }

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// The fields of an `application/x-www-form-urlencoded` body (a sign-in is small: 16 KB at most).
    static func formFields(_ request: Request) async throws -> [String: String] {
        let body = try await request.body.collect(upTo: 16 * 1024)
        var fields: [String: String] = [:]
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ") }
            guard let key = parts.first?.removingPercentEncoding else { continue }
            fields[key] = parts.count > 1 ? parts[1].removingPercentEncoding ?? "" : ""
        }
        return fields
    }

    /// A file name as shown: no folders, no controls, at most 120 characters.
    static func cleanName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let visible = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        let trimmed = visible.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? "未命名文件" : String(trimmed.prefix(120))
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexString
    }

    /// bcrypt takes a quarter of a second: off the event loop.
    static func verify(_ password: String, against hash: String) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Passwords.verify(password, against: hash)) }
        }
    }

    /// A hash no password matches, checked when the name is unknown.
    static let decoyHash = Passwords.hash(randomToken())
}

/// Headers on every answer: no page in a frame, no type sniffing, no script, styles only from the portal.
struct PortalHeaders: RouterMiddleware {
    static let frameOptions = HTTPField.Name("X-Frame-Options")!  // a valid token, written here
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    func handle(_ request: Request, context: PortalContext, next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            let title = error.status == .notFound ? "找不到页面" : "请求未能完成"
            response = Portal.problem(error.status, title, error.status == .notFound ? "地址有误。" : "请返回首页再试。")
        }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] =
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                + "base-uri 'none'"
        }
        response.headers[Self.frameOptions] = "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.referrerPolicy] = "no-referrer"
        return response
    }
}
