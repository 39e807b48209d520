package dev.tlskit.internal;

import dev.tlskit.AlertDescription;
import dev.tlskit.pki.Identity;
import java.util.List;

/**
 * <b>Not API.</b> One server connection's progress through the server-name step: whether the SNI callback has run,
 * the name it saw, the alert it asked for, and the identities of a context the connection was switched to.
 */
public final class ServerNameState {
    private boolean decided;
    private String requestedName;
    private AlertDescription alert;
    private AlertDescription wireAlert;
    private List<Identity> identities;
    private boolean certificateChosen;

    synchronized boolean decide() {
        if (decided) {
            return false;
        }
        decided = true;
        return true;
    }

    synchronized void requested(String name) {
        if (requestedName == null) {
            requestedName = name;
        }
    }

    /** The SNI host name the client sent, as the server saw it, or {@code null}. */
    public synchronized String requestedName() {
        return requestedName;
    }

    synchronized void alert(AlertDescription a) {
        alert = a;
    }

    synchronized AlertDescription alert() {
        return alert;
    }

    /** The alert the client must receive, whatever the engine itself sends for the refusal. */
    synchronized void wireAlert(AlertDescription a) {
        wireAlert = a;
    }

    /**
     * Puts the alert the SNI callback asked for on the wire: every plain-text fatal alert record in
     * {@code buf[from..from+len)} (what the engine just produced) gets that description instead of the engine's own
     * ({@code handshake_failure} or {@code unrecognized_name}, the only ones an engine can send from this step). The
     * refusal comes before any key is in use, so the alert is never encrypted; an encrypted record is left alone.
     */
    public void rewriteAlert(java.nio.ByteBuffer buf, int from, int len) {
        AlertDescription wire;
        synchronized (this) {
            wire = wireAlert;
        }
        if (wire == null) {
            return;
        }
        int end = from + len;
        int i = from;
        while (i + 5 <= end) {
            int type = buf.get(i) & 0xff;
            int length = ((buf.get(i + 3) & 0xff) << 8) | (buf.get(i + 4) & 0xff);
            if (type == 0x15 && length == 2 && i + 7 <= end && buf.get(i + 5) == 2) {
                buf.put(i + 6, (byte) wire.code());
            }
            i += 5 + length;
        }
    }

    /**
     * Serve these identities instead of the snapshot's (the seed's {@code ssl_object.context = other}).
     *
     * @throws IllegalStateException when the certificate has already been chosen
     */
    public synchronized void switchIdentities(List<Identity> ids) {
        if (certificateChosen) {
            throw new IllegalStateException("the server certificate has already been chosen: switch the context in "
                    + "the SNI callback or before the handshake starts");
        }
        identities = List.copyOf(ids);
    }

    synchronized List<Identity> chosen(List<Identity> own) {
        certificateChosen = true;
        return identities != null ? identities : own;
    }
}
