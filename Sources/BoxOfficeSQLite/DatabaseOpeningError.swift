import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a database file could not be opened, in words a person can act on: the path and
/// the cause, as one line (`cannot create /tmp/x/y.sqlite: the directory /tmp/x does not
/// exist`).
public struct DatabaseOpeningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `create` when the file did not exist yet, `open` when it did.
    public var verb: String
    /// The path as given.
    public var path: String
    /// What is wrong, and where it helps, what to do.
    public var cause: String

    /// The one line to show.
    public var description: String { "cannot \(verb) \(path): \(cause)" }

    /// The checks the file system can answer before SQLite is asked: that the file, or
    /// the directory it is to be created in, exists and may be read (and written, unless
    /// `readOnly`). Root passes every permission check, as the kernel lets it.
    /// - Throws: `DatabaseOpeningError` naming the first problem.
    static func checkFileSystem(path: String, readOnly: Bool) throws {
        let (directory, name) = split(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if readOnly {
                throw DatabaseOpeningError(
                    verb: "open", path: path,
                    cause: "there is no such file; `boxoffice serve --db \(path)` creates it")
            }
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
                throw DatabaseOpeningError(
                    verb: "create", path: path, cause: "the directory \(directory) does not exist")
            }
            guard isDirectory.boolValue else {
                throw DatabaseOpeningError(verb: "create", path: path, cause: "\(directory) is not a directory")
            }
            guard access(directory, W_OK | X_OK) == 0 else {
                throw DatabaseOpeningError(
                    verb: "create", path: path, cause: "the directory \(directory) is not writable")
            }
            return
        }
        guard !isDirectory.boolValue else {
            throw DatabaseOpeningError(verb: "open", path: path, cause: "it is a directory, not a database file")
        }
        guard access(path, R_OK) == 0 else {
            throw DatabaseOpeningError(verb: "open", path: path, cause: "the file is not readable")
        }
        if readOnly { return }
        guard access(path, W_OK) == 0 else {
            throw DatabaseOpeningError(
                verb: "open", path: path,
                cause: "the file is read-only; boxoffice serve writes to it (boxoffice seatmap and showings only read)")
        }
        // SQLite keeps the write-ahead log and its index beside the file.
        guard access(directory, W_OK | X_OK) == 0 else {
            throw DatabaseOpeningError(
                verb: "open", path: path,
                cause: "the directory \(directory) is not writable, and SQLite keeps \(name)-wal "
                    + "and \(name)-shm beside the file")
        }
    }

    /// The directory a path's file is in and the file's name, by the last `/` (Foundation's
    /// `deletingLastPathComponent` traps on `.`).
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = path[..<slash]
        return (directory.isEmpty ? "/" : String(directory), String(path[path.index(after: slash)...]))
    }
}
