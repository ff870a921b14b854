package io.yunwei.field.evidence;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** How large one evidence file may be. */
@ConfigurationProperties("yunwei.field.evidence")
public record EvidenceProperties(@DefaultValue("5MB") DataSize maxSize) {
}
