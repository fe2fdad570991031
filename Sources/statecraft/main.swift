import StatecraftCommandLine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(StatecraftCommand.main(Array(CommandLine.arguments.dropFirst()), console: ProcessConsole()))
