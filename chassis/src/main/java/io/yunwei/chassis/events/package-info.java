/** The event envelope on the wire: CloudEvents Kafka-binding headers, versioned type names, per-ticket sequences. */
package io.yunwei.chassis.events;
