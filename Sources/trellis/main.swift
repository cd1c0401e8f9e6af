import Foundation

// Everything lives in other files: top-level code here is main-actor isolated.
exit(TrellisCommand.run(Array(CommandLine.arguments.dropFirst())))
