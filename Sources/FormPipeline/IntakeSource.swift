public import FormStore
public import Foundation

/// Where a submission comes from, as intake takes it: every door (batch, watch, and an upload handler) hands
/// intake a list of these, and the rest of the pipeline is the same for all of them.
public enum IntakeSource: Sendable {
    /// A file on disk, read whole at intake, recorded under `shownPath` (the path as the clerk gave it).
    case file(URL, shownPath: String)
    /// Bytes already in hand (an upload), recorded under `name` — the name the sender gave, never a path of
    /// this machine — with who handed them in, recorded by the same intake transaction.
    case bytes(Data, name: String, upload: Upload? = nil)

    /// What the store records as the submission's source path, and the summary shows.
    public var shownPath: String {
        switch self {
        case .file(_, let shownPath): shownPath
        case .bytes(_, let name, _): name
        }
    }

    /// Who handed it in through the portal; nil for every other door.
    public var upload: Upload? {
        switch self {
        case .file: nil
        case .bytes(_, _, let upload): upload
        }
    }
}
