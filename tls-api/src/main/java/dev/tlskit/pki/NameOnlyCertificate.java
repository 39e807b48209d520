package dev.tlskit.pki;

import java.math.BigInteger;
import java.security.Principal;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * A client CA name dressed as a certificate, because {@code X509TrustManager.getAcceptedIssuers()} can only return
 * certificates while OpenSSL's client CA list (pyOpenSSL {@code set_client_ca_list}) holds bare names. JSSE
 * ({@code CertificateRequest}, {@code CertificateAuthoritiesExtension}) and Conscrypt
 * ({@code encodeSubjectX509Principals}) read only {@link #getSubjectX500Principal()} of these; everything else
 * answers "nothing" or throws {@link UnsupportedOperationException}. Never used to verify anything.
 */
final class NameOnlyCertificate extends X509Certificate {
    private final X500Principal name;

    NameOnlyCertificate(X500Principal name) {
        this.name = name;
    }

    @Override
    public X500Principal getSubjectX500Principal() {
        return name;
    }

    @Override
    public X500Principal getIssuerX500Principal() {
        return name;
    }

    @SuppressWarnings("deprecation")
    @Override
    public Principal getSubjectDN() {
        return name;
    }

    @SuppressWarnings("deprecation")
    @Override
    public Principal getIssuerDN() {
        return name;
    }

    @Override
    public void checkValidity() {
        throw unsupported();
    }

    @Override
    public void checkValidity(Date date) {
        throw unsupported();
    }

    @Override
    public int getVersion() {
        return 0;
    }

    @Override
    public BigInteger getSerialNumber() {
        return BigInteger.ZERO;
    }

    @Override
    public Date getNotBefore() {
        throw unsupported();
    }

    @Override
    public Date getNotAfter() {
        throw unsupported();
    }

    @Override
    public byte[] getTBSCertificate() throws CertificateEncodingException {
        throw new CertificateEncodingException("a client CA name (" + name + ") has no certificate encoding");
    }

    @Override
    public byte[] getSignature() {
        return new byte[0];
    }

    @Override
    public String getSigAlgName() {
        return "NONE";
    }

    @Override
    public String getSigAlgOID() {
        return "0.0";
    }

    @Override
    public byte[] getSigAlgParams() {
        return null;
    }

    @Override
    public boolean[] getIssuerUniqueID() {
        return null;
    }

    @Override
    public boolean[] getSubjectUniqueID() {
        return null;
    }

    @Override
    public boolean[] getKeyUsage() {
        return null;
    }

    @Override
    public int getBasicConstraints() {
        return -1;
    }

    @Override
    public byte[] getEncoded() throws CertificateEncodingException {
        throw new CertificateEncodingException("a client CA name (" + name + ") has no certificate encoding");
    }

    @Override
    public void verify(PublicKey key) throws CertificateException {
        throw new CertificateException("a client CA name (" + name + ") cannot be verified");
    }

    @Override
    public void verify(PublicKey key, String sigProvider) throws CertificateException {
        throw new CertificateException("a client CA name (" + name + ") cannot be verified");
    }

    @Override
    public PublicKey getPublicKey() {
        throw unsupported();
    }

    @Override
    public boolean hasUnsupportedCriticalExtension() {
        return false;
    }

    @Override
    public Set<String> getCriticalExtensionOIDs() {
        return Set.of();
    }

    @Override
    public Set<String> getNonCriticalExtensionOIDs() {
        return Set.of();
    }

    @Override
    public byte[] getExtensionValue(String oid) {
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NameOnlyCertificate other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "client CA name " + name.getName();
    }

    private UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("'" + name + "' is a client CA name, not a certificate");
    }
}
