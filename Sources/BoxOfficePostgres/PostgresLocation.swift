import Foundation
import PostgresNIO

/// Where a PostgreSQL database is, read from a `postgresql://` (or `postgres://`) URL:
/// `postgresql://user[:password]@host[:port]/dbname[?host=/socket/dir&sslmode=disable]`.
///
/// The password is kept for connecting and nowhere else: `redacted`, the only form that
/// logs, errors and `server.info` show, leaves it out.
public struct PostgresLocation: Sendable, Equatable {
    /// The user to connect as.
    public var user: String
    /// The password, if the URL had one.
    var password: String?
    /// The server's host name or address; empty with a Unix socket.
    public var host: String
    /// The server's port, 5432 unless the URL says otherwise; also names the Unix socket.
    public var port: Int
    /// The database's name.
    public var database: String
    /// The directory of the server's Unix socket (`?host=/dir`), if it is reached that way.
    public var socketDirectory: String?

    /// Whether `text` is meant as a PostgreSQL URL rather than a file path.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// Reads a URL.
    /// - Throws: `PostgresOpeningError` saying in one line what is wrong with it (shown
    ///   without the password).
    public init(url: String) throws {
        let scheme = url.hasPrefix("postgresql://") ? "postgresql://" : "postgres://"
        guard Self.isURL(url) else {
            throw PostgresOpeningError(location: url, cause: "a PostgreSQL URL starts with postgresql://")
        }
        var rest = Substring(url.dropFirst(scheme.count))
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var userInfo: Substring = ""
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var hostPort = rest
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            hostPort = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }
        let shown = Self.redacting(url)
        func decoded(_ part: Substring, _ what: String) throws -> String {
            guard let text = String(part).removingPercentEncoding else {
                throw PostgresOpeningError(location: shown, cause: "the \(what) is not well percent-encoded")
            }
            return text
        }
        var user = ""
        var password: String?
        if let colon = userInfo.firstIndex(of: ":") {
            user = try decoded(userInfo[..<colon], "user name")
            password = try decoded(userInfo[userInfo.index(after: colon)...], "password")
        } else {
            user = try decoded(userInfo, "user name")
        }
        var host = hostPort
        var port = 5432
        if hostPort.hasPrefix("[") {
            // An IPv6 address: [::1]:5433.
            guard let close = hostPort.firstIndex(of: "]") else {
                throw PostgresOpeningError(location: shown, cause: "an IPv6 host must end with ]")
            }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") { port = try Self.port(after.dropFirst(), shown: shown) }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = hostPort[..<colon]
            port = try Self.port(hostPort[hostPort.index(after: colon)...], shown: shown)
        }
        var socketDirectory: String?
        for parameter in query.split(separator: "&") where !parameter.isEmpty {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0])
            let value = try decoded(pair.count > 1 ? pair[1] : "", "parameter \(name)")
            switch name {
            case "host":
                if value.hasPrefix("/") { socketDirectory = value } else { host = Substring(value) }
            case "port":
                port = try Self.port(Substring(value), shown: shown)
            case "user":
                user = value
            case "dbname":
                path = Substring(value)
            case "sslmode":
                guard ["disable", "allow", "prefer"].contains(value) else {
                    throw PostgresOpeningError(
                        location: shown,
                        cause: "sslmode=\(value) is not supported: this build connects without TLS "
                            + "(sslmode=disable, or leave it out)")
                }
            case "application_name", "connect_timeout":
                break
            default:
                throw PostgresOpeningError(
                    location: shown,
                    cause: "unknown parameter \(name) (known: host, port, user, dbname, sslmode, application_name)")
            }
        }
        if user.isEmpty {
            user = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "postgres"
        }
        let database = try decoded(path, "database name")
        if host.isEmpty && socketDirectory == nil {
            host = "localhost"
        }
        self.user = user
        self.password = password
        self.host = socketDirectory == nil ? try decoded(host, "host") : ""
        self.port = port
        self.database = database.isEmpty ? user : database
        self.socketDirectory = socketDirectory
    }

    private static func port(_ text: Substring, shown: String) throws -> Int {
        guard let port = Int(text), (1...65535).contains(port) else {
            throw PostgresOpeningError(location: shown, cause: "the port \(text) is not a number from 1 to 65535")
        }
        return port
    }

    /// The URL as written, less its password: what logs, errors and `server.info` show.
    public static func redacting(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(of: "?") ?? afterScheme.endIndex
        guard let at = afterScheme[..<authorityEnd].lastIndex(of: "@"),
            let colon = afterScheme[..<at].firstIndex(of: ":")
        else { return url }
        return String(url[..<colon]) + String(url[at...])
    }

    /// The location as a URL without its password, in one canonical form.
    public var redacted: String {
        let user = self.user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? self.user
        let database = self.database.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? self.database
        if let socketDirectory {
            let directory =
                socketDirectory.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? socketDirectory
            return "postgresql://\(user)@:\(port)/\(database)?host=\(directory)"
        }
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "postgresql://\(user)@\(host):\(port)/\(database)"
    }

    /// The driver's configuration for a connection with these session settings, sent at
    /// startup so that they cost no round trip.
    func configuration(settings: [(String, String)]) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketDirectory {
            configuration = PostgresConnection.Configuration(
                unixSocketPath: socketDirectory + "/.s.PGSQL.\(port)", username: user, password: password,
                database: database)
        } else {
            configuration = PostgresConnection.Configuration(
                host: host, port: port, username: user, password: password, database: database, tls: .disable)
        }
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = [("application_name", "boxoffice")] + settings
        return configuration
    }
}

/// Why a PostgreSQL database could not be opened, in one line a person can act on, with
/// the URL shown without its password (`cannot open postgresql://kiosk@db:5432/cinema:
/// the server refused the connection; is PostgreSQL running there?`).
public struct PostgresOpeningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL without its password.
    public var location: String
    /// What is wrong, and where it helps, what to do.
    public var cause: String

    /// The one line to show.
    public var description: String { "cannot open \(location): \(cause)" }
}
