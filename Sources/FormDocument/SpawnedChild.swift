import Foundation

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
}
