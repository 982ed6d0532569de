import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starts and waits for programs with posix_spawn and waitpid. (Foundation's `Process` can
/// leave a fast-exiting daemon launcher unreaped and wait forever when tests run off the main
/// thread, so the servers' helpers avoid it.)
public enum ShellCommand {
    /// Runs a program to completion; its output goes to a file (never a pipe, which a daemon the
    /// command starts would inherit and hold open forever) and is returned with the status.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let outputPath = NSTemporaryDirectory() + "ticketd-command-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let pid = try spawn(executable, arguments, outputPath: outputPath)
        let status = wait(pid)
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        return (status, String(decoding: data, as: UTF8.self))
    }

    /// Starts a program in the background with stdout and stderr appended to `outputPath`;
    /// `environment` adds to (or replaces entries of) this process's environment.
    public static func spawn(
        _ executable: String, _ arguments: [String], outputPath: String, environment: [String: String] = [:]
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The caller may be a thread that blocks signals; the child must start with none blocked
        // and default handlers, or SIGTERM would never stop it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var variables = ProcessInfo.processInfo.environment
        variables.merge(environment) { $1 }
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw TestServerError("cannot start \(executable): errno \(result)") }
        return pid
    }

    /// Waits for a child and returns its exit status (128+signal when killed).
    @discardableResult
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    /// Sends `signal` to a child we started and reaps it; SIGKILL after 10 s.
    public static func stopChild(_ pid: pid_t, signal: Int32 = SIGTERM) {
        kill(pid, signal)
        let deadline = Date().addingTimeInterval(10)
        var status: Int32 = 0
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }

    /// Sends `signal` to the (non-child) process whose PID is in `pidFile`, and to everything it
    /// started (a Dovecot master's imap processes outlive it otherwise); waits up to 10 s.
    public static func stopProcess(pidFile: String, signal: Int32 = SIGTERM) {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return }
        let family = descendants(of: pid)
        kill(pid, signal)
        for child in family { kill(child, SIGKILL) }
        let deadline = Date().addingTimeInterval(10)
        while isAlive(pid), Date() < deadline { usleep(20_000) }
        if isAlive(pid) { kill(pid, SIGKILL) }
    }

    /// Every process below `pid` in the process tree, from /proc.
    public static func descendants(of pid: pid_t) -> [pid_t] {
        var parents: [pid_t: pid_t] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let child = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { parents[child] = parent }
        }
        var result: [pid_t] = []
        var frontier = [pid]
        while let current = frontier.popLast() {
            let children = parents.filter { $0.value == current }.map(\.key)
            result += children
            frontier += children
        }
        return result
    }

    /// True while the process exists and is not a zombie (an orphan's zombie may linger where
    /// PID 1 does not reap).
    public static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
        return state != "Z" && state != "X"
    }
}
