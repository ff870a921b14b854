package io.yunwei.authserver.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.jwk.RSAKey;

class SigningKeyStoreTest {

    @TempDir
    Path directory;

    @Test
    void savesANewKeyOnFirstUse() {
        Path file = directory.resolve("keys/auth-signing-key.json");

        RSAKey key = new SigningKeyStore(file).loadOrCreate();

        assertThat(file).exists();
        assertThat(key.isPrivate()).isTrue();
    }

    @Test
    void reusesTheSavedKeyOnLaterStarts() throws Exception {
        Path file = directory.resolve("auth-signing-key.json");
        RSAKey first = new SigningKeyStore(file).loadOrCreate();

        RSAKey second = new SigningKeyStore(file).loadOrCreate();

        assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(second.toRSAPrivateKey()).isEqualTo(first.toRSAPrivateKey());
    }

    @Test
    void refusesAKeyFileWithoutPrivateKey() throws Exception {
        Path file = directory.resolve("auth-signing-key.json");
        RSAKey key = new SigningKeyStore(directory.resolve("other.json")).loadOrCreate();
        Files.writeString(file, key.toPublicJWK().toJSONString());

        assertThatIllegalStateException().isThrownBy(() -> new SigningKeyStore(file).loadOrCreate())
                .withMessageContaining("no private RSA key");
    }
}
