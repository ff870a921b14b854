package io.yunwei.intake.customer;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/** A piece of the customer's equipment we maintain (the CMDB's configuration item). */
@Document("assets")
public record Asset(@Id String id, @Indexed String customerId, String siteId, String category, String model,
        String serialNumber, String location, Instant createdAt) {
}
