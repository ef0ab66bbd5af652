import ArgumentParser
import FormDocument
import FormPipeline
import FormPortal
import FormStore
import Foundation
import Hummingbird
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web portal where branches hand in forms and see the verdict at once, until SIGINT or SIGTERM.",
        discussion: """
            Uploads go through the same intake, archive, workers and store as batch and watch, which may run beside it \
            on the same state folder. Accounts: formpipe users add. On an address other than loopback it starts only \
            when an office account exists; put it behind a reverse proxy for TLS (docs/portal.md).
            """)

    @OptionGroup var global: GlobalOptions
    @ParentCommand var root: Formpipe
    var options: GlobalOptions { global.resolved(with: root.global) }

    @Option(help: "Address and port to listen on.")
    var listen = "127.0.0.1:8080"

    @Option(help: "The address people open, when it differs (https://… makes the cookies Secure).")
    var publicURL: String?

    @Option(help: "Uploads allowed per account per minute (more are answered 429).")
    var uploadsPerMinute = 60

    @Option(help: "Files allowed in one upload (more are answered 413).")
    var filesPerUpload = 20

    @Option(
        help:
            "Milliseconds from an upload's arrival within which its answer carries the verdicts (files not read by then: a page that shows them as they come)."
    )
    var verdictWait = 80

    func run() async throws {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (1...65535).contains(port) else {
            throw ValidationError("--listen 应为 地址:端口，例如 127.0.0.1:8080")
        }
        let host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let environment = try options.environment()
        let logger = Logs.bootstrap(level: min(environment.config.logLevel, .info))
        let store = try environment.openStore(mapped: true)
        let loopback = host == "127.0.0.1" || host == "::1" || host == "localhost"
        if !loopback, try !store.hasActiveOfficeAccount() {
            throw ValidationError("在 \(host) 上对外提供服务前，请先用 formpipe users add NAME --role office 添加机关党委账号")
        }
        // Reading a file waits a little when a page is being answered: a page is milliseconds of work, a
        // form tens of them, and with twenty branches uploading at once the pages otherwise queue behind files.
        let processing = environment.makeProcessing(executable: GlobalOptions.executable, niceness: 10)
        defer { processing.shutdown() }
        var settings = PortalSettings(maxFileBytes: environment.config.limits.maxFileBytes)
        settings.secureCookies = publicURL?.lowercased().hasPrefix("https://") ?? false
        settings.uploadsPerMinute = max(1, uploadsPerMinute)
        settings.maxFilesPerRequest = max(1, filesPerUpload)
        settings.verdictWait = .milliseconds(max(0, verdictWait))
        let portal = Portal(
            store: store, catalog: environment.catalog, config: environment.config, processing: processing, settings: settings, logger: logger)
        try await portal.finishInterrupted()
        let app = Application(
            router: portal.router(), configuration: .init(address: .hostname(host, port: port), serverName: nil), logger: logger)
        logger.notice("portal listening", metadata: ["address": .string(listen)])
        try await app.runService()
        // Stopped (SIGTERM or SIGINT): the uploads already answered are read before the workers go.
        await portal.finishReading()
    }
}
