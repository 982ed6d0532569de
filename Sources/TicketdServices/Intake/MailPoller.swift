import Foundation
import Logging
import TicketdMail
import TicketdStore

/// Fetches everything new from the mailbox and commits it, batch by batch (ARCHITECTURE.md
/// "Crash safety"): fetch by UID, decide, commit tickets + outbox + pending moves + checkpoint
/// in one transaction, and only then `UID MOVE` the batch. A crash repeats at most the move,
/// which the pending-move rows finish on the next poll.
public struct MailPoller: Sendable {
    /// What one poll did.
    public struct Result: Sendable, Equatable {
        public var fetched = 0
        public var created = 0
        public var threaded = 0
        public var quarantined = 0
        public var duplicates = 0
        public var bounces = 0
        /// Where the time went, in seconds: fetching, deciding and committing, moving.
        public var fetchSeconds = 0.0
        public var commitSeconds = 0.0
        public var moveSeconds = 0.0

        mutating func count(_ outcome: MailIntake.Outcome) {
            fetched += 1
            switch outcome {
            case .created: created += 1
            case .threaded: threaded += 1
            case .quarantined: quarantined += 1
            case .duplicate: duplicates += 1
            case .bounce: bounces += 1
            }
        }
    }

    public let store: TicketStore
    public let intake: MailIntake
    public let endpoint: MailServerEndpoint
    public let processedFolder: String
    public let quarantineFolder: String
    /// A batch commits when it holds this many messages or bytes, whichever comes first.
    public var batchMessages = 200
    public var batchBytes = 16 * 1024 * 1024
    /// Committed batches are moved this many at a time (and at the end of a poll): each move
    /// switches the mailbox to read-write and back, which makes the server sync it.
    public var batchesPerMove = 5
    /// Told of every mail fetched and read, for the watchdog.
    public var progress: ProgressBeacon?

    /// A fetched mail and how it is to be read.
    struct Fetched: Sendable {
        enum Verdict: Sendable, Equatable {
            /// Read with the others of its batch.
            case read
            /// Suspected by an earlier crash: read in a batch of its own.
            case readAlone
            /// Larger than `max_message_size`: only its header was fetched.
            case oversized(size: Int)
            /// Alone in hand at two crashes: quarantined unread.
            case poison(crashes: Int)
        }

        var info: IMAPSession.MessageInfo
        var raw: [UInt8]
        var verdict: Verdict
    }

    public init(store: TicketStore, intake: MailIntake, endpoint: MailServerEndpoint) {
        self.store = store
        self.intake = intake
        self.endpoint = endpoint
        processedFolder = intake.configuration.mailbox.processedFolder
        quarantineFolder = intake.configuration.mailbox.quarantineFolder
    }

    /// One full pass over the mailbox. `now` overrides both the clock and the arrival times
    /// (`--now`); without it, arrival is the server's INTERNALDATE.
    /// When `stop` is set, the poll commits what it holds and returns without fetching more.
    public func poll(
        now fixedNow: Date? = nil, session existing: IMAPSession? = nil, stop: StopFlag? = nil, logger: Logger
    ) throws -> Result {
        let imap = try existing ?? IMAPSession(endpoint: endpoint)
        let mailbox = imap.mailbox
        let status = try imap.status()
        let validity = status.uidValidity
        var lastUID: UInt32 = 0
        try store.write { session in
            if let checkpoint = try session.checkpoint(mailbox: mailbox) {
                if checkpoint.uidValidity == validity {
                    lastUID = checkpoint.lastUID
                } else {
                    logger.warning(
                        "UIDVALIDITY changed: rescanning, duplicates are recognised by Message-ID",
                        metadata: ["imap.mailbox": "\(mailbox)", "imap.uidvalidity": "\(validity)"])
                    try session.clearPendingMoves(mailbox: mailbox)
                }
            }
        }
        try finishPendingMoves(imap, mailbox: mailbox, validity: validity)
        // Marks left in hand name the mail a crash (or a watchdog kill) interrupted: each is now
        // read alone, and one that was alone at two crashes is quarantined unread.
        let suspects = Dictionary(
            uniqueKeysWithValues: try store.write {
                try $0.recordCrashesInHand(mailbox: mailbox, uidValidity: validity)
            }
            .map { ($0.uid, $0) })
        if !suspects.isEmpty {
            logger.warning(
                "the last run stopped with mail in hand: reading that mail one at a time",
                metadata: ["imap.mailbox": "\(mailbox)", "suspects": "\(suspects.count)"])
        }

        var fetched = Result()
        // No upper bound from STATUS: on the mailbox a session has selected, Dovecot answers
        // STATUS from the selected view, whose UIDNEXT lags behind new mail; SEARCH syncs.
        let waiting = try imap.messages(after: lastUID)
        // Batches are decided and committed on their own thread while this one fetches the next;
        // they commit strictly in order. Committed batches are moved here, between fetches, on
        // this same connection: a second session would be sent an untagged FETCH for every \Seen
        // the fetches set, which libcurl's header accounting cannot take.
        // Moved UIDs are forgotten by the next batch's transaction (or one last write), so
        // this thread never waits for the database's write lock; a crash before that only
        // repeats a harmless MOVE.
        let pipeline = BatchPipeline()
        var movedThrough = 0
        var moved = Set<UInt32>()
        func moveCommitted(all: Bool = false) throws {
            let committed = pipeline.committedBatches
            guard committed > movedThrough, all || committed - movedThrough >= batchesPerMove else { return }
            let started = Date()
            let pending = try store.read { try $0.pendingMoves(mailbox: mailbox, uidValidity: validity) }
                .filter { !moved.contains($0.uid) }
            for (destination, moves) in Dictionary(grouping: pending, by: \.destination) {
                let uids = moves.map(\.uid)
                try imap.move(uids: uids, to: destination)
                moved.formUnion(uids)
                pipeline.noteMoved(uids)
            }
            fetched.moveSeconds += Date().timeIntervalSince(started)
            movedThrough = committed
        }
        var batch: [Fetched] = []
        var batchSize = 0
        func submit() {
            let full = batch
            pipeline.submit { result, movedUIDs in
                try commit(
                    full, mailbox: mailbox, validity: validity, fixedNow: fixedNow, forgettingMoves: movedUIDs,
                    result: &result, logger: logger)
            }
            batch.removeAll(keepingCapacity: true)
            batchSize = 0
        }
        let maxSize = intake.configuration.maxMessageSize
        for info in waiting {
            if stop?.isSet == true || pipeline.hasFailed { break }
            try moveCommitted()
            progress?.beat()
            let item: Fetched
            do {
                let started = Date()
                if let size = info.size, size > maxSize {
                    let header = try imap.fetchHeader(uid: info.uid, uidValidity: validity)
                    item = Fetched(info: info, raw: header, verdict: .oversized(size: size))
                } else {
                    let raw = try imap.fetch(uid: info.uid, uidValidity: validity, expectedSize: info.size)
                    let suspect = suspects[info.uid]
                    let verdict: Fetched.Verdict =
                        if let suspect, suspect.crashesAlone >= 2 {
                            .poison(crashes: suspect.crashes)
                        } else if suspect != nil { .readAlone } else { .read }
                    item = Fetched(info: info, raw: raw, verdict: verdict)
                }
                fetched.fetchSeconds += Date().timeIntervalSince(started)
            } catch {
                guard error.code == .messageMissing else {
                    _ = try? pipeline.finish()
                    throw error
                }
                // Expunged by someone else between listing and fetching: nothing to keep.
                logger.notice("message vanished before it was fetched", metadata: ["imap.uid": "\(info.uid)"])
                continue
            }
            if item.verdict == .readAlone, !batch.isEmpty { submit() }
            batch.append(item)
            batchSize += item.raw.count
            if batch.count >= batchMessages || batchSize >= batchBytes || item.verdict == .readAlone { submit() }
        }
        if !batch.isEmpty { submit() }
        var result = try pipeline.finish()
        try moveCommitted(all: true)
        let unforgotten = pipeline.takeMoved()
        if !unforgotten.isEmpty { try store.write { try $0.clearPendingMoves(mailbox: mailbox, uids: unforgotten) } }
        result.fetchSeconds = fetched.fetchSeconds
        result.moveSeconds = fetched.moveSeconds
        return result
    }

    private func commit(
        _ batch: [Fetched], mailbox: String, validity: UInt32,
        fixedNow: Date?, forgettingMoves moved: [UInt32], result: inout Result, logger: Logger
    ) throws {
        let now = fixedNow ?? Date()
        let started = Date()
        let uids = batch.map(\.info.uid)
        // One write per batch marks it in hand before any of it is read (see StoreSession+InHand).
        try store.write { try $0.markInHand(mailbox: mailbox, uidValidity: validity, uids: uids) }
        let prepared = batch.map { item -> MailIntake.Prepared in
            defer { progress?.beat() }
            switch item.verdict {
            case .read, .readAlone: return intake.prepare(item.raw)
            case .oversized(let size): return intake.prepareOversized(header: item.raw, size: size)
            case .poison(let crashes): return intake.preparePoison(item.raw, crashes: crashes)
            }
        }
        let outcomes = try store.write { session in
            var outcomes: [MailIntake.Outcome] = []
            try session.clearInHand(mailbox: mailbox, uidValidity: validity, uids: uids)
            for (item, mail) in zip(batch, prepared) {
                let info = item.info
                let source = MailIntake.Source(
                    mailbox: mailbox, uid: info.uid, arrivedAt: fixedNow ?? info.internalDate ?? now)
                let outcome = try intake.handle(mail, from: source, at: now, in: session)
                outcomes.append(outcome)
                let destination: String
                if case .quarantined = outcome { destination = quarantineFolder } else { destination = processedFolder }
                try session.addPendingMove(
                    mailbox: mailbox, uidValidity: validity, uid: info.uid, destination: destination)
            }
            try session.clearPendingMoves(mailbox: mailbox, uids: moved)
            let highest = batch.map(\.info.uid).max() ?? 0
            try session.saveCheckpoint(
                MailboxCheckpoint(uidValidity: validity, lastUID: highest), mailbox: mailbox, at: now)
            return outcomes
        }
        result.commitSeconds += Date().timeIntervalSince(started)
        for (item, outcome) in zip(batch, outcomes) {
            let info = item.info
            result.count(outcome)
            switch outcome {
            case .created(let id):
                logger.info("ticket created", metadata: ["ticket.id": "\(id)", "imap.uid": "\(info.uid)"])
            case .threaded(let id):
                logger.info("reply threaded", metadata: ["ticket.id": "\(id)", "imap.uid": "\(info.uid)"])
            case .bounce(let id):
                logger.info("bounce recorded", metadata: ["ticket.id": "\(id)", "imap.uid": "\(info.uid)"])
            case .duplicate: logger.info("duplicate ignored", metadata: ["imap.uid": "\(info.uid)"])
            case .quarantined(let reason):
                logger.warning("mail quarantined", metadata: ["imap.uid": "\(info.uid)", "reason": "\(reason)"])
            }
        }
    }

    /// Moves committed messages out of the inbox and forgets them once moved.
    private func finishPendingMoves(_ imap: IMAPSession, mailbox: String, validity: UInt32) throws {
        let pending = try store.read { try $0.pendingMoves(mailbox: mailbox, uidValidity: validity) }
        for (destination, moves) in Dictionary(grouping: pending, by: \.destination) {
            let uids = moves.map(\.uid)
            try imap.move(uids: uids, to: destination)
            try store.write { try $0.clearPendingMoves(mailbox: mailbox, uids: uids) }
        }
    }
}
