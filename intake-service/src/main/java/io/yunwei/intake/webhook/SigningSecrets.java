package io.yunwei.intake.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Makes, keeps and uses webhook signing secrets as Standard Webhooks defines them: {@code whsec_} and the base64 of
 * 32 random bytes; a signature is {@code v1,} and the base64 of the HMAC-SHA256 of {@code id.timestamp.body} keyed by
 * the secret's bytes. In the store a secret is encrypted (AES-256-GCM, a fresh nonce each), so a dump of the database
 * does not give it away without the key, which lives outside the database.
 */
@Component
class SigningSecrets {

    static final String PREFIX = "whsec_";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    SigningSecrets(WebhookPolicy policy) {
        this.key = new SecretKeySpec(keyBytes(policy), "AES");
    }

    private byte[] keyBytes(WebhookPolicy policy) {
        if (policy.encryptionKey() != null && !policy.encryptionKey().isBlank()) {
            return checked(Base64.getDecoder().decode(policy.encryptionKey().strip()), "yunwei.webhooks.encryption-key");
        }
        Path file = policy.encryptionKeyFile();
        if (file == null) {
            throw new IllegalStateException("webhook secrets need a key: set yunwei.webhooks.encryption-key (base64 of"
                    + " 32 random bytes, from a secret store) or yunwei.webhooks.encryption-key-file");
        }
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                random.nextBytes(fresh);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, Base64.getEncoder().encodeToString(fresh), StandardOpenOption.CREATE_NEW);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // a file system without POSIX permissions keeps its own defaults
                }
            }
            return checked(Base64.getDecoder().decode(Files.readString(file).strip()), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the webhook key file " + file, e);
        }
    }

    private static byte[] checked(byte[] key, String source) {
        if (key.length != 32) {
            throw new IllegalStateException(source + " must hold 32 bytes (base64), not " + key.length);
        }
        return key;
    }

    /** A new secret, as shown to its owner once. */
    String generate() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    String encrypt(String secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a webhook secret", e);
        }
    }

    String decrypt(String stored) {
        try {
            byte[] bytes = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt a webhook secret: was yunwei.webhooks.encryption-key changed?", e);
        }
    }

    /** One {@code v1,} signature of a message with one secret. */
    static String sign(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(PREFIX.length())), "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a webhook message", e);
        }
    }
}
