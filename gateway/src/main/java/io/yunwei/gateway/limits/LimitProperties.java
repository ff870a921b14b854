package io.yunwei.gateway.limits;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param requestsPerSecond sustained requests one client (token subject, or address when anonymous) may make to one
 *        gateway instance; N instances behind a load balancer allow up to N times this (README, "Security")
 * @param burst requests a client may make at once to one gateway instance before the sustained rate applies
 * @param idleBucketExpiry how long an idle client's allowance is remembered
 * @param maxBody largest request body accepted for JSON requests
 * @param maxUpload largest multipart request body (evidence photos and screenshots)
 * @param bodyReadTimeout longest wait for the next piece of a request body
 * @param bodyDeadline longest time a whole request body may take to arrive
 * @param bodiesPerClient requests with bodies one client may have under way at once (arriving or awaiting an answer)
 * @param bodyBuffers memory the gateway may hold, over all requests, for bodies from their arrival to their answer
 * @param corsAllowedOrigins browser origins allowed to call the API; empty allows none
 */
@ConfigurationProperties("yunwei.gateway.limits")
record LimitProperties(@DefaultValue("50") double requestsPerSecond, @DefaultValue("100") int burst,
        @DefaultValue("10m") Duration idleBucketExpiry, @DefaultValue("1MB") DataSize maxBody,
        @DefaultValue("12MB") DataSize maxUpload, @DefaultValue("10s") Duration bodyReadTimeout,
        @DefaultValue("120s") Duration bodyDeadline, @DefaultValue("4") int bodiesPerClient,
        @DefaultValue("64MB") DataSize bodyBuffers, @DefaultValue List<String> corsAllowedOrigins) {

    /** The cap for a request of this content type: uploads are multipart, everything else is JSON or a form. */
    long capFor(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")
                ? maxUpload.toBytes() : maxBody.toBytes();
    }
}
