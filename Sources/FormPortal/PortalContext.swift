public import Hummingbird
import NIOCore

/// What the portal knows of a request besides the request itself: where it came from.
public struct PortalContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's address, for the sign-in throttle and the audit trail.
    public let address: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The portal reads bodies itself, under its own limits (files per request, size per file), and answers
    /// an oversized one with a page in Chinese.
    public var maxUploadSize: Int { Int.max }
}
