import FormDocument
import FormPipeline
import FormPortal
import FormSchema
import FormStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import TestSupport
import Testing

/// The portal's routes, each role and each refusal, through HummingbirdTesting (the router in this process,
/// the real pipeline behind it: uploads are taken in, processed and stored as a batch's files are).
@Suite struct PortalRouteTests {
    /// A state folder with an office account, two branch accounts and the portal over it.
    final class Site: @unchecked Sendable {
        let folder: URL
        let store: SubmissionStore
        let portal: Portal
        static let passwords = [
            "office": "办公室的长密码2026", "zhibu1": "第一支部的长密码2026", "zhibu2": "第二支部的长密码2026", "zhibu3": "机关二支部长密码2026",
        ]

        /// `held`: the files are read only once the test lets them go (`HeldProcessing.release`).
        init(_ label: String, held: HeldProcessing? = nil, settings: (inout PortalSettings) -> Void = { _ in }) throws {
            folder = try TestPaths.temporaryFolder(label)
            let environment = try PipelineEnvironment(
                configFile: TestPaths.repositoryRoot.appendingPathComponent("pipeline.conf").path,
                stateFolder: folder.appendingPathComponent("state").path, databaseFile: nil, overrides: [])
            store = try environment.openStore()
            try store.addAccount(
                name: "office", role: .office, branch: nil, passwordHash: Passwords.hash(Self.passwords["office"] ?? "", cost: 4), by: .commandLine())
            try store.addAccount(
                name: "zhibu1", role: .branch, branch: "第一党支部", passwordHash: Passwords.hash(Self.passwords["zhibu1"] ?? "", cost: 4),
                by: .commandLine())
            try store.addAccount(
                name: "zhibu2", role: .branch, branch: "第二党支部", passwordHash: Passwords.hash(Self.passwords["zhibu2"] ?? "", cost: 4),
                by: .commandLine())
            try store.addAccount(
                name: "zhibu3", role: .branch, branch: "机关第二党支部", passwordHash: Passwords.hash(Self.passwords["zhibu3"] ?? "", cost: 4),
                by: .commandLine())
            let reading = InProcessProcessing(catalog: environment.catalog, limits: environment.config.limits)
            held?.reading.withLock { $0 = reading }
            let processing: any SubmissionProcessing = held ?? reading
            var portalSettings = PortalSettings(maxFileBytes: environment.config.limits.maxFileBytes)
            // An upload's answer waits for its verdicts however slow the machine (an ASan build on a loaded CI
            // machine: 120 s from the upload's arrival was once not enough there); the test of the answer that does
            // not wait sets its own.
            portalSettings.verdictWait = .seconds(900)
            settings(&portalSettings)
            portal = Portal(
                store: store, catalog: environment.catalog, config: environment.config, processing: processing, settings: portalSettings,
                logger: Logger(label: "portal-test"))
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        var application: some ApplicationProtocol { Application(router: portal.router()) }
    }

    /// The pipeline's own reading, which waits until the test releases it: a machine too busy to read a file
    /// within the upload's answer, on demand.
    final class HeldProcessing: SubmissionProcessing {
        let reading = Mutex<InProcessProcessing?>(nil)
        private let released = Mutex(false)

        func release() { released.withLock { $0 = true } }

        func process(_ bytes: Data) async -> ProcessedFile {
            while !released.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(10)) }
            guard let reading = reading.withLock({ $0 }) else { fatalError("HeldProcessing used outside a Site") }
            return await reading.process(bytes)
        }

        func shutdown() {}
    }

    /// A browser's cookie jar and the page tokens it has seen.
    struct Browser {
        let client: any TestClientProtocol
        var cookies: [String: String] = [:]

        var cookieHeader: HTTPFields {
            cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
        }

        mutating func request(_ uri: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:], body: ByteBuffer? = nil)
            async throws -> TestResponse
        {
            var all = cookieHeader
            for field in headers { all.append(field) }
            let response = try await client.execute(uri: uri, method: method, headers: all, body: body)
            for value in response.headers[values: .setCookie] {
                let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { cookies[pair[0]] = pair[1].isEmpty ? nil : pair[1] }
            }
            return response
        }

        /// Signs in through the sign-in page, as a person would.
        mutating func signIn(_ name: String, password: String? = nil) async throws -> TestResponse {
            let page = try await request("/login")
            let token = Self.csrf(in: String(buffer: page.body)) ?? ""
            let form = "csrf=\(token)&name=\(name)&password=\(Self.encoded(password ?? Site.passwords[name] ?? ""))"
            return try await request(
                "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form))
        }

        /// Hands files in through the upload form.
        mutating func upload(_ files: [(name: String, data: Data)], csrf: String?) async throws -> TestResponse {
            let boundary = "----formpipe-test-boundary"
            var body = Data()
            if let csrf { body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n".utf8)) }
            for file in files {
                body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(file.name)\"\r\n".utf8))
                body.append(Data("Content-Type: application/octet-stream\r\n\r\n".utf8))
                body.append(file.data)
                body.append(Data("\r\n".utf8))
            }
            body.append(Data("--\(boundary)--\r\n".utf8))
            return try await request(
                "/upload", method: .post, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: ByteBuffer(bytes: body))
        }

        static func csrf(in html: String) -> String? {
            guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
            return String(html[range.upperBound...].prefix { $0 != "\"" })
        }

        static func encoded(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        }
    }

    static func sample(_ name: String) throws -> Data {
        try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Samples/\(name)"))
    }

    @Test func aBranchHandsInFormsAndReadsEachVerdictAndTheOfficeSeesThem() async throws {
        let site = try Site("portal-upload")
        try await site.application.test(.router) { client in
            var branch = Browser(client: client)
            let anonymous = try await branch.request("/")
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/login", "anonymous visitors are sent to sign in")
            let signedIn = try await branch.signIn("zhibu1")
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/")
            let cookie = signedIn.headers[values: .setCookie].first { $0.hasPrefix("fp_session=") } ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"), "\(cookie)")
            let home = String(buffer: try await branch.request("/").body)
            #expect(home.contains("本支部提交的表格") && home.contains("zhibu1（第一党支部）"))
            let csrf = Browser.csrf(in: home)

            let answer = try await branch.upload(
                [("年度目标任务书.docx", try Self.sample("annual_target_book_invalid.docx")), ("学习计划表.docx", try Self.sample("study_plan_valid_a.docx"))],
                csrf: csrf)
            #expect(answer.status == .ok)
            let results = String(buffer: answer.body)
            #expect(results.contains("年度目标任务书.docx") && results.contains("需整改"), "\(results)")
            #expect(results.contains("<b>支部审核意见</b>：缺少必填项：支部审核意见"), "each finding by its field's label")
            #expect(results.contains("学习计划表.docx") && results.contains("合格"))
            let stored = try site.store.uploadedSubmissions(branch: "第一党支部")
            #expect(stored.count == 2)
            #expect(Set(stored.map(\.sourcePath)) == ["portal/第一党支部/年度目标任务书.docx", "portal/第一党支部/学习计划表.docx"])

            // The office sees both, and each submission's page.
            var office = Browser(client: client)
            _ = try await office.signIn("office")
            let overview = String(buffer: try await office.request("/").body)
            #expect(overview.contains("年度目标任务书.docx") && overview.contains("学习计划表.docx"))
            for submission in stored {
                #expect(try await office.request("/s/\(submission.id)").status == .ok)
            }
            // The office's reports, made from the store on demand: the overview and each file to download.
            let officePage = String(buffer: try await office.request("/office").body)
            #expect(officePage.contains("下载报表") && officePage.contains("/office/download?file=report.xlsx"), "\(officePage)")
            #expect(officePage.contains("汇总工作簿（Excel）") && officePage.contains("·学习安排（CSV）"), "downloads by their Chinese names")
            let report = try await office.request("/office/overview")
            #expect(report.status == .ok && String(buffer: report.body).contains("各支部完成情况"))
            #expect(report.headers[.contentSecurityPolicy]?.contains("script") == false)
            let html = String(buffer: report.body)
            if let link = html.range(of: "href=\"notices/") {
                let name = html[link.upperBound...].prefix { $0 != "\"" }
                let notice = try await office.request("/office/notices/" + name)
                #expect(notice.status == .ok && String(buffer: notice.body).contains("整改通知"), "the overview's link to a notice: \(name)")
            } else {
                Issue.record("the overview links no notice")
            }
            let workbook = try await office.request("/office/download?file=report.xlsx")
            #expect(workbook.status == .ok && workbook.body.getString(at: 0, length: 2) == "PK")
            #expect(workbook.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            for refused in ["/office/download?file=../formpipe.sqlite", "/office/download?file=%2Fetc%2Fpasswd", "/office/download"] {
                #expect(try await office.request(refused).status == .notFound, "\(refused)")
            }
            // Search by a member's name (in the record), a branch, a form's name; a pattern character is literal.
            let byName = String(buffer: try await office.request("/office/search?q=\(Browser.encoded("马振华"))").body)
            #expect(byName.contains("找到 1 份") && byName.contains("年度目标任务书.docx"), "\(byName)")
            let byForm = String(buffer: try await office.request("/office/search?q=\(Browser.encoded("学习计划"))").body)
            #expect(byForm.contains("找到 1 份") && byForm.contains("学习计划表.docx"), "\(byForm)")
            #expect(String(buffer: try await office.request("/office/search?q=%25").body).contains("没有找到"))
            #expect(try await branch.request("/office/search?q=x").status == .notFound)
            // Re-validation from the office's page, with its change report; refused without the token or to a branch.
            let officeHome = String(buffer: try await office.request("/office").body)
            let officeToken = try #require(Browser.csrf(in: officeHome))
            let revalidated = try await office.request(
                "/office/revalidate", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(officeToken)&form=annual_target_book&branch="))
            #expect(
                revalidated.status == .ok && String(buffer: revalidated.body).contains("重新审核 1 份，0 份结果有变化"), "\(String(buffer: revalidated.body))")
            let forged = try await office.request(
                "/office/revalidate", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "form="))
            #expect(forged.status == .forbidden)
            #expect(
                try await branch.request(
                    "/office/revalidate", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "csrf=\(csrf ?? "")")
                ).status == .notFound)
            // A branch's page for the office: what it handed in, what it owes, its notice; a branch account gets 404.
            let branchPage = String(buffer: try await office.request("/office/branch?name=\(Browser.encoded("第一党支部"))").body)
            #expect(branchPage.contains("年度目标任务书.docx") && branchPage.contains("尚未提交（按花名册）"), "\(branchPage)")
            #expect(overview.contains("/office/branch?name="), "the office's list links each branch")
            #expect(try await branch.request("/office/branch?name=x").status == .notFound)
            // 待核对, for the office only.
            #expect(String(buffer: try await office.request("/office/review").body).contains("待核对"))
            #expect(try await branch.request("/office/review").status == .notFound)
            // The original as it was sent, to its own branch and the office; 404 to another branch.
            let target = try #require(stored.first { $0.sourcePath.hasSuffix("年度目标任务书.docx") })
            let original = try await branch.request("/s/\(target.id)/original")
            let sent = try Self.sample("annual_target_book_invalid.docx")
            #expect(original.status == .ok && original.body.getBytes(at: 0, length: original.body.readableBytes) == Array(sent))
            #expect(try await office.request("/s/\(target.id)/original").status == .ok)
            // A branch reaches none of it.
            for uri in ["/office", "/office/overview", "/office/download?file=report.xlsx"] {
                #expect(try await branch.request(uri).status == .notFound, "\(uri)")
            }
            // Another branch sees neither: not in its list, and 404 for each page.
            var other = Browser(client: client)
            _ = try await other.signIn("zhibu2")
            let otherHome = String(buffer: try await other.request("/").body)
            #expect(!otherHome.contains("年度目标任务书.docx"))
            #expect(try await other.request("/s/\(target.id)/original").status == .notFound)
            // The notice of the branch the form names (机关第二党支部), on that branch's page.
            var second = Browser(client: client)
            _ = try await second.signIn("zhibu3")
            // What that branch still owes (without a roster: its own self-check form, as the overview lists it).
            let secondHome = String(buffer: try await second.request("/").body)
            #expect(secondHome.contains("尚未提交（按花名册）") && secondHome.contains("本支部：基层党支部规范化建设问题查摆及整改措施"), "\(secondHome)")
            let notice = String(buffer: try await second.request("/notice").body)
            #expect(notice.contains("整改通知") && notice.contains("支部审核意见"), "\(notice.prefix(300))")
            #expect(String(buffer: try await other.request("/notice").body).contains("当前没有需要整改的表格"))
            for submission in stored {
                #expect(try await other.request("/s/\(submission.id)").status == .notFound)
                #expect(try await branch.request("/s/\(submission.id)").status == .ok)
            }
        }
        let actions = try site.store.auditTrail().map(\.action)
        #expect(actions.filter { $0 == "sign-in" }.count == 4 && actions.filter { $0 == "upload" }.count == 2, "\(actions)")
        #expect(actions.filter { $0 == "download" }.count == 5, "the notice, the workbook, two originals and the branch's notice: \(actions)")
        #expect(actions.filter { $0 == "revalidate" }.count == 1, "\(actions)")
    }

    @Test func statefulRequestsWithoutTheirTokenAreRefused() async throws {
        let site = try Site("portal-csrf")
        try await site.application.test(.router) { client in
            var browser = Browser(client: client)
            // A sign-in whose token is not its cookie's (another site's form).
            _ = try await browser.request("/login")
            let forged = try await browser.request(
                "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=forged&name=zhibu1&password=\(Browser.encoded(Site.passwords["zhibu1"] ?? ""))"))
            #expect(forged.status == .forbidden && browser.cookies["fp_session"] == nil)
            _ = try await browser.signIn("zhibu1")
            #expect(browser.cookies["fp_session"] != nil)
            let upload = try await browser.upload([("a.docx", try Self.sample("study_plan_valid_a.docx"))], csrf: nil)
            #expect(upload.status == .forbidden)
            #expect(try site.store.uploadedSubmissions(branch: nil).isEmpty, "nothing taken in")
            let signOut = try await browser.request(
                "/logout", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "csrf=wrong"))
            #expect(signOut.status == .forbidden)
            #expect(try await browser.request("/").status == .ok, "still signed in")
        }
    }

    @Test func wrongPasswordsAreThrottledPerAccountAndDisabledAccountsCannotSignIn() async throws {
        let site = try Site("portal-throttle") { $0.now = { 1_000_000 } }
        try await site.application.test(.router) { client in
            var browser = Browser(client: client)
            for _ in 0..<5 {
                #expect(try await browser.signIn("zhibu1", password: "不对的密码不对的密码").status == .unauthorized)
            }
            let sixth = try await browser.signIn("zhibu1")
            #expect(sixth.status == .tooManyRequests, "the right password too, once the account is throttled")
            #expect(String(buffer: sixth.body).contains("登录尝试过多"))
        }
        #expect(try site.store.auditTrail().contains { $0.action == "sign-in-throttled" && $0.account == "zhibu1" })
        // A fresh site: the five failures above also throttle their address (all test requests share one).
        let second = try Site("portal-disabled")
        try second.store.setDisabled(true, account: "zhibu2", by: .commandLine())
        try await second.application.test(.router) { client in
            var disabled = Browser(client: client)
            #expect(try await disabled.signIn("zhibu2").status == .unauthorized)
            // An unknown name is answered exactly as a wrong password is.
            var unknown = Browser(client: client)
            let answer = try await unknown.signIn("nobody", password: "随便什么密码随便什么")
            #expect(answer.status == .unauthorized && String(buffer: answer.body).contains("账号或密码不正确"))
        }
    }

    @Test func oversizedUploadsAreAnsweredWith413InChineseAndEveryPageCarriesTheSecurityHeaders() async throws {
        let site = try Site("portal-limits") {
            $0.maxFileBytes = 100_000
            $0.maxFilesPerRequest = 2
        }
        try await site.application.test(.router) { client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("zhibu1")
            let csrf = Browser.csrf(in: String(buffer: try await browser.request("/").body))
            let big = try await browser.upload([("大文件.docx", Data(count: 150_000))], csrf: csrf)
            #expect(big.status == .contentTooLarge && String(buffer: big.body).contains("文件过大"))
            let many = try await browser.upload((0..<3).map { ("\($0).docx", Data("x".utf8)) }, csrf: csrf)
            #expect(many.status == .contentTooLarge && String(buffer: many.body).contains("文件过多"))
            #expect(try site.store.uploadedSubmissions(branch: nil).isEmpty)
            for uri in ["/login", "/", "/s/999", "/no-such-page", "/static/portal.css"] {
                let response = try await browser.request(uri)
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "\(uri)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(uri)")
            }
            #expect(try await browser.request("/no-such-page").status == .notFound)
        }
    }

    /// The limits themselves at the store, with the clock in the test's hands; through the portal with limits of
    /// zero (any later request is past them, however slow the machine), and a disabled account.
    @Test func sessionsEndWhenIdleOrOldOrWhenTheAccountIsDisabled() async throws {
        let site = try Site("portal-expiry")
        try site.store.createSession(tokenHash: "t", account: "zhibu1", csrf: "c", now: 1_000)
        #expect(try site.store.session(tokenHash: "t", now: 1_000 + 1_799, idle: 1_800, absolute: 43_200) != nil)
        #expect(try site.store.session(tokenHash: "t", now: 1_000 + 1_799 + 1_801, idle: 1_800, absolute: 43_200) == nil, "idle")
        #expect(try site.store.session(tokenHash: "t", now: 1_000, idle: 1_800, absolute: 43_200) == nil, "an ended session is gone")
        try site.store.createSession(tokenHash: "u", account: "zhibu1", csrf: "c", now: 1_000)
        var now = 1_000.0
        while now < 1_000 + 43_200 - 1_000 {
            now += 1_000
            #expect(try site.store.session(tokenHash: "u", now: now, idle: 1_800, absolute: 43_200) != nil)
        }
        #expect(try site.store.session(tokenHash: "u", now: 1_000 + 43_201, idle: 1_800, absolute: 43_200) == nil, "absolute, though in use")

        for (label, limits) in [("idle", (idle: 0.0, absolute: 43_200.0)), ("absolute", (idle: 1_800.0, absolute: 0.0))] {
            let strict = try Site("portal-\(label)") {
                $0.idleSeconds = limits.idle
                $0.absoluteSeconds = limits.absolute
            }
            try await strict.application.test(.router) { client in
                var browser = Browser(client: client)
                #expect(try await browser.signIn("zhibu1").status == .seeOther)
                let after = try await browser.request("/")
                #expect(after.status == .seeOther && after.headers[.location] == "/login", "\(label): the session has ended")
            }
        }
        let disabled = try Site("portal-disabled-session")
        try await disabled.application.test(.router) { client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("zhibu1")
            #expect(try await browser.request("/").status == .ok)
            try disabled.store.setDisabled(true, account: "zhibu1", by: .commandLine())
            #expect(try await browser.request("/").status == .seeOther, "disabling an account ends its sessions at once")
        }
    }

    /// The clock stands still, so the three uploads fall in one minute however long a loaded machine takes to
    /// read the first two (an ASan run on two cores once took more than a minute).
    @Test func uploadsPastTheRateAreAnswered429AndNamesAreNeverPaths() async throws {
        let site = try Site("portal-rate") {
            $0.uploadsPerMinute = 2
            $0.now = { 1_000_000 }
        }
        try await site.application.test(.router) { client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("zhibu1")
            let csrf = Browser.csrf(in: String(buffer: try await browser.request("/").body))
            let sample = try Self.sample("study_plan_valid_a.docx")
            let climbing = try await browser.upload([("../../../../tmp/逃逸.docx", sample)], csrf: csrf)
            #expect(climbing.status == .ok)
            #expect(try await browser.upload([("C:\\Users\\x\\计划.docx", sample)], csrf: csrf).status == .ok)
            let third = try await browser.upload([("第三份.docx", sample)], csrf: csrf)
            #expect(third.status == .tooManyRequests && String(buffer: third.body).contains("提交过于频繁"))
        }
        let paths = try site.store.uploadedSubmissions(branch: nil).map(\.sourcePath).sorted()
        #expect(paths == ["portal/第一党支部/计划.docx", "portal/第一党支部/逃逸.docx"], "the name only, recorded as text: \(paths)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/逃逸.docx"))
    }

    /// A file not read within the answer's wait is still answered at once, taken in: the branch is sent to a page
    /// that says it is being checked and reloads itself, and shows the verdict once it is there.
    @Test func anUploadNotReadInTimeIsAnsweredAtOnceAndItsPageShowsTheVerdictWhenItComes() async throws {
        let held = HeldProcessing()
        let site = try Site("portal-slow", held: held) { $0.verdictWait = .milliseconds(100) }
        try await site.application.test(.router) { client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("zhibu1")
            let csrf = Browser.csrf(in: String(buffer: try await browser.request("/").body))
            let answer = try await browser.upload([("年度目标任务书.docx", try Self.sample("annual_target_book_invalid.docx"))], csrf: csrf)
            #expect(answer.status == .seeOther)
            let results = try #require(answer.headers[.location])
            #expect(results.hasPrefix("/results?file="), "\(results)")
            // Taken in before the answer: recorded, waiting to be read.
            #expect(try site.store.submissions(takenInAs: "portal/第一党支部/年度目标任务书.docx").map(\.status) == [.pending])
            let waiting = String(buffer: try await browser.request(results).body)
            #expect(waiting.contains("正在检查") && waiting.contains("http-equiv=\"refresh\""), "\(waiting)")
            // Another branch asking for the same name sees only its own (none).
            var other = Browser(client: client)
            _ = try await other.signIn("zhibu2")
            #expect(!String(buffer: try await other.request(results).body).contains("处理中"))

            held.release()
            var page = waiting
            for _ in 0..<500 where page.contains("正在检查") {
                try await Task.sleep(for: .milliseconds(20))
                page = String(buffer: try await browser.request(results).body)
            }
            #expect(page.contains("需整改") && !page.contains("http-equiv=\"refresh\""), "\(page)")
        }
    }
}
