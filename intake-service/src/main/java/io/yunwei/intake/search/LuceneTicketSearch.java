package io.yunwei.intake.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.ControlledRealTimeReopenThread;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.yunwei.chassis.outbox.OutboxDocument;
import io.yunwei.chassis.outbox.SavedDocuments;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.intake.customer.Asset;
import io.yunwei.intake.customer.Customer;
import io.yunwei.intake.customer.CustomerDirectory;
import io.yunwei.intake.ticket.Ticket;
import io.yunwei.intake.ticket.TicketSearch;

/**
 * The ticket search of one intake instance: a Lucene index in a folder of its own, kept in step with the store by
 * every ticket this instance writes (at once, {@link SavedDocuments}) and by the events of every instance
 * ({@link TicketFollower}, which also brings the index up to date after a restart), and rebuilt from the store when
 * the folder holds no index. Searches see a change within the reopen interval (at most a second).
 */
public final class LuceneTicketSearch implements TicketSearch, SavedDocuments, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LuceneTicketSearch.class);
    private static final int MAX_HIGHLIGHTS = 2;

    private final Path folder;
    private final FSDirectory directory;
    private final Analyzer analyzer = TicketFields.analyzer();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ControlledRealTimeReopenThread<IndexSearcher> reopener;
    private final TicketQueries queries = new TicketQueries(analyzer);
    private final CustomerDirectory directoryOfCustomers;
    private final Clock clock;
    private final Duration lookupsLiveFor;
    private final Map<String, Cached<String>> customerNames = new ConcurrentHashMap<>();
    private final Map<String, Cached<Optional<Asset>>> assets = new ConcurrentHashMap<>();
    private final Timer searches;
    /**
     * The order the index keeps tickets in: the lists' own, newest first, so that a page of a list in that order
     * stops collecting once it has the page (a page 60,000 deep otherwise went through every match).
     */
    static final Sort ORDER = new Sort(new SortField(TicketFields.RECORDED_AT, SortField.Type.LONG, true),
            new SortField(TicketFields.ID, SortField.Type.STRING, true));

    private final boolean created;
    private final Object[] stripes = new Object[64];
    // what this instance indexed lately, newest kept: a searcher sees it only after the next reopen
    private final Map<String, long[]> recent = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1_024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                    return size() > 20_000;
                }
            });

    private record Cached<T>(T value, Instant loadedAt) {
    }

    LuceneTicketSearch(Path folder, CustomerDirectory customers, Clock clock, Duration lookupsLiveFor,
            MeterRegistry meters) {
        this.folder = folder;
        this.directoryOfCustomers = customers;
        this.clock = clock;
        this.lookupsLiveFor = lookupsLiveFor;
        java.util.Arrays.setAll(stripes, i -> new Object());
        try {
            Files.createDirectories(folder);
            this.directory = FSDirectory.open(folder);
            boolean exists = DirectoryReader.indexExists(directory);
            if (exists && !keptInOrder(directory)) {
                log.info("ticket index in {} is kept in another order; it is filled again from the store", folder);
                for (String file : directory.listAll()) {
                    directory.deleteFile(file);
                }
                exists = false;
            }
            this.created = !exists;
            this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setIndexSort(ORDER)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
            this.searchers = new SearcherManager(writer, new SearcherFactory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the ticket index in " + folder, e);
        }
        // a change is searchable within a quarter of a second
        this.reopener = new ControlledRealTimeReopenThread<>(writer, searchers, 0.25, 0.05);
        reopener.setName("ticket-index-reopen");
        reopener.setDaemon(true);
        reopener.start();
        this.searches = Timer.builder("yunwei.search.duration").description("Ticket searches, index only")
                .publishPercentileHistogram().register(meters);
        io.micrometer.core.instrument.Gauge.builder("yunwei.search.documents", this, LuceneTicketSearch::documents)
                .description("Tickets in this instance's search index").register(meters);
    }

    /** Whether every segment of the index in the folder keeps its tickets in {@link #ORDER}. */
    private static boolean keptInOrder(Directory directory) throws IOException {
        for (SegmentCommitInfo segment : SegmentInfos.readLatestCommit(directory)) {
            if (!ORDER.equals(segment.info.getIndexSort())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the folder held no index when this opened: the store must be read into it ({@link #rebuild}). */
    boolean created() {
        return created;
    }

    Path folder() {
        return folder;
    }

    @Override
    public void saved(OutboxDocument document) {
        if (document instanceof Ticket ticket) {
            try {
                index(ticket);
            } catch (RuntimeException e) {
                // the write happened; the follower brings the index in step from the ticket's event
                log.warn("ticket {} written but not indexed now: {}", ticket.id(), e.toString());
            }
        }
    }

    /**
     * Writes the ticket into the index unless the index holds this version or a later one, or the same content. One
     * ticket is indexed by one thread at a time (the writing request's, the follower's), so an older state read
     * later never replaces a newer one.
     */
    void index(Ticket ticket) {
        TicketFields.Indexed indexed = new TicketFields.Indexed(ticket, customerName(ticket.customerId()),
                ticket.assetIds().stream().map(this::asset).flatMap(Optional::stream).toList());
        int fingerprint = indexed.fingerprint();
        synchronized (stripes[Math.floorMod(ticket.id().hashCode(), stripes.length)]) {
            try {
                long[] current = indexedVersion(ticket.id());
                if (current != null && current[0] >= ticket.version()) {
                    return;
                }
                if (current != null && current[1] == fingerprint) {
                    // nothing the index holds changed: it holds this version as it is
                    recent.put(ticket.id(), new long[] {ticket.version(), fingerprint});
                    return;
                }
                writer.updateDocument(new Term(TicketFields.ID, ticket.id()), indexed.document());
                recent.put(ticket.id(), new long[] {ticket.version(), fingerprint});
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The version and content fingerprint the index holds for a ticket: what this instance indexed lately (which a
     * searcher may not see yet), else what the latest searcher sees; null when the ticket is not in the index.
     */
    private long[] indexedVersion(String id) throws IOException {
        long[] lately = recent.get(id);
        if (lately != null) {
            return lately;
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(new TermQuery(new Term(TicketFields.ID, id)), 1);
            if (top.scoreDocs.length == 0) {
                return null;
            }
            int doc = top.scoreDocs[0].doc;
            LeafReaderContext leaf = searcher.getIndexReader().leaves()
                    .get(org.apache.lucene.index.ReaderUtil.subIndex(doc, searcher.getIndexReader().leaves()));
            int inLeaf = doc - leaf.docBase;
            NumericDocValues version = leaf.reader().getNumericDocValues(TicketFields.VERSION);
            NumericDocValues fingerprint = leaf.reader().getNumericDocValues(TicketFields.FINGERPRINT);
            long v = version != null && version.advanceExact(inLeaf) ? version.longValue() : -1;
            long f = fingerprint != null && fingerprint.advanceExact(inLeaf) ? fingerprint.longValue() : 0;
            return new long[] {v, f};
        } finally {
            searchers.release(searcher);
        }
    }

    /** Whether the index holds this version of the ticket, or a later one. */
    boolean holds(String id, long version) {
        try {
            long[] current = indexedVersion(id);
            return current != null && current[0] >= version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits what was indexed, with {@code position} (where the follower stands), so a restart goes on from there. */
    void commit(Map<String, String> position) {
        try {
            writer.setLiveCommitData(position.entrySet());
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the ticket index in " + folder, e);
        }
    }

    /** What the last commit recorded of the follower's position; empty for a new index. */
    Map<String, String> committedPosition() {
        Map<String, String> position = new HashMap<>();
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            data.forEach(entry -> position.put(entry.getKey(), entry.getValue()));
        }
        return position;
    }

    /** Reads every ticket of the store into the index; the follower's position was taken before, so nothing is missed. */
    long rebuild(Iterable<Ticket> tickets) {
        long count = 0;
        long started = System.nanoTime();
        for (Ticket ticket : tickets) {
            index(ticket);
            count++;
        }
        log.info("ticket index in {} built from the store: {} tickets in {} s", folder, count,
                (System.nanoTime() - started) / 1_000_000_000);
        return count;
    }

    @Override
    public Hits search(Query request, Actor actor) {
        return searches.record(() -> {
            IndexSearcher searcher = null;
            try {
                searcher = searchers.acquire();
                return search(searcher, request, actor);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (searcher != null) {
                    release(searcher);
                }
            }
        });
    }

    private Hits search(IndexSearcher searcher, Query request, Actor actor) throws IOException {
        org.apache.lucene.search.Query query = queries.query(request, actor);
        Sort sort = sort(request);
        FieldDoc after = request.cursor() == null ? null : Cursor.decode(request.cursor(), sort);
        int skip = after == null ? request.page() * request.size() : 0;
        int wanted = skip + request.size();
        ScoreDoc[] page;
        long total;
        if (after == null && sort.equals(ORDER)) {
            page = inIndexOrder(searcher, query, skip, request.size());
            total = searcher.count(query);
        } else {
            // counting stops once the page is found, so that a sort on recording time can skip older tickets; the
            // total is then counted on its own, which a filter answers from its postings alone
            TopDocs top = searcher.search(query, new TopFieldCollectorManager(sort, wanted, after, wanted, true));
            page = top.scoreDocs.length <= skip ? new ScoreDoc[0]
                    : java.util.Arrays.copyOfRange(top.scoreDocs, skip, top.scoreDocs.length);
            total = top.totalHits.relation == TotalHits.Relation.EQUAL_TO ? top.totalHits.value : searcher.count(query);
        }
        StoredFields stored = searcher.storedFields();
        List<String> ids = new ArrayList<>(page.length);
        for (ScoreDoc hit : page) {
            ids.add(stored.document(hit.doc, java.util.Set.of(TicketFields.ID)).get(TicketFields.ID));
        }
        String next = page.length == request.size() && (after != null || skip + page.length < total)
                ? Cursor.encode((FieldDoc) page[page.length - 1]) : null;
        Map<String, Map<String, List<String>>> highlights = request.q() == null || request.q().isBlank()
                ? Map.of() : highlights(searcher, query, page, ids);
        Map<String, Map<String, Long>> facets = request.facets() == null || request.facets().isEmpty() ? Map.of()
                : facets(searcher, query, request.facets());
        return new Hits(ids, total, next, highlights, facets);
    }

    /**
     * A page of a list in the index's own order ({@link #ORDER}, newest first): each segment keeps its tickets in that
     * order, so its matches come out of the query in it, and the segments' matches are merged as far as the page. A
     * page 60,000 deep takes 60,020 steps, where collecting it took every match of every segment.
     */
    private static ScoreDoc[] inIndexOrder(IndexSearcher searcher, org.apache.lucene.search.Query query, int skip,
            int size) throws IOException {
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        java.util.PriorityQueue<Lane> lanes = new java.util.PriorityQueue<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer != null && ORDER.equals(leaf.reader().getMetaData().getSort())) {
                Lane lane = new Lane(leaf, scorer.iterator());
                if (lane.next()) {
                    lanes.add(lane);
                }
            } else if (scorer != null) {
                throw new IllegalStateException("a segment of the ticket index is not kept in its order");
            }
        }
        List<ScoreDoc> page = new ArrayList<>(size);
        for (int position = 0; position < skip + size && !lanes.isEmpty(); position++) {
            Lane lane = lanes.poll();
            if (position >= skip) {
                page.add(new FieldDoc(lane.leaf.docBase + lane.doc, Float.NaN,
                        new Object[] { lane.recordedAt, lane.id() }));
            }
            if (lane.next()) {
                lanes.add(lane);
            }
        }
        return page.toArray(ScoreDoc[]::new);
    }

    /** One segment's matches, in the index's order, with the keys of the one at hand. */
    private static final class Lane implements Comparable<Lane> {

        final LeafReaderContext leaf;
        private final DocIdSetIterator matches;
        private final Bits live;
        private final NumericDocValues recordedAts;
        private final SortedDocValues ids;
        int doc;
        long recordedAt;
        private int ord;
        private BytesRef id;

        Lane(LeafReaderContext leaf, DocIdSetIterator matches) throws IOException {
            this.leaf = leaf;
            this.matches = matches;
            this.live = leaf.reader().getLiveDocs();
            this.recordedAts = DocValues.getNumeric(leaf.reader(), TicketFields.RECORDED_AT);
            this.ids = DocValues.getSorted(leaf.reader(), TicketFields.ID);
        }

        /** Moves to the next live match; false when there is none. */
        boolean next() throws IOException {
            do {
                doc = matches.nextDoc();
            } while (doc != DocIdSetIterator.NO_MORE_DOCS && live != null && !live.get(doc));
            if (doc == DocIdSetIterator.NO_MORE_DOCS) {
                return false;
            }
            recordedAt = recordedAts.advanceExact(doc) ? recordedAts.longValue() : 0L;
            ord = ids.advanceExact(doc) ? ids.ordValue() : -1;
            id = null;
            return true;
        }

        /** The ticket id, looked up only when it is needed: for a page and between tickets recorded at one instant. */
        BytesRef id() throws IOException {
            if (id == null) {
                id = ord < 0 ? new BytesRef() : BytesRef.deepCopyOf(ids.lookupOrd(ord));
            }
            return id;
        }

        /** Newest first, then the greater id first, as {@link #ORDER}. */
        @Override
        public int compareTo(Lane other) {
            int byTime = Long.compare(other.recordedAt, recordedAt);
            if (byTime != 0) {
                return byTime;
            }
            try {
                return other.id().compareTo(id());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The requested order, then the ticket id, so that equal keys still have one order (and a cursor one place). */
    static Sort sort(Query request) {
        boolean reverse = request.descending();
        SortField first = switch (request.order()) {
            case RECORDED_AT -> new SortField(TicketFields.RECORDED_AT, SortField.Type.LONG, reverse);
            case PRIORITY -> new SortField(TicketFields.PRIORITY_RANK, SortField.Type.LONG, reverse);
            case SLA_DUE -> new SortField(TicketFields.SLA_DUE, SortField.Type.LONG, reverse);
            case NUMBER -> new SortField(TicketFields.NUMBER, SortField.Type.STRING, reverse);
            case STATUS -> new SortField(TicketFields.STATUS, SortField.Type.STRING, reverse);
            case RELEVANCE -> new SortField(null, SortField.Type.SCORE, !reverse);
        };
        return new Sort(first, new SortField(TicketFields.ID, SortField.Type.STRING, reverse));
    }

    private Map<String, Map<String, List<String>>> highlights(IndexSearcher searcher, org.apache.lucene.search.Query query,
            ScoreDoc[] page, List<String> ids) throws IOException {
        if (page.length == 0) {
            return Map.of();
        }
        UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, analyzer)
                .withFormatter(new DefaultPassageFormatter("<em>", "</em>", "…", true))
                .withMaxLength(2_000).build();
        String[] fields = TicketFields.TEXT.toArray(String[]::new);
        int[] docs = java.util.Arrays.stream(page).mapToInt(hit -> hit.doc).toArray();
        int[] passages = new int[fields.length];
        java.util.Arrays.fill(passages, MAX_HIGHLIGHTS);
        Map<String, String[]> byField = highlighter.highlightFields(fields, query, docs, passages);
        Map<String, Map<String, List<String>>> highlights = new LinkedHashMap<>();
        for (int i = 0; i < docs.length; i++) {
            Map<String, List<String>> mine = new LinkedHashMap<>();
            for (String field : fields) {
                String fragment = byField.get(field)[i];
                if (fragment != null && fragment.contains("<em>")) {
                    mine.put(field, List.of(fragment));
                }
            }
            if (!mine.isEmpty()) {
                highlights.put(ids.get(i), mine);
            }
        }
        return highlights;
    }

    /** Counts the matches per value of each facet, in one pass over them. */
    private static Map<String, Map<String, Long>> facets(IndexSearcher searcher, org.apache.lucene.search.Query query,
            java.util.Set<Facet> wanted) throws IOException {
        List<Facet> facets = List.copyOf(wanted);
        Map<Facet, Map<String, Long>> counts = searcher.search(query, new CollectorManager<FacetCounter,
                Map<Facet, Map<String, Long>>>() {
            @Override
            public FacetCounter newCollector() {
                return new FacetCounter(facets);
            }

            @Override
            public Map<Facet, Map<String, Long>> reduce(java.util.Collection<FacetCounter> collectors)
                    throws IOException {
                Map<Facet, Map<String, Long>> all = new EnumMap<>(Facet.class);
                for (FacetCounter collector : collectors) {
                    collector.counts().forEach((facet, values) -> values.forEach((value, count) -> all
                            .computeIfAbsent(facet, f -> new java.util.TreeMap<>()).merge(value, count, Long::sum)));
                }
                facets.forEach(facet -> all.computeIfAbsent(facet, f -> new java.util.TreeMap<>()));
                return all;
            }
        });
        Map<String, Map<String, Long>> named = new LinkedHashMap<>();
        counts.forEach((facet, values) -> named.put(facet.name().toLowerCase(java.util.Locale.ROOT), values));
        return named;
    }

    private static final class FacetCounter extends SimpleCollector {

        private final List<Facet> facets;
        private final Map<Facet, Map<String, Long>> counts = new EnumMap<>(Facet.class);
        private final SortedDocValues[] values;
        private final long[][] perOrd;

        FacetCounter(List<Facet> facets) {
            this.facets = facets;
            this.values = new SortedDocValues[facets.size()];
            this.perOrd = new long[facets.size()][];
        }

        @Override
        protected void doSetNextReader(LeafReaderContext context) throws IOException {
            flush();
            for (int i = 0; i < facets.size(); i++) {
                values[i] = context.reader().getSortedDocValues(field(facets.get(i)));
                perOrd[i] = values[i] == null ? null : new long[values[i].getValueCount()];
            }
        }

        @Override
        public void collect(int doc) throws IOException {
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null && values[i].advanceExact(doc)) {
                    perOrd[i][values[i].ordValue()]++;
                }
            }
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }

        @Override
        public void setScorer(Scorable scorer) {
            // counts need no scores
        }

        /** Moves the counts of the segment read last from ordinals to values. */
        private void flush() throws IOException {
            for (int i = 0; i < facets.size(); i++) {
                if (values[i] == null || perOrd[i] == null) {
                    continue;
                }
                Map<String, Long> mine = counts.computeIfAbsent(facets.get(i), f -> new HashMap<>());
                for (int ord = 0; ord < perOrd[i].length; ord++) {
                    if (perOrd[i][ord] > 0) {
                        mine.merge(values[i].lookupOrd(ord).utf8ToString(), perOrd[i][ord], Long::sum);
                    }
                }
                perOrd[i] = null;
            }
        }

        private static String field(Facet facet) {
            return switch (facet) {
                case STATUS -> TicketFields.STATUS;
                case PRIORITY -> TicketFields.PRIORITY;
            };
        }

        Map<Facet, Map<String, Long>> counts() throws IOException {
            flush();
            return counts;
        }
    }

    /**
     * A page's last sort values and ticket id, so the next page starts after it whatever was indexed in between:
     * URL-safe Base64 of the values, each tagged with its type.
     */
    static final class Cursor {

        private Cursor() {
        }

        static String encode(FieldDoc last) {
            StringBuilder text = new StringBuilder();
            for (Object value : last.fields) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                if (value instanceof BytesRef bytes) {
                    text.append('s').append(bytes.utf8ToString());
                } else if (value instanceof Long number) {
                    text.append('l').append(number);
                } else if (value instanceof Float score) {
                    text.append('f').append(score);
                } else {
                    text.append('n');
                }
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
        }

        static FieldDoc decode(String cursor, Sort sort) {
            if (cursor.length() > 1_024) {
                throw ApiProblem.invalidField("cursor", "is not a cursor this list gave out");
            }
            String text;
            try {
                text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidField("cursor", "is not a cursor this list gave out");
            }
            String[] parts = text.split("\n", -1);
            SortField[] fields = sort.getSort();
            if (parts.length != fields.length) {
                throw ApiProblem.invalidField("cursor", "belongs to a list in another order");
            }
            Object[] values = new Object[parts.length];
            float score = Float.NaN;
            try {
                for (int i = 0; i < parts.length; i++) {
                    String part = parts[i];
                    char type = part.isEmpty() ? '?' : part.charAt(0);
                    SortField.Type expected = fields[i].getType();
                    values[i] = switch (type) {
                        case 's' -> expected == SortField.Type.STRING ? new BytesRef(part.substring(1)) : mismatch();
                        case 'l' -> expected == SortField.Type.LONG ? Long.parseLong(part.substring(1)) : mismatch();
                        case 'f' -> expected == SortField.Type.SCORE ? Float.parseFloat(part.substring(1)) : mismatch();
                        case 'n' -> null;
                        default -> mismatch();
                    };
                    if (type == 'f') {
                        score = (Float) values[i];
                    }
                }
            } catch (NumberFormatException e) {
                throw ApiProblem.invalidField("cursor", "is not a cursor this list gave out");
            }
            return new FieldDoc(Integer.MAX_VALUE, score, values);
        }

        private static Object mismatch() {
            throw ApiProblem.invalidField("cursor", "belongs to a list in another order");
        }
    }

    private String customerName(String customerId) {
        if (customerId == null) {
            return null;
        }
        return cached(customerNames, customerId,
                id -> directoryOfCustomers.customer(id).map(Customer::name).orElse(null));
    }

    private Optional<Asset> asset(String assetId) {
        return cached(assets, assetId, directoryOfCustomers::asset);
    }

    /** Names and serial numbers change seldom: each is read from the store at most once per {@code lookupsLiveFor}. */
    private <T> T cached(Map<String, Cached<T>> cache, String key, java.util.function.Function<String, T> load) {
        Instant now = clock.instant();
        Cached<T> hit = cache.get(key);
        if (hit != null && hit.loadedAt().plus(lookupsLiveFor).isAfter(now)) {
            return hit.value();
        }
        T value = load.apply(key);
        if (cache.size() > 50_000) {
            cache.clear();
        }
        cache.put(key, new Cached<>(value, now));
        return value;
    }

    private long documents() {
        return writer.getDocStats().numDocs;
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            log.debug("releasing a searcher failed", e);
        }
    }

    /** Waits until searches see everything indexed so far: for tests and a rebuild's end. */
    void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        reopener.close();
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            log.warn("closing the ticket index in {} failed", folder, e);
        }
    }

}
