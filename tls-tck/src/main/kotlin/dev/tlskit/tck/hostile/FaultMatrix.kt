package dev.tlskit.tck.hostile

/** The tlskit endpoint under test; the hostile peer is the other side. */
public enum class Side(public val label: String) {
    CLIENT("client"),
    SERVER("server");

    /** The peer's role, as the test names say it. */
    public val peer: String get() = if (this == CLIENT) "server" else "client"

    /** The direction of the bytes this side receives. */
    public val inbound: Toward get() = if (this == CLIENT) Toward.CLIENT else Toward.SERVER

    /** The direction of the bytes this side sends. */
    public val outbound: Toward get() = if (this == CLIENT) Toward.SERVER else Toward.CLIENT
}

/**
 * Where in a TLS 1.2 conversation a fault fires, as records the proxy can tell apart without keys: the first record
 * toward a side is its peer's hello flight, records after the sender's ChangeCipherSpec are encrypted (the first one is
 * Finished), and application data has its own content type.
 */
public enum class Point(public val handshake: Boolean, private val what: String) {
    HELLO(true, "hello"),
    KEY_EXCHANGE(true, "ClientKeyExchange"),
    FINISHED(true, "Finished"),
    FIRST_DATA(false, "first application data"),
    MID_DATA(false, "second application data record (mid-data)");

    /** The phrase for the record this point replaces, sent by [sender] (`"server"` or `"client"`). */
    public fun phrase(sender: String): String = when (this) {
        HELLO -> if (sender == "server") "ServerHello" else "ClientHello"
        else -> what
    }

    /** Whether [r] is the record this point means, in the direction [toward]. */
    public fun matches(r: TlsRecord, toward: Toward): Boolean = r.toward == toward && when (this) {
        HELLO -> r.index == 0
        KEY_EXCHANGE -> r.index == 1 && r.type == TlsRecord.HANDSHAKE && !r.encrypted
        FINISHED -> r.encrypted && r.type == TlsRecord.HANDSHAKE
        FIRST_DATA -> r.appDataIndex == 0
        MID_DATA -> r.appDataIndex == 1
    }

    /** Whether the point exists for a victim on [side] (only a server receives a ClientKeyExchange). */
    public fun appliesTo(side: Side): Boolean = this != KEY_EXCHANGE || side == Side.SERVER
}

/** A misbehaviour of the peer, with the points where it is meaningful. */
public enum class Fault(public val does: String, public val points: Set<Point>) {
    RESET("resets the connection (RST) instead of sending its", Point.entries.toSet()),
    RAGGED_EOF("closes without close_notify instead of sending its", Point.entries.toSet()),
    TRUNCATED("sends a truncated record (header promises more, then EOF) instead of its", Point.entries.toSet()),
    GARBAGE("sends bytes that are not TLS instead of its", Point.entries.toSet()),
    CORRUPTED("flips the last (MAC) byte of its", setOf(Point.FINISHED, Point.FIRST_DATA, Point.MID_DATA)),
    ALERT("sends a fatal handshake_failure alert instead of its", setOf(Point.HELLO, Point.KEY_EXCHANGE)),
    PEER_ALERT("answers a corrupted record of ours with a fatal bad_record_mac alert, at our", setOf(Point.FINISHED, Point.FIRST_DATA)),
    OVERSIZED("sends an oversized record (2^14 + 2049 bytes) instead of its", Point.entries.toSet()),
    STALL("stops sending (slowloris) before its", setOf(Point.HELLO, Point.FINISHED, Point.MID_DATA)),
    TRICKLE("trickles one byte every 100 ms (slowloris inside the socket timeout) from its", setOf(Point.HELLO, Point.FINISHED)),
    ;

    /** Ragged-EOF-like faults run twice: with and without `suppressRaggedEofs`. */
    public val eofLike: Boolean get() = this == RAGGED_EOF || this == TRUNCATED
}

/**
 * One cell of the fault matrix: [fault] at [point] against a tlskit [side]; [suppressRaggedEofs] is the victim's
 * `WrapOptions.suppressRaggedEofs` (varied only for ragged-EOF-like faults).
 */
public data class HostileCase(val fault: Fault, val point: Point, val side: Side, val suppressRaggedEofs: Boolean = true) {
    /** The direction the fault acts on: toward the victim, or toward the real peer for [Fault.PEER_ALERT]. */
    public val acting: Toward get() = if (fault == Fault.PEER_ALERT) side.outbound else side.inbound

    /** Whose record the point names. */
    private val sender: String get() = if (fault == Fault.PEER_ALERT) side.label else side.peer

    /** The proxy's trigger for this case. */
    public fun trigger(r: TlsRecord): Boolean = point.matches(r, acting)

    /** The proxy's action for this case. */
    public fun action(): FaultAction = when (fault) {
        Fault.RESET -> FaultAction.Reset
        Fault.RAGGED_EOF -> FaultAction.RaggedEof
        Fault.TRUNCATED -> FaultAction.Truncate
        Fault.GARBAGE -> FaultAction.Garbage("SSH-2.0-OpenSSH_9.6\r\n".toByteArray())
        Fault.CORRUPTED, Fault.PEER_ALERT -> FaultAction.Corrupt
        Fault.ALERT -> FaultAction.Inject(TlsRecord.fatalAlert(40))
        Fault.OVERSIZED -> FaultAction.Oversize()
        Fault.STALL -> FaultAction.Stall
        Fault.TRICKLE -> FaultAction.Trickle(100)
    }

    /** "the server resets the connection (RST) instead of sending its ServerHello" */
    public val situation: String
        get() = "the ${side.peer} ${fault.does} ${point.phrase(sender)}" +
            if (fault.eofLike) (if (suppressRaggedEofs) " (suppressRaggedEofs)" else " (no suppressRaggedEofs)") else ""

    /** The row the markdown table files this case under: the fault, and the `suppressRaggedEofs` variant. */
    public val row: String
        get() = fault.name.lowercase() + if (fault.eofLike) (if (suppressRaggedEofs) " (suppress)" else " (strict)") else ""

    public companion object {
        /** The whole matrix, in a stable order. */
        public val all: List<HostileCase> = Side.entries.flatMap { side ->
            Fault.entries.flatMap { fault ->
                Point.entries.filter { it in fault.points && it.appliesTo(side) }.flatMap { point ->
                    if (fault.eofLike) listOf(true, false).map { HostileCase(fault, point, side, it) }
                    else listOf(HostileCase(fault, point, side))
                }
            }
        }

        /** The matrix as text, one case a line (for the record and for review). */
        public fun describe(): String = all.joinToString("\n") { "${it.side.label}\t${it.row}\t${it.point}\t${it.situation}" }

        /**
         * A markdown table of what each (fault, side) row saw at each point: [seen] maps a case to the outcome label
         * its run produced.
         */
        public fun markdown(title: String, seen: Map<HostileCase, String>): String {
            val points = Point.entries.filter { p -> all.any { it.point == p } }
            val sb = StringBuilder("### $title\n\n| fault | tlskit side | ${points.joinToString(" | ") { it.name.lowercase() }} |\n")
            sb.append("|---|---|${points.joinToString("|") { "---" }}|\n")
            for (row in all.map { it.side to it.row }.distinct()) {
                val cases = all.filter { it.side == row.first && it.row == row.second }
                val cells = points.map { p -> cases.firstOrNull { it.point == p }?.let { seen[it] ?: "(not run)" } ?: "" }
                sb.append("| ${row.second} | ${row.first.label} | ${cells.joinToString(" | ")} |\n")
            }
            return sb.toString()
        }
    }
}
