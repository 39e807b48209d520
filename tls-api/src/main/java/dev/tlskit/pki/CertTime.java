package dev.tlskit.pki;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's {@code ssl.cert_time_to_seconds(cert_time)}: a certificate time as OpenSSL prints it
 * ({@code notBefore}/{@code notAfter} of {@code getpeercert()}, e.g. {@code "Jan  5 09:34:43 2018 GMT"}) to seconds
 * since the epoch, always read as UTC whatever the local time zone or locale.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * long notAfter = CertTime.certTimeToSeconds((String) conn.getPeerCert().orElseThrow().get("notAfter"));
 * CertTime.certTimeToSeconds("Jan  5 09:34:43 2018 GMT");   // 1515144883
 * }</pre>
 *
 * <h2>What is accepted</h2>
 * Exactly what CPython's {@code strptime} pattern {@code "%b %d %H:%M:%S %Y GMT"} accepts with English month names:
 * any case for the month and {@code GMT}, a space-padded or zero-padded day, seconds up to 61 (leap seconds carry
 * over, as {@code calendar.timegm} does), four-digit years up to 9999. Anything else (no seconds, no {@code GMT},
 * {@code UTC}, day 35, hour 24, minute 60, second 62, a localized month name) is an {@link IllegalArgumentException},
 * the seed's {@code ValueError}.
 */
public final class CertTime {
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
        "dec"};
    /** strptime's own sub-patterns for {@code " %d %H:%M:%S %Y GMT"} (format white space matches any run of it). */
    private static final Pattern REST = Pattern.compile(
            "\\s+(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])\\s+(2[0-3]|[0-1]\\d|\\d):([0-5]\\d|\\d):(6[0-1]|[0-5]\\d|\\d)"
                    + "\\s+(\\d\\d\\d\\d)\\s+GMT", Pattern.CASE_INSENSITIVE);

    private CertTime() {
    }

    /**
     * Seconds since 1970-01-01T00:00:00Z for {@code certTime}.
     *
     * @throws IllegalArgumentException when the text is not in the format above (the seed's {@code ValueError})
     */
    public static long certTimeToSeconds(String certTime) {
        java.util.Objects.requireNonNull(certTime, "certTime");
        int month = certTime.length() < 3 ? -1 : monthIndex(certTime.substring(0, 3));
        if (month < 0) {
            throw new IllegalArgumentException("time data '" + certTime + "' does not match format "
                    + "\"%b %d %H:%M:%S %Y GMT\" (English month abbreviation expected)");
        }
        Matcher m = REST.matcher(certTime.substring(3));
        if (!m.matches()) {
            throw new IllegalArgumentException("time data '" + certTime + "' does not match format "
                    + "\"%b %d %H:%M:%S %Y GMT\", e.g. \"Jan  5 09:34:43 2018 GMT\"");
        }
        int day = Integer.parseInt(m.group(1).trim());
        int year = Integer.parseInt(m.group(5));
        // calendar.timegm: plain arithmetic from the first of the month, so second 60/61 carries into the next minute
        long days = java.time.LocalDate.of(year, month + 1, 1).toEpochDay() + day - 1;
        return days * 86_400L + Integer.parseInt(m.group(2)) * 3600L + Integer.parseInt(m.group(3)) * 60L
                + Integer.parseInt(m.group(4));
    }

    private static int monthIndex(String abbreviation) {
        String lower = abbreviation.toLowerCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].equals(lower)) {
                return i;
            }
        }
        return -1;
    }
}
