package io.yunwei.intake.customer;

import java.time.Instant;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A piece of the customer's equipment we maintain (the CMDB's configuration item). {@code attributes} holds what
 * engineers collected on site (firmware, battery date, …), newest value per key.
 */
@Document("assets")
public record Asset(@Id String id, @Indexed String customerId, String siteId, String category, String model,
        String serialNumber, String location, Map<String, String> attributes, Instant createdAt, Instant updatedAt) {

    public Asset {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
