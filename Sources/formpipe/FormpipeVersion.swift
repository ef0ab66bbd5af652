import Foundation

/// What `formpipe --version` prints. Raised with each release the office installs.
enum FormpipeVersion {
    static let string = "formpipe 0.9.0"
}
