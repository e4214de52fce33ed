import ArgumentParser

/// `boxoffice`: a cinema box office that other programs spawn and talk to in
/// JSON-RPC 2.0 over stdin and stdout.
@main
struct BoxOfficeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boxoffice",
        abstract: "A cinema box office that speaks JSON-RPC 2.0 over stdin and stdout.",
        subcommands: [ServeCommand.self, SeatMapCommand.self],
        defaultSubcommand: nil)
}
