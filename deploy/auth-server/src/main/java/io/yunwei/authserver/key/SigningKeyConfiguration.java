package io.yunwei.authserver.key;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import io.yunwei.authserver.AuthServerProperties;

/**
 * Signs tokens with the persisted key instead of Boot's per-start random one, so the gateway and services keep
 * accepting tokens issued before a restart.
 */
@Configuration(proxyBeanMethods = false)
class SigningKeyConfiguration {

    @Bean
    JWKSource<SecurityContext> jwkSource(AuthServerProperties properties) {
        return new ImmutableJWKSet<>(new JWKSet(new SigningKeyStore(properties.keyFile()).loadOrCreate()));
    }
}
