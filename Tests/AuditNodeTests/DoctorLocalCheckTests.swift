#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import AuditNode

/// `doctor`'s machine-local checks without a chain: the event store's lock under every name of the database, and the
/// status port.
@Suite struct DoctorLocalCheckTests {
    @Test func freeStorePasses() throws {
        let path = temporaryDatabasePath()
        #expect(DoctorLocalChecks.database(path: path).status == .pass)  // not created yet, folder writable
        do { _ = try EventStore(path: path) }                             // created, then closed
        let check = DoctorLocalChecks.database(path: path)
        #expect(check.status == .pass, "\(check.detail)")
        #expect(check.detail.contains("writable and not locked"))
    }

    @Test func storeHeldByANodeFailsWithItsPid() throws {
        let path = temporaryDatabasePath()
        let holder = try EventStore(path: path)
        let check = DoctorLocalChecks.database(path: path)
        withExtendedLifetime(holder) {}
        #expect(check.status == .fail)
        #expect(check.detail.contains("locked by another qsp-audit-node process (pid \(getpid()))"), "\(check.detail)")
        #expect(check.fix.contains("stop that node"))
    }

    /// A node started on a symlink or a hard link of the database holds the locks of the real file: `doctor` given
    /// the other name must still see them (before, it looked only at `<name>.lock`).
    @Test func storeHeldUnderAnotherNameFails() throws {
        let real = temporaryDatabasePath()
        let holder = try EventStore(path: real)
        let folder = URL(fileURLWithPath: real).deletingLastPathComponent()
        let symlink = folder.appendingPathComponent("alias.db").path
        let hardLink = folder.appendingPathComponent("hard.db").path
        try FileManager.default.createSymbolicLink(atPath: symlink, withDestinationPath: real)
        #expect(link(real, hardLink) == 0)
        let viaSymlink = DoctorLocalChecks.database(path: symlink)
        let viaHardLink = DoctorLocalChecks.database(path: hardLink)
        withExtendedLifetime(holder) {}
        #expect(viaSymlink.status == .fail && viaSymlink.detail.contains("locked"), "\(viaSymlink.detail)")
        #expect(viaSymlink.detail.contains(InstanceLock.resolve(real)))
        #expect(viaHardLink.status == .fail && viaHardLink.detail.contains("locked"), "\(viaHardLink.detail)")
    }

    /// A store of another chain, contract or account: `run` refuses it, so `doctor` must fail on it too.
    @Test func storeOfAnotherDeploymentFails() throws {
        let path = temporaryDatabasePath()
        let mine = StoreIdentity(chainID: 1337, contract: "0x00000000000000000000000000000000000000Aa", account: "0x00000000000000000000000000000000000000bB")
        do { _ = try EventStore(path: path).bind(to: mine, path: path) }
        let same = DoctorLocalChecks.database(path: path, deployment: mine)
        #expect(same.status == .pass && same.detail.contains("belongs to this deployment"), "\(same.detail)")
        var otherChain = mine
        otherChain.chainID = 1
        let other = DoctorLocalChecks.database(path: path, deployment: otherChain)
        #expect(other.status == .fail && other.detail.contains("belongs to chain 1337"), "\(other.detail)")
        #expect(other.fix.contains("evt_db_path"))
        var otherAccount = mine
        otherAccount.account = "0x00000000000000000000000000000000000000cc"
        #expect(DoctorLocalChecks.database(path: path, deployment: otherAccount).status == .fail)
        // Unknown deployment (endpoint or keystore failed): only the lock and write access are checked.
        #expect(DoctorLocalChecks.database(path: path, deployment: nil).status == .pass)
    }

    @Test func occupiedStatusPortFails() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        #expect(bound && listen(fd, 4) == 0)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let taken = DoctorLocalChecks.statusPort(StatusServerSettings(isEnabled: true, host: "127.0.0.1", port: port))
        #expect(taken.status == .fail && taken.detail.contains("127.0.0.1:\(port)"), "\(taken.detail)")
        #expect(taken.fix.contains("status_server.port"))
        close(fd)  // the port is free again
        let free = DoctorLocalChecks.statusPort(StatusServerSettings(isEnabled: true, host: "127.0.0.1", port: port))
        #expect(free.status == .pass, "\(free.detail)")
    }
}
