package io.yunwei.authserver.key;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/** Loads the RSA signing key from its JWK JSON file, generating and saving one the first time. */
final class SigningKeyStore {

    private final Path file;

    SigningKeyStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    RSAKey loadOrCreate() {
        try {
            return Files.exists(file) ? load() : create();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the signing key at " + file, e);
        }
    }

    private RSAKey load() throws IOException {
        JWK jwk;
        try {
            jwk = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IllegalStateException("The signing key file " + file + " is not a JWK; delete it for a new key",
                    e);
        }
        if (!(jwk instanceof RSAKey rsa) || !rsa.isPrivate()) {
            throw new IllegalStateException("The signing key file " + file + " holds no private RSA key");
        }
        return rsa;
    }

    private RSAKey create() throws IOException {
        RSAKey key;
        try {
            key = new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an RSA signing key", e);
        }
        Path directory = file.getParent();
        Files.createDirectories(directory);
        // a temporary file is owner-only on POSIX systems, and the move means no reader ever sees half a key
        Path partial = Files.createTempFile(directory, ".signing-key", ".tmp");
        try {
            Files.writeString(partial, key.toJSONString(), StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return key;
    }
}
