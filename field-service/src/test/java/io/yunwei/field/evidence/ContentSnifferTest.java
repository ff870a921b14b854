package io.yunwei.field.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ContentSnifferTest {

    @Test
    void tellsPngJpegAndPdfByTheirFirstBytes() {
        assertThat(ContentSniffer.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0})).contains("image/png");
        assertThat(ContentSniffer.sniff(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0})).contains("image/jpeg");
        assertThat(ContentSniffer.sniff("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII))).contains("application/pdf");
    }

    @Test
    void refusesAnythingElseWhateverItIsCalled() {
        assertThat(ContentSniffer.sniff("<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(ContentSniffer.sniff(new byte[] {(byte) 0x89, 'P'})).isEmpty();
        assertThat(ContentSniffer.sniff(new byte[0])).isEmpty();
    }
}
