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
