package import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a spawned child of formpipe gets of its parent's descriptors.
package enum SpawnedChild {
    /// Closes every descriptor from 3 up in the child (`posix_spawn_file_actions_addclosefrom_np`, glibc 2.34,
    /// looked up by name: the Glibc module does not declare it). A long-lived child (a worker, a kept office) would
    /// otherwise hold whatever another thread had open without O_CLOEXEC at that moment — a pipe whose reader then
    /// never sees its end. Where the function is missing the child inherits those, as it did before.
    package static func keepOnlyStandardDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
    }

    /// Starts the child with an empty signal mask and `signals` at their default action. batch and watch set SIGINT
    /// and SIGTERM to SIG_IGN to take them from a dispatch source, and a child inherits ignored signals and the
    /// mask: without this a worker or LibreOffice would shrug off the SIGTERM a service manager sends the whole
    /// group. Returns the spawn flags that make the attributes take effect, for the caller to add to its own.
    package static func resetSignals(_ signals: [Int32], in attributes: inout posix_spawnattr_t) -> Int32 {
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in signals { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        return POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
    }
}
