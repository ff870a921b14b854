package io.yunwei.intake.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.yunwei.chassis.security.Actor;

/**
 * Finds tickets by what the caller remembers: words of the 5W1H record, the reporter's name or phone, the customer,
 * an asset's id or serial number, the ticket number, with filters, sorting, paging, highlights and counts. The list
 * of tickets answers from it; the store stays the record, and a ticket read by its id is read from the store.
 * Implemented by an embedded Lucene index per instance ({@code io.yunwei.intake.search}); a cluster-wide search
 * engine would be another implementation of this interface.
 */
public interface TicketSearch {

    /** The tickets matching {@code query} that {@code actor} may see, in the order asked for. */
    Hits search(Query query, Actor actor);

    /** The sort orders a list offers; relevance ranks by how well {@code q} matches. */
    enum Order {
        RECORDED_AT("recordedAt"), PRIORITY("priority"), SLA_DUE("slaDue"), NUMBER("number"), STATUS("status"),
        RELEVANCE("relevance");

        private final String parameter;

        Order(String parameter) {
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    /** The facets a list can count its matches by. */
    enum Facet {
        STATUS, PRIORITY
    }

    /**
     * What to find. Null fields do not filter; {@code cursor}, when given, continues after the last ticket of the
     * page it came with (and {@code page} is ignored).
     */
    record Query(String q, Set<TicketStatus> statuses, String customerId, String siteId, String assetId,
            Priority priority, Channel channel, String engineerId, Instant from, Instant to, Boolean slaBreached,
            Order order, boolean descending, int page, int size, String cursor, Set<Facet> facets, String recordedBy) {
    }

    /**
     * One page of matches: the ticket ids in order, how many match in all, the cursor for the next page (null after
     * the last), highlighted fragments per ticket id and field, and the counts per facet value when asked.
     */
    record Hits(List<String> ids, long total, String nextCursor, Map<String, Map<String, List<String>>> highlights,
            Map<String, Map<String, Long>> facets) {
    }
}
