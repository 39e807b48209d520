package dev.tlskit.pki;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * OpenSSL 3.0's certificate verification codes ({@code X509_V_OK}, {@code X509_V_ERR_*}) and their exact
 * {@code X509_verify_cert_error_string} texts — the numbers and strings the seed reports as
 * {@code SSLCertVerificationError.verify_code} / {@code verify_message} and pyOpenSSL passes to a
 * {@code set_verify} callback as {@code errnum}. The table was generated from the OpenSSL 3.0 headers and library.
 *
 * <pre>{@code
 * VerifyCodes.message(10);                 // "certificate has expired"
 * VerifyCodes.name(20);                    // Optional["X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY"]
 * VerifyCodes.message(VerifyCodes.HOSTNAME_MISMATCH); // "hostname mismatch"
 * }</pre>
 *
 * Note that CPython replaces the text for 62 and 64 in {@code verify_message} with
 * {@code "Hostname mismatch, certificate is not valid for 'HOST'."} /
 * {@code "IP address mismatch, certificate is not valid for 'IP'."}; see {@link VerificationFailure#verifyMessage()}.
 */
public final class VerifyCodes {
    public static final int OK = 0;
    public static final int UNSPECIFIED = 1;
    public static final int UNABLE_TO_GET_ISSUER_CERT = 2;
    public static final int UNABLE_TO_GET_CRL = 3;
    public static final int CERT_SIGNATURE_FAILURE = 7;
    public static final int CRL_SIGNATURE_FAILURE = 8;
    public static final int CERT_NOT_YET_VALID = 9;
    public static final int CERT_HAS_EXPIRED = 10;
    public static final int CRL_NOT_YET_VALID = 11;
    public static final int CRL_HAS_EXPIRED = 12;
    public static final int DEPTH_ZERO_SELF_SIGNED_CERT = 18;
    public static final int SELF_SIGNED_CERT_IN_CHAIN = 19;
    public static final int UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20;
    public static final int UNABLE_TO_VERIFY_LEAF_SIGNATURE = 21;
    public static final int CERT_CHAIN_TOO_LONG = 22;
    public static final int CERT_REVOKED = 23;
    public static final int PATH_LENGTH_EXCEEDED = 25;
    public static final int INVALID_PURPOSE = 26;
    public static final int CERT_UNTRUSTED = 27;
    public static final int CERT_REJECTED = 28;
    public static final int KEYUSAGE_NO_CERTSIGN = 32;
    public static final int UNHANDLED_CRITICAL_EXTENSION = 34;
    public static final int INVALID_POLICY_EXTENSION = 42;
    public static final int NO_EXPLICIT_POLICY = 43;
    public static final int PERMITTED_VIOLATION = 47;
    public static final int EXCLUDED_VIOLATION = 48;
    public static final int APPLICATION_VERIFICATION = 50;
    public static final int PATH_LOOP = 55;
    public static final int HOSTNAME_MISMATCH = 62;
    public static final int EMAIL_MISMATCH = 63;
    public static final int IP_ADDRESS_MISMATCH = 64;
    public static final int EE_KEY_TOO_SMALL = 66;
    public static final int CA_KEY_TOO_SMALL = 67;
    public static final int CA_MD_TOO_WEAK = 68;
    public static final int INVALID_CA = 79;
    public static final int AKID_SKID_MISMATCH = 30;
    public static final int KEYUSAGE_NO_CRL_SIGN = 35;
    public static final int UNHANDLED_CRITICAL_CRL_EXTENSION = 36;
    public static final int INVALID_NON_CA = 37;
    public static final int INVALID_EXTENSION = 41;
    public static final int SUBTREE_MINMAX = 49;
    public static final int UNSUPPORTED_CONSTRAINT_TYPE = 51;
    public static final int UNSUPPORTED_CONSTRAINT_SYNTAX = 52;
    public static final int UNSUPPORTED_NAME_SYNTAX = 53;
    public static final int UNSUPPORTED_SIGNATURE_ALGORITHM = 76;
    public static final int KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA = 82;
    public static final int MISSING_AUTHORITY_KEY_IDENTIFIER = 85;
    public static final int MISSING_SUBJECT_KEY_IDENTIFIER = 86;
    public static final int EMPTY_SUBJECT_ALT_NAME = 87;
    public static final int CA_BCONS_NOT_CRITICAL = 89;
    public static final int AUTHORITY_KEY_IDENTIFIER_CRITICAL = 90;

    private static final String UNKNOWN = "unknown certificate verification error";
    private static final Map<Integer, String> MESSAGES;
    private static final Map<Integer, String> NAMES;

    static {
        Map<Integer, String> m = new HashMap<>();
        Map<Integer, String> n = new HashMap<>();
        Table t = (code, name, text) -> {
            m.put(code, text);
            n.put(code, name);
        };
        fill(t);
        MESSAGES = Collections.unmodifiableMap(m);
        NAMES = Collections.unmodifiableMap(n);
    }

    private VerifyCodes() {
    }

    /** OpenSSL's text for {@code code}; {@code "unknown certificate verification error"} for an unknown code. */
    public static String message(int code) {
        return MESSAGES.getOrDefault(code, UNKNOWN);
    }

    /** The C macro name, e.g. {@code "X509_V_ERR_CERT_HAS_EXPIRED"} for 10. */
    public static Optional<String> name(int code) {
        return Optional.ofNullable(NAMES.get(code));
    }

    private interface Table {
        void put(int code, String name, String text);
    }

    private static void fill(Table t) {
        t.put(0, "X509_V_OK", "ok");
        t.put(1, "X509_V_ERR_UNSPECIFIED", "unspecified certificate verification error");
        t.put(2, "X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT", "unable to get issuer certificate");
        t.put(3, "X509_V_ERR_UNABLE_TO_GET_CRL", "unable to get certificate CRL");
        t.put(4, "X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE", "unable to decrypt certificate's signature");
        t.put(5, "X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE", "unable to decrypt CRL's signature");
        t.put(6, "X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY", "unable to decode issuer public key");
        t.put(7, "X509_V_ERR_CERT_SIGNATURE_FAILURE", "certificate signature failure");
        t.put(8, "X509_V_ERR_CRL_SIGNATURE_FAILURE", "CRL signature failure");
        t.put(9, "X509_V_ERR_CERT_NOT_YET_VALID", "certificate is not yet valid");
        t.put(10, "X509_V_ERR_CERT_HAS_EXPIRED", "certificate has expired");
        t.put(11, "X509_V_ERR_CRL_NOT_YET_VALID", "CRL is not yet valid");
        t.put(12, "X509_V_ERR_CRL_HAS_EXPIRED", "CRL has expired");
        t.put(13, "X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD", "format error in certificate's notBefore field");
        t.put(14, "X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD", "format error in certificate's notAfter field");
        t.put(15, "X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD", "format error in CRL's lastUpdate field");
        t.put(16, "X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD", "format error in CRL's nextUpdate field");
        t.put(17, "X509_V_ERR_OUT_OF_MEM", "out of memory");
        t.put(18, "X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate");
        t.put(19, "X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain");
        t.put(20, "X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "unable to get local issuer certificate");
        t.put(21, "X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate");
        t.put(22, "X509_V_ERR_CERT_CHAIN_TOO_LONG", "certificate chain too long");
        t.put(23, "X509_V_ERR_CERT_REVOKED", "certificate revoked");
        t.put(24, "X509_V_ERR_NO_ISSUER_PUBLIC_KEY", "issuer certificate doesn't have a public key");
        t.put(25, "X509_V_ERR_PATH_LENGTH_EXCEEDED", "path length constraint exceeded");
        t.put(26, "X509_V_ERR_INVALID_PURPOSE", "unsuitable certificate purpose");
        t.put(27, "X509_V_ERR_CERT_UNTRUSTED", "certificate not trusted");
        t.put(28, "X509_V_ERR_CERT_REJECTED", "certificate rejected");
        t.put(29, "X509_V_ERR_SUBJECT_ISSUER_MISMATCH", "subject issuer mismatch");
        t.put(30, "X509_V_ERR_AKID_SKID_MISMATCH", "authority and subject key identifier mismatch");
        t.put(31, "X509_V_ERR_AKID_ISSUER_SERIAL_MISMATCH", "authority and issuer serial number mismatch");
        t.put(32, "X509_V_ERR_KEYUSAGE_NO_CERTSIGN", "key usage does not include certificate signing");
        t.put(33, "X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER", "unable to get CRL issuer certificate");
        t.put(34, "X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION", "unhandled critical extension");
        t.put(35, "X509_V_ERR_KEYUSAGE_NO_CRL_SIGN", "key usage does not include CRL signing");
        t.put(36, "X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION", "unhandled critical CRL extension");
        t.put(37, "X509_V_ERR_INVALID_NON_CA", "invalid non-CA certificate (has CA markings)");
        t.put(38, "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED", "proxy path length constraint exceeded");
        t.put(39, "X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE", "key usage does not include digital signature");
        t.put(40, "X509_V_ERR_PROXY_CERTIFICATES_NOT_ALLOWED", "proxy certificates not allowed, please set the appropriate flag");
        t.put(41, "X509_V_ERR_INVALID_EXTENSION", "invalid or inconsistent certificate extension");
        t.put(42, "X509_V_ERR_INVALID_POLICY_EXTENSION", "invalid or inconsistent certificate policy extension");
        t.put(43, "X509_V_ERR_NO_EXPLICIT_POLICY", "no explicit policy");
        t.put(44, "X509_V_ERR_DIFFERENT_CRL_SCOPE", "different CRL scope");
        t.put(45, "X509_V_ERR_UNSUPPORTED_EXTENSION_FEATURE", "unsupported extension feature");
        t.put(46, "X509_V_ERR_UNNESTED_RESOURCE", "RFC 3779 resource not subset of parent's resources");
        t.put(47, "X509_V_ERR_PERMITTED_VIOLATION", "permitted subtree violation");
        t.put(48, "X509_V_ERR_EXCLUDED_VIOLATION", "excluded subtree violation");
        t.put(49, "X509_V_ERR_SUBTREE_MINMAX", "name constraints minimum and maximum not supported");
        t.put(50, "X509_V_ERR_APPLICATION_VERIFICATION", "application verification failure");
        t.put(51, "X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE", "unsupported name constraint type");
        t.put(52, "X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX", "unsupported or invalid name constraint syntax");
        t.put(53, "X509_V_ERR_UNSUPPORTED_NAME_SYNTAX", "unsupported or invalid name syntax");
        t.put(54, "X509_V_ERR_CRL_PATH_VALIDATION_ERROR", "CRL path validation error");
        t.put(55, "X509_V_ERR_PATH_LOOP", "path loop");
        t.put(56, "X509_V_ERR_SUITE_B_INVALID_VERSION", "Suite B: certificate version invalid");
        t.put(57, "X509_V_ERR_SUITE_B_INVALID_ALGORITHM", "Suite B: invalid public key algorithm");
        t.put(58, "X509_V_ERR_SUITE_B_INVALID_CURVE", "Suite B: invalid ECC curve");
        t.put(59, "X509_V_ERR_SUITE_B_INVALID_SIGNATURE_ALGORITHM", "Suite B: invalid signature algorithm");
        t.put(60, "X509_V_ERR_SUITE_B_LOS_NOT_ALLOWED", "Suite B: curve not allowed for this LOS");
        t.put(61, "X509_V_ERR_SUITE_B_CANNOT_SIGN_P_384_WITH_P_256", "Suite B: cannot sign P-384 with P-256");
        t.put(62, "X509_V_ERR_HOSTNAME_MISMATCH", "hostname mismatch");
        t.put(63, "X509_V_ERR_EMAIL_MISMATCH", "email address mismatch");
        t.put(64, "X509_V_ERR_IP_ADDRESS_MISMATCH", "IP address mismatch");
        t.put(65, "X509_V_ERR_DANE_NO_MATCH", "no matching DANE TLSA records");
        t.put(66, "X509_V_ERR_EE_KEY_TOO_SMALL", "EE certificate key too weak");
        t.put(67, "X509_V_ERR_CA_KEY_TOO_SMALL", "CA certificate key too weak");
        t.put(68, "X509_V_ERR_CA_MD_TOO_WEAK", "CA signature digest algorithm too weak");
        t.put(69, "X509_V_ERR_INVALID_CALL", "invalid certificate verification context");
        t.put(70, "X509_V_ERR_STORE_LOOKUP", "issuer certificate lookup error");
        t.put(71, "X509_V_ERR_NO_VALID_SCTS", "Certificate Transparency required, but no valid SCTs found");
        t.put(72, "X509_V_ERR_PROXY_SUBJECT_NAME_VIOLATION", "proxy subject name violation");
        t.put(73, "X509_V_ERR_OCSP_VERIFY_NEEDED", "OCSP verification needed");
        t.put(74, "X509_V_ERR_OCSP_VERIFY_FAILED", "OCSP verification failed");
        t.put(75, "X509_V_ERR_OCSP_CERT_UNKNOWN", "OCSP unknown cert");
        t.put(76, "X509_V_ERR_UNSUPPORTED_SIGNATURE_ALGORITHM", "Cannot find certificate signature algorithm");
        t.put(77, "X509_V_ERR_SIGNATURE_ALGORITHM_MISMATCH", "subject signature algorithm and issuer public key algorithm mismatch");
        t.put(78, "X509_V_ERR_SIGNATURE_ALGORITHM_INCONSISTENCY", "cert info signature and signature algorithm mismatch");
        t.put(79, "X509_V_ERR_INVALID_CA", "invalid CA certificate");
        t.put(80, "X509_V_ERR_PATHLEN_INVALID_FOR_NON_CA", "Path length invalid for non-CA cert");
        t.put(81, "X509_V_ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN", "Path length given without key usage keyCertSign");
        t.put(82, "X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA", "Key usage keyCertSign invalid for non-CA cert");
        t.put(83, "X509_V_ERR_ISSUER_NAME_EMPTY", "Issuer name empty");
        t.put(84, "X509_V_ERR_SUBJECT_NAME_EMPTY", "Subject name empty");
        t.put(85, "X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER", "Missing Authority Key Identifier");
        t.put(86, "X509_V_ERR_MISSING_SUBJECT_KEY_IDENTIFIER", "Missing Subject Key Identifier");
        t.put(87, "X509_V_ERR_EMPTY_SUBJECT_ALT_NAME", "Empty Subject Alternative Name extension");
        t.put(88, "X509_V_ERR_EMPTY_SUBJECT_SAN_NOT_CRITICAL", "Subject empty and Subject Alt Name extension not critical");
        t.put(89, "X509_V_ERR_CA_BCONS_NOT_CRITICAL", "Basic Constraints of CA cert not marked critical");
        t.put(90, "X509_V_ERR_AUTHORITY_KEY_IDENTIFIER_CRITICAL", "Authority Key Identifier marked critical");
        t.put(91, "X509_V_ERR_SUBJECT_KEY_IDENTIFIER_CRITICAL", "Subject Key Identifier marked critical");
        t.put(92, "X509_V_ERR_CA_CERT_MISSING_KEY_USAGE", "CA cert does not include key usage extension");
        t.put(93, "X509_V_ERR_EXTENSIONS_REQUIRE_VERSION_3", "Using cert extension requires at least X509v3");
        t.put(94, "X509_V_ERR_EC_KEY_EXPLICIT_PARAMS", "Certificate public key has explicit ECC parameters");
    }
}
