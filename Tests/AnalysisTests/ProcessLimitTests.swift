import Foundation
import Testing
@testable import Analysis

#if canImport(Glibc)
import Glibc
#endif

/// The failure taxonomy of subprocess analyzers, with real misbehaving processes.
@Suite("Subprocess limits and failure taxonomy")
struct ProcessLimitTests {
    @Test func hungGroupIgnoringSIGTERMIsKilledAndNothingSurvives() async throws {
        let analyzer = try TestSupport.wrapper("hung-group")
        var limits = TestSupport.quickLimits
        // 3 s leaves the wrapper time to start its child and write the pids file on a loaded machine.
        limits.timeout = .seconds(3)
        let clock = ContinuousClock()
        let started = clock.now
        let run = await analyzer.analyze(TestSupport.input("contract A {}"), limits: limits)
        let elapsed = clock.now - started
        #expect(run.status == .timeout)
        #expect(run.errors.first?.contains("Could not finish hung-group within 3 seconds") == true)
        #expect(elapsed < .seconds(60))  // its processes sleep 1000 s: anything near that means they were not killed
        let pids = TestSupport.pids(in: analyzer.storageDirectory)
        #expect(pids.count == 2)
        try await Task.sleep(for: .milliseconds(200))
        for pid in pids { #expect(!TestSupport.isAlive(pid), "process \(pid) survived") }
        if let group = pids.first { #expect(TestSupport.liveMembers(ofGroup: group).isEmpty, "process group \(group) still has members") }
    }

    @Test func childIgnoringSIGTERMDoesNotOutliveItsParent() async throws {
        let analyzer = try TestSupport.wrapper("orphan-child")
        var limits = TestSupport.quickLimits
        limits.timeout = .seconds(3)  // time to start the child and write the pids file, even on a loaded machine
        let run = await analyzer.analyze(TestSupport.input("contract A {}"), limits: limits)
        #expect(run.status == .timeout)
        let pids = TestSupport.pids(in: analyzer.storageDirectory)
        #expect(pids.count == 2)
        try await Task.sleep(for: .milliseconds(200))
        for pid in pids { #expect(!TestSupport.isAlive(pid), "process \(pid) survived") }
        if let group = pids.first { #expect(TestSupport.liveMembers(ofGroup: group).isEmpty) }
    }

    @Test func crashIsReportedAsCrashed() async throws {
        let run = try await TestSupport.wrapper("crashing").analyze(TestSupport.input("contract A {}"), limits: TestSupport.quickLimits)
        #expect(run.status == .crashed)
        #expect(run.errors.first?.contains("signal 11") == true)
        #expect(String(decoding: run.rawOutput, as: UTF8.self) == "{\"status\": ")
    }

    @Test func floodIsTruncatedAndStopped() async throws {
        var limits = TestSupport.quickLimits
        limits.maxOutputBytes = 1 << 20
        let clock = ContinuousClock()
        let started = clock.now
        let run = try await TestSupport.wrapper("flooding").analyze(TestSupport.input("contract A {}"), limits: limits)
        #expect(run.status == .unparseableOutput)
        #expect(run.rawOutput.count == 1 << 20)
        #expect(run.errors.first?.contains("more than 1048576 bytes") == true)
        #expect(clock.now - started < .seconds(60))  // a hang guard past the 30 s timeout
    }

    @Test func hundredMegabytesUnderDefaultCapKeepsMemoryBounded() async throws {
        var limits = ResourceLimits.default
        limits.timeout = .seconds(30)
        let before = Self.residentBytes()
        let run = try await TestSupport.wrapper("flooding").analyze(TestSupport.input("contract A {}"), limits: limits)
        #expect(run.status == .unparseableOutput)
        #expect(run.rawOutput.count == limits.maxOutputBytes)
        let after = Self.residentBytes()
        // 100 MB went through the pipe; the process grew by far less than that.
        #expect(after - before < 90 * 1024 * 1024, "resident memory grew by \(after - before) bytes")
    }

    @Test func invalidJSONIsUnparseable() async throws {
        let run = try await TestSupport.wrapper("lying").analyze(TestSupport.input("contract A {}"), limits: TestSupport.quickLimits)
        #expect(run.status == .unparseableOutput)
        #expect(run.findings.isEmpty)
        #expect(String(decoding: run.rawOutput, as: UTF8.self).hasPrefix("{\"status\": \"success\""))
    }

    @Test func memoryLimitGivesOutOfMemory() async throws {
        var limits = TestSupport.quickLimits
        limits.memoryBytes = 256 * 1024 * 1024
        let run = try await TestSupport.wrapper("oom").analyze(TestSupport.input("contract A {}"), limits: limits)
        #expect(run.status == .outOfMemory, "errors: \(run.errors)")
    }

    @Test func cpuLimitStopsABusyLoop() async throws {
        var limits = TestSupport.quickLimits
        limits.cpuSeconds = 1
        let clock = ContinuousClock()
        let started = clock.now
        let run = try await TestSupport.wrapper("cpu-hog").analyze(TestSupport.input("contract A {}"), limits: limits)
        #expect(run.status == .timeout)
        #expect(run.errors.first?.contains("CPU time limit") == true, "errors: \(run.errors)")
        #expect(clock.now - started < .seconds(60))  // a hang guard past the 30 s wall-clock timeout
    }

    @Test func missingExecutableIsAnError() async throws {
        let outcome = await ProcessRunner.run(ProcessSpec(executable: "/nonexistent/tool", arguments: []), limits: TestSupport.quickLimits)
        guard case .notStarted(let message) = outcome.termination else {
            Issue.record("expected notStarted, got \(outcome.termination)")
            return
        }
        #expect(message.contains("/nonexistent/tool"))
    }

    @Test func largeOutputOfAQuickProcessIsReadCompletely() async throws {
        // 600 KB written right before exit must not be lost when the process ends before the reader drains it.
        let spec = ProcessSpec(executable: "/bin/sh", arguments: ["-c", "head -c 600000 /dev/zero | tr '\\0' x"])
        for _ in 0..<5 {
            let outcome = await ProcessRunner.run(spec, limits: TestSupport.quickLimits)
            #expect(outcome.termination == .exited(0))
            #expect(outcome.stdout.count == 600_000)
        }
    }

    static func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * Int(getpagesize())
    }
}
