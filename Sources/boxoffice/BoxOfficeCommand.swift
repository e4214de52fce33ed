import ArgumentParser
import BoxOfficeRPC

/// `boxoffice`: a cinema box office that other programs spawn and talk to in
/// JSON-RPC 2.0 over stdin and stdout.
@main
struct BoxOfficeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boxoffice",
        abstract: "A cinema box office that speaks JSON-RPC 2.0 over stdin and stdout.",
        version: BoxOfficeService.version,
        subcommands: [ServeCommand.self, ShowingsCommand.self, SeatMapCommand.self],
        defaultSubcommand: nil)
}
