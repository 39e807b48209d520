package dev.tlskit.pki;

import dev.tlskit.TlsCredentialException;
import dev.tlskit.TlsCredentialException.Kind;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/** Reads credential files, turning I/O failures into {@link Kind#FILE_NOT_READABLE} with the path. */
final class CredentialFiles {
    private CredentialFiles() {
    }

    static byte[] read(Path file) throws TlsCredentialException {
        Objects.requireNonNull(file, "file");
        try {
            if (Files.isDirectory(file)) {
                throw new TlsCredentialException(Kind.FILE_NOT_READABLE, file.toString(),
                        "Is a directory: '" + file + "' (a file was expected)", null);
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsCredentialException(Kind.FILE_NOT_READABLE, file.toString(),
                    "No such file or directory: '" + file + "'", e);
        } catch (AccessDeniedException e) {
            throw new TlsCredentialException(Kind.FILE_NOT_READABLE, file.toString(),
                    "Permission denied: '" + file + "'", e);
        } catch (IOException e) {
            throw new TlsCredentialException(Kind.FILE_NOT_READABLE, file.toString(),
                    "Cannot read '" + file + "': " + e, e);
        }
    }

    /** Refuses a file whose encoding is not the declared {@code FILETYPE_PEM} / {@code FILETYPE_ASN1}. */
    static void checkType(dev.tlskit.FileType type, boolean isPem, Path file) throws TlsCredentialException {
        java.util.Objects.requireNonNull(type, "filetype");
        if ((type == dev.tlskit.FileType.FILETYPE_PEM) != isPem) {
            throw new TlsCredentialException(TlsCredentialException.Kind.MALFORMED, file.toString(), file + " is not "
                    + (isPem ? "DER (FILETYPE_ASN1) but PEM" : "PEM (FILETYPE_PEM) but binary") + ": pass "
                    + (isPem ? "FileType.FILETYPE_PEM" : "FileType.FILETYPE_ASN1"), null);
        }
    }
}
