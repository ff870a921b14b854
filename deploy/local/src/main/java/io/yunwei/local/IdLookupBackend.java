package io.yunwei.local;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStore.TxCounter;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * The H2 backend, answering a filter that names one {@code _id} by that document alone, as MongoDB does: the
 * backend it extends uses an index only for a filter made of exactly the index's fields, and scans the whole
 * collection for {@code {_id: X, outbox.0: {$exists: true}}}, for a compound {@code _id} with one more condition,
 * and for {@code {_id: {$in: [...]}, ...}}. The other conditions are then checked on the documents found. The maps
 * are H2's, by the names it gives them; documents are kept as BSON ({@link DocumentType}).
 *
 * <p>Its unique indexes order their keys by value ({@link UniqueIndex}), where the backend's order them by their Java
 * serialization. It also keeps the non-unique indexes clients declare ({@link SecondaryIndex}), where the backend keeps
 * none; a filter one of them narrows, in no order or in the order of the index's field, is read in that order only as
 * far as the client takes it (a sweep's first 200 of 100,000 due documents reads 200), and a filter no index narrows is
 * read in batches, as MongoDB returns a cursor's batches, instead of every match at once in memory.
 *
 * <p>A scan read batch by batch holds on to the store's version it reads, so that {@link Housekeeping} and commits
 * free no chunk it may still need, until it is read to the end, killed, or left unread for
 * {@link Housekeeping#SCAN_IDLE}; it is then ended, as MongoDB ends an idle cursor.
 *
 * <p>A document is never changed once stored: an update changes a copy and stores that in its place. The backend
 * changes the document it finds in place, while an answer holding the same document may still be on its way to
 * another client: encoding that answer then fails ({@code ConcurrentModificationException}), the store drops the
 * connection and the client's driver fails every other call on its connections, or the answer holds a document half
 * old, half new. A copy of the top level is enough: the backend computes the new document from a deep copy of the
 * old one and only puts that copy's top-level values into (or removes them from) the document it found, so a nested
 * value, shared by the old version and the copy, is never changed.
 */
final class IdLookupBackend extends H2Backend {

    /**
     * The scans clients are reading batch by batch, by cursor id. Made on first use, which may come while the
     * backend's constructor opens the databases already in the file; no initializer, which would run after that.
     */
    private Map<Long, ScanCursor> scans;

    IdLookupBackend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String name) {
        return new Database(name, getMvStore(), getCursorRegistry());
    }

    @Override
    protected Document handleKillCursors(Document query) {
        Document answer = super.handleKillCursors(query);
        if (query.get("cursors") instanceof List<?> ids) {
            ids.forEach(id -> endScan(((Number) id).longValue()));
        }
        return answer;
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        super.closeCursors(cursorIds);
        cursorIds.forEach(this::endScan);
    }

    private synchronized Map<Long, ScanCursor> scans() {
        if (scans == null) {
            scans = new ConcurrentHashMap<>();
        }
        return scans;
    }

    /** Ends the scans no client has read from since {@code nanoTime}, as their clients would have killed them. */
    void endScansIdleSince(long nanoTime) {
        scans().values().stream().filter(scan -> scan.unreadSince(nanoTime)).forEach(scan -> {
            getCursorRegistry().remove(scan);
            endScan(scan.getId());
        });
    }

    /** How many scans clients are reading batch by batch. */
    int openScans() {
        return scans().size();
    }

    private void endScan(long cursorId) {
        ScanCursor scan = scans().get(cursorId);
        if (scan != null) {
            scan.end();
        }
    }

    /**
     * The {@code _id}s a filter limits its documents to, named at its top level or in one of the conditions of its
     * top-level {@code $and} (as the MongoDB driver writes {@code Filters.and}): a plain value, a compound key (a
     * document without operators) or an {@code $in} of those; {@code null} when it names none.
     */
    static List<Object> idsOf(Document query) {
        Object id = query.get("_id");
        if (isKey(id)) {
            return List.of(id);
        }
        if (id instanceof Document condition && condition.size() == 1 && condition.get("$in") instanceof List<?> in
                && in.stream().allMatch(IdLookupBackend::isKey)) {
            return List.copyOf(in);
        }
        if (query.get("$and") instanceof List<?> conditions) {
            for (Object condition : conditions) {
                List<Object> found = condition instanceof Document c ? idsOf(c) : null;
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static boolean isKey(Object value) {
        return value instanceof String || value instanceof Number || value instanceof ObjectId
                || value instanceof Document compound && compound.keySet().stream().noneMatch(key -> key.startsWith("$"));
    }

    /** Inner, so that the collections its constructor opens already see the backend's file. */
    private final class Database extends H2Database {

        Database(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String name, CollectionOptions options) {
            // the maps H2Database opens for a collection, by the names it gives them
            String namespace = getFullCollectionNamespace(name);
            MVStore store = getMvStore();
            MVMap<Object, Document> documents = store.openMap("databases." + namespace,
                    new MVMap.Builder<Object, Document>().valueType(DocumentType.INSTANCE));
            return new Collection(this, name, options, documents, store.openMap("meta." + namespace), cursorRegistry,
                    IdLookupBackend.this::scans);
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            return new UniqueIndex(getMvStore().openMap(getFullCollectionNamespace(collectionName) + "._index_"
                    + indexName, UniqueIndex.mapType()), indexName, keys, sparse);
        }

        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            // named as the backend names its unique indexes' maps, which StoreServer may empty to have them rebuilt
            return new SecondaryIndex(getMvStore().openMap(getFullCollectionNamespace(collectionName) + "._index_"
                    + indexName, SecondaryIndex.mapType()), indexName, keys);
        }
    }

    private static final class Collection extends H2Collection {

        /** Set while this thread updates: what it finds, the backend changes in place. */
        private static final ThreadLocal<Boolean> UPDATING = ThreadLocal.withInitial(() -> false);

        private final MVMap<Object, Document> documents;
        private final Supplier<Map<Long, ScanCursor>> scans;

        Collection(MongoDatabase database, String name, CollectionOptions options,
                MVMap<Object, Document> data, MVMap<String, Object> meta,
                CursorRegistry cursors, Supplier<Map<Long, ScanCursor>> scans) {
            super(database, name, options, data, meta, cursors);
            this.documents = data;
            this.scans = scans;
        }

        @Override
        public Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters, boolean multi,
                boolean upsert, Oplog oplog) {
            return onCopies(() -> super.updateDocuments(selector, update, arrayFilters, multi, upsert, oplog));
        }

        @Override
        public Document findAndModify(Document query) {
            return onCopies(() -> super.findAndModify(query));
        }

        private static Document onCopies(Supplier<Document> change) {
            UPDATING.set(true);
            try {
                return change.get();
            } finally {
                UPDATING.set(false);
            }
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                Document fields) {
            QueryResult found = find(query, orderBy, skip, limit, batchSize, fields);
            if (!UPDATING.get()) {
                return found;
            }
            // an update reads its documents whole, in one batch, and changes their top level: copies of that
            List<Document> copies = new ArrayList<>();
            found.forEach(document -> copies.add(document.clone()));
            return new QueryResult(copies, found.getCursorId());
        }

        private QueryResult find(Document query, Document orderBy, int skip, int limit, int batchSize,
                Document fields) {
            List<Object> ids = idsOf(query);
            if (ids != null && !(query.size() == 1 && isKey(query.get("_id")))) {
                for (Index<Object> index : getIndexes()) {
                    if (index.getKeys().size() == 1 && index.getKeys().getFirst().getKey().equals("_id")) {
                        List<Object> positions = new ArrayList<>();
                        for (Object id : new LinkedHashSet<>(ids)) {
                            index.getPositions(new Document("_id", id)).forEach(positions::add);
                        }
                        return matchDocuments(query, positions, orderBy, skip, limit, batchSize, fields);
                    }
                }
            }
            for (Index<Object> index : getIndexes()) {
                if (index.canHandle(query)) {
                    Boolean descending = index instanceof SecondaryIndex secondary ? secondary.direction(orderBy) : null;
                    if (descending == null) {
                        break;
                    }
                    // in the index's order, which is the order asked for: only what the client takes is read
                    SecondaryIndex secondary = (SecondaryIndex) index;
                    return lazily(() -> StreamSupport.stream(Spliterators.spliteratorUnknownSize(
                            secondary.positions(query, descending), Spliterator.ORDERED), false)
                            .map(this::getDocument).filter(Objects::nonNull), query, skip, limit, batchSize, fields);
                }
            }
            return super.queryDocuments(query, orderBy, skip, limit, batchSize, fields);
        }

        /** A new secondary index over stored documents is built in one read of them; the backend reads them twice. */
        @Override
        public void addIndex(Index<Object> index) {
            if (index instanceof SecondaryIndex secondary && secondary.isEmpty()) {
                documents.entrySet().forEach(entry -> secondary.add(entry.getValue(), entry.getKey(), this));
                secondary.built();
            }
            super.addIndex(index);
        }

        /**
         * A filter no index narrows, in no particular order and with a batch size: the first batch is found now and
         * the rest as the client asks for it, from the collection as it was when the query came, rather than every
         * match at once in memory (a million documents for a full read). Sorted or unbatched, as the backend does.
         */
        @Override
        protected QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                Document fields) {
            if (batchSize <= 0 && limit <= 0 || orderBy != null && !orderBy.isEmpty()) {
                return super.matchDocuments(query, orderBy, skip, limit, batchSize, fields);
            }
            return lazily(() -> documents.values().stream(), query, skip, limit, batchSize, fields);
        }

        /**
         * The documents of {@code candidates} that match, the first batch now and the rest as the client asks for it
         * (at most {@code limit}, or all in one answer when the client gives neither a batch size nor a limit).
         */
        private QueryResult lazily(Supplier<Stream<Document>> candidates, Document query, int skip, int limit,
                int batchSize, Document fields) {
            // each batch projected as the backend projects: the whole batch through its own matching, of every document
            UnaryOperator<List<Document>> projection = fields == null || fields.isEmpty() ? batch -> batch
                    : batch -> {
                        synchronized (this) {
                            return matchDocumentsFromStream(new Document(), batch.stream(), 0, 0, 0, null, fields)
                                    .collectDocuments();
                        }
                    };
            // held before any map is read, so that no page the scan reads is of a newer version than the one held
            MVStore store = documents.getStore();
            TxCounter version = store.registerVersionUsage();
            ScanCursor cursor;
            try {
                // a matcher of its own: the rest is read outside the collection's lock, and the backend's matcher
                // keeps state for positional updates
                var matcher = new DefaultQueryMatcher();
                Stream<Document> matching = candidates.get().filter(document -> matcher.matches(document, query));
                if (skip > 0) {
                    matching = matching.skip(skip);
                }
                if (limit > 0) {
                    matching = matching.limit(limit);
                }
                cursor = new ScanCursor(cursorRegistry.generateCursorId(), matching.iterator(), projection, store,
                        version, scans.get());
            } catch (RuntimeException e) {
                store.deregisterVersionUsage(version);
                throw e;
            }
            List<Document> first = cursor.takeDocuments(batchSize > 0 ? batchSize : Integer.MAX_VALUE);
            if (cursor.isEmpty()) {
                return new QueryResult(first);
            }
            scans.get().put(cursor.getId(), cursor);
            cursorRegistry.add(cursor);
            return new QueryResult(first, cursor);
        }
    }

    /**
     * The rest of a scan, read as the client takes it, holding on to the store's version it reads until it is read
     * to the end or {@link #end ended}.
     */
    private static final class ScanCursor extends AbstractCursor {

        /** What a client asking for more without a batch size gets, as MongoDB caps a batch by size. */
        private static final int DEFAULT_BATCH = 1_000;

        private final Iterator<Document> rest;
        private final UnaryOperator<List<Document>> projection;
        private final MVStore store;
        /** The version held, {@code null} once let go. */
        private TxCounter version;
        private long lastRead = System.nanoTime();
        /** The open scans, which this one leaves as it ends. */
        private final Map<Long, ScanCursor> open;

        ScanCursor(long id, Iterator<Document> rest, UnaryOperator<List<Document>> projection, MVStore store,
                TxCounter version, Map<Long, ScanCursor> open) {
            super(id);
            this.rest = rest;
            this.projection = projection;
            this.store = store;
            this.version = version;
            this.open = open;
        }

        @Override
        public synchronized boolean isEmpty() {
            return version == null || !rest.hasNext();
        }

        @Override
        public synchronized List<Document> takeDocuments(int count) {
            if (version == null) {
                return List.of();
            }
            lastRead = System.nanoTime();
            int wanted = count > 0 ? count : DEFAULT_BATCH;
            List<Document> batch = new ArrayList<>(Math.min(wanted, DEFAULT_BATCH));
            try {
                while (batch.size() < wanted && rest.hasNext()) {
                    batch.add(rest.next());
                }
                if (!rest.hasNext()) {
                    end();
                }
            } catch (RuntimeException e) {
                // a scan that failed is not read again
                end();
                throw e;
            }
            return projection.apply(batch);
        }

        synchronized boolean unreadSince(long nanoTime) {
            return lastRead - nanoTime < 0;
        }

        /** Lets go of the version read: what only it still needed may be freed. Reads nothing after. */
        synchronized void end() {
            if (version != null) {
                store.deregisterVersionUsage(version);
                version = null;
            }
            open.remove(id, this);
        }
    }
}
