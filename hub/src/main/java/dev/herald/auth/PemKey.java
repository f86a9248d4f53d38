package dev.herald.auth;

import java.io.ByteArrayInputStream;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key in PEM (RFC 7468): exactly one {@code PUBLIC KEY} block, RSA or EC. Text around the block is
 * ignored, as RFC 7468 section 5.2 allows for explanatory text. Every other label (a certificate, a
 * private key of any format) is refused with what to give instead.
 */
final class PemKey {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final List<String> KEY_TYPES = List.of("RSA", "EC");

    private PemKey() {
    }

    static KeySource.VerificationKey read(String option, String text) {
        Matcher matcher = BLOCK.matcher(text);
        List<String[]> blocks = new ArrayList<>();
        while (matcher.find()) {
            blocks.add(new String[] {matcher.group(1), matcher.group(2)});
        }
        if (blocks.size() != 1) {
            throw new IllegalArgumentException(option + " holds " + (blocks.isEmpty() ? "an incomplete PEM block"
                    : blocks.size() + " PEM blocks") + "; give exactly one PEM public key"
                    + " (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)");
        }
        String label = blocks.get(0)[0];
        if (label.contains("PRIVATE KEY")) {
            throw new IllegalArgumentException(option + " holds a private key (" + label + "), which the hub must"
                    + " never hold; give its public key (openssl pkey -in key.pem -pubout, or ssh-keygen -e -m PKCS8"
                    + " -f key for an OpenSSH key)");
        }
        if (label.equals("CERTIFICATE")) {
            throw new IllegalArgumentException(option + " holds a certificate; give its public key"
                    + " (openssl x509 -in cert.pem -pubkey -noout)");
        }
        if (label.equals("RSA PUBLIC KEY")) {
            throw new IllegalArgumentException(option + " holds a PKCS#1 RSA key (RSA PUBLIC KEY); give it as"
                    + " PUBLIC KEY (openssl rsa -RSAPublicKey_in -in key.pem -pubout)");
        }
        if (!label.equals("PUBLIC KEY")) {
            throw new IllegalArgumentException(option + " holds a PEM block labelled " + label
                    + "; give a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        byte[] der = decode(blocks.get(0)[1]);
        if (der == null) {
            throw new IllegalArgumentException(option + " holds a PEM block that is not valid base64");
        }
        PublicKey key = publicKey(der);
        if (key == null) {
            throw new IllegalArgumentException(option + " holds a PEM public key that is neither RSA nor EC");
        }
        return PublicKeys.verificationKey(option, key);
    }

    /** True when {@code base64} decodes to a public key, a private key or a certificate. */
    static boolean isKeyOrCertificate(String base64) {
        byte[] der = decode(base64);
        if (der == null) {
            return false;
        }
        if (publicKey(der) != null) {
            return true;
        }
        for (String type : KEY_TYPES) {
            try {
                KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
                return true;
            } catch (Exception notThisType) {
                // try the next one
            }
        }
        try {
            CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            return true;
        } catch (Exception notACertificate) {
            return false;
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static PublicKey publicKey(byte[] der) {
        for (String type : KEY_TYPES) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (Exception notThisType) {
                // try the next one
            }
        }
        return null;
    }
}
