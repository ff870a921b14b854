package io.yunwei.intake.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningSecretsTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void signsAsTheStandardWebhooksReferenceImplementationsDo() {
        // the test vector the Standard Webhooks libraries are checked against
        assertThat(SigningSecrets.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void keepsSecretsEncryptedWithAFreshNonceEachTime() {
        SigningSecrets secrets = new SigningSecrets(policy(KEY, null));
        String secret = secrets.generate();

        String sealed = secrets.encrypt(secret);

        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(sealed).doesNotContain(secret.substring(6, 20));
        assertThat(secrets.encrypt(secret)).isNotEqualTo(sealed);
        assertThat(secrets.decrypt(sealed)).isEqualTo(secret);
        SigningSecrets otherKey = new SigningSecrets(policy(Base64.getEncoder().encodeToString(new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
                30, 31, 32 }), null));
        assertThatThrownBy(() -> otherKey.decrypt(sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void makesItsKeyFileOnceAndReadsItAfterwards(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/webhooks.key");
        String sealed = new SigningSecrets(policy(null, file)).encrypt("whsec_abc");

        assertThat(Files.readString(file)).isNotBlank();
        assertThat(new SigningSecrets(policy(null, file)).decrypt(sealed)).isEqualTo("whsec_abc");
    }

    @Test
    void refusesToStartWithoutAKeyOrWithAShortOne() {
        assertThatThrownBy(() -> new SigningSecrets(policy(null, null))).hasMessageContaining("encryption-key");
        assertThatThrownBy(() -> new SigningSecrets(policy("c2hvcnQ=", null))).hasMessageContaining("32 bytes");
    }

    static WebhookPolicy policy(String key, Path file) {
        return new WebhookPolicy(key, file, null, null, null, null, null, null, null, null, null, null);
    }
}
