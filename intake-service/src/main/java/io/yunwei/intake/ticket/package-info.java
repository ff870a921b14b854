/** Tickets: recording with 5W1H, read-back, priority, the lifecycle status kept from every service's events, the timeline. */
package io.yunwei.intake.ticket;
