package io.yunwei.intake.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.util.BytesRef;

import io.yunwei.intake.customer.Asset;
import io.yunwei.intake.ticket.FaultRecord;
import io.yunwei.intake.ticket.Ticket;

/**
 * How a ticket is written into the index: the words a caller may remember as analysed text (Chinese and English,
 * one field per part of the record, stored for highlighting), the filters as exact terms, the sort keys as doc values.
 * The index holds what searching needs, not the ticket: a hit is read from the store.
 */
final class TicketFields {

    // keys: one per ticket, exact
    static final String ID = "id";
    static final String VERSION = "version";
    static final String FINGERPRINT = "fingerprint";

    // filters, exact
    static final String STATUS = "status";
    static final String CUSTOMER = "customerId";
    static final String SITE = "siteId";
    static final String ASSET = "assetId";
    static final String PRIORITY = "priority";
    static final String CHANNEL = "channel";
    static final String ENGINEER = "engineerId";
    static final String RECORDED_BY = "recordedBy";
    static final String SLA_BREACHED = "slaBreached";
    static final String RECORDED_AT = "recordedAt";

    // sort keys (doc values)
    static final String PRIORITY_RANK = "priorityRank";
    static final String SLA_DUE = "slaDueAt";
    static final String NUMBER = "number";

    // what a caller may remember, exact: the number's characters, asset ids and serials, the phone's digits
    static final String NUMBER_KEY = "numberKey";
    static final String ASSET_KEY = "assetKey";
    static final String PHONE = "phone";
    static final String PHONE_REVERSED = "phoneReversed";

    // what a caller may remember, in words: analysed, stored for highlighting
    static final String SYMPTOM = "symptom";
    static final String ERRORS = "errorMessages";
    static final String LOCATION = "location";
    static final String CAUSE = "suspectedCause";
    static final String DISCOVERED = "discoveredHow";
    static final String AFFECTED = "affectedUsers";
    static final String REPORTER = "reporter";
    static final String CUSTOMER_NAME = "customerName";
    static final String ASSETS = "assets";

    /** The analysed fields, in the order highlights list them. */
    static final List<String> TEXT = List.of(SYMPTOM, ERRORS, LOCATION, CAUSE, DISCOVERED, AFFECTED, REPORTER,
            CUSTOMER_NAME, ASSETS);

    private TicketFields() {
    }

    /**
     * Chinese and English alike, whatever way a sentence could be cut into words: Latin words and numbers whole and
     * lower-cased, Chinese (and Japanese, Korean) text as overlapping pairs of characters, each character also on its
     * own. A query's words become the same pairs ({@link TicketQueries}), so 告警灯 finds 告警灯闪烁 however a
     * segmenter would have split either, and 卡 finds 卡纸.
     */
    static Analyzer analyzer() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer source = new StandardTokenizer();
                TokenStream result = new LowerCaseFilter(new CJKWidthFilter(source));
                result = new CJKBigramFilter(result, CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA
                        | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL, true);
                return new TokenStreamComponents(source, result);
            }

            @Override
            protected TokenStream normalize(String field, TokenStream in) {
                return new LowerCaseFilter(new CJKWidthFilter(in));
            }
        };
    }

    /** What the index keeps of a ticket, with its customer's name and its assets as the directory has them now. */
    record Indexed(Ticket ticket, String customerName, List<Asset> assets) {

        /** Changes when anything the index holds of the ticket changes; a save that changes none is not reindexed. */
        int fingerprint() {
            Ticket t = ticket;
            return Objects.hash(t.status(), t.priority(), t.engineerId(), t.siteId(), t.assetIds(), t.channel(),
                    t.fault(), t.reporter(), slaDue(t), breached(t), customerName, assets);
        }

        Document document() {
            Ticket t = ticket;
            Document doc = new Document();
            doc.add(new StringField(ID, t.id(), Field.Store.YES));
            doc.add(new SortedDocValuesField(ID, new BytesRef(t.id())));
            doc.add(new NumericDocValuesField(VERSION, t.version()));
            doc.add(new NumericDocValuesField(FINGERPRINT, fingerprint()));

            keyword(doc, STATUS, t.status() == null ? null : t.status().name(), true);
            keyword(doc, PRIORITY, t.priority() == null ? null : t.priority().name(), true);
            keyword(doc, CUSTOMER, t.customerId(), false);
            keyword(doc, SITE, t.siteId(), false);
            keyword(doc, CHANNEL, t.channel() == null ? null : t.channel().name(), false);
            keyword(doc, ENGINEER, t.engineerId(), false);
            keyword(doc, RECORDED_BY, t.recordedBy(), false);
            keyword(doc, SLA_BREACHED, Boolean.toString(breached(t)), false);
            t.assetIds().forEach(asset -> keyword(doc, ASSET, asset, false));

            long recordedAt = t.recordedAt() == null ? 0 : t.recordedAt().toEpochMilli();
            doc.add(new LongPoint(RECORDED_AT, recordedAt));
            doc.add(new NumericDocValuesField(RECORDED_AT, recordedAt));
            doc.add(new NumericDocValuesField(PRIORITY_RANK, t.priority() == null ? 9 : t.priority().ordinal() + 1));
            Instant due = slaDue(t);
            doc.add(new NumericDocValuesField(SLA_DUE, due == null ? Long.MAX_VALUE : due.toEpochMilli()));
            if (t.number() != null) {
                doc.add(new SortedDocValuesField(NUMBER, new BytesRef(t.number())));
                doc.add(new StringField(NUMBER_KEY, t.number().toLowerCase(Locale.ROOT), Field.Store.NO));
            }

            FaultRecord fault = t.fault();
            if (fault != null) {
                text(doc, SYMPTOM, fault.what() == null ? null : fault.what().symptom());
                text(doc, ERRORS, fault.what() == null || fault.what().errorMessages() == null ? null
                        : String.join("\n", fault.what().errorMessages()));
                text(doc, LOCATION, fault.where() == null ? null : fault.where().location());
                text(doc, CAUSE, fault.why() == null ? null : fault.why().suspectedCause());
                text(doc, DISCOVERED, fault.how() == null ? null : fault.how().discoveredHow());
                text(doc, AFFECTED, fault.who() == null ? null : fault.who().affectedUsers());
            }
            Ticket.Reporter reporter = t.reporter();
            String reportedBy = fault == null || fault.who() == null ? null : fault.who().reportedBy();
            text(doc, REPORTER, Stream.of(reporter == null ? null : reporter.name(), reportedBy,
                    reporter == null ? null : reporter.organization()).filter(Objects::nonNull).distinct()
                    .collect(Collectors.joining(" ")));
            if (reporter != null && reporter.phone() != null) {
                String digits = reporter.phone().replaceAll("[^0-9]", "");
                if (!digits.isEmpty()) {
                    doc.add(new StringField(PHONE, digits, Field.Store.NO));
                    doc.add(new StringField(PHONE_REVERSED, new StringBuilder(digits).reverse().toString(),
                            Field.Store.NO));
                }
            }
            text(doc, CUSTOMER_NAME, customerName);
            List<String> assetWords = new ArrayList<>(t.assetIds());
            for (Asset asset : assets) {
                Stream.of(asset.serialNumber(), asset.model(), asset.category()).filter(Objects::nonNull)
                        .forEach(assetWords::add);
                if (asset.serialNumber() != null) {
                    keyword(doc, ASSET_KEY, asset.serialNumber().toLowerCase(Locale.ROOT), false);
                }
            }
            t.assetIds().forEach(id -> keyword(doc, ASSET_KEY, id.toLowerCase(Locale.ROOT), false));
            text(doc, ASSETS, String.join(" ", assetWords));
            return doc;
        }
    }

    /** When the ticket's next SLA target falls due: resolution, the last of its targets. */
    static Instant slaDue(Ticket ticket) {
        return ticket.sla() == null ? null : ticket.sla().resolutionDue();
    }

    static boolean breached(Ticket ticket) {
        return ticket.slaClock() != null && ticket.slaClock().breached() != null
                && !ticket.slaClock().breached().isEmpty();
    }

    private static void keyword(Document doc, String field, String value, boolean sortable) {
        if (value == null || value.isEmpty()) {
            return;
        }
        doc.add(new StringField(field, value, Field.Store.NO));
        if (sortable) {
            doc.add(new SortedDocValuesField(field, new BytesRef(value)));
        }
    }

    private static void text(Document doc, String field, String value) {
        if (value != null && !value.isBlank()) {
            doc.add(new TextField(field, value, Field.Store.YES));
        }
    }
}
