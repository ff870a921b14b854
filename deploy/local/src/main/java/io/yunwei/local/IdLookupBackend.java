package io.yunwei.local;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

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
 * <p>It also keeps the non-unique indexes clients declare ({@link SecondaryIndex}), where the backend keeps none;
 * a filter one of them narrows, in no order or in the order of the index's field, is read in that order only as far
 * as the client takes it (a sweep's first 200 of 100,000 due documents reads 200), and a filter no index narrows is
 * read in batches, as MongoDB returns a cursor's batches, instead of every match at once in memory.
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

    IdLookupBackend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String name) {
        return new Database(name, getMvStore(), getCursorRegistry());
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
            return new Collection(this, name, options, documents, store.openMap("meta." + namespace), cursorRegistry);
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

        Collection(MongoDatabase database, String name, CollectionOptions options,
                MVMap<Object, Document> data, MVMap<String, Object> meta,
                CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
            this.documents = data;
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
                    Iterator<Object> positions = ((SecondaryIndex) index).positions(query, descending);
                    Stream<Document> documents = StreamSupport.stream(Spliterators.spliteratorUnknownSize(positions,
                            Spliterator.ORDERED), false).map(this::getDocument).filter(Objects::nonNull);
                    return lazily(documents, query, skip, limit, batchSize, fields);
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
            return lazily(documents.values().stream(), query, skip, limit, batchSize, fields);
        }

        /**
         * The documents of {@code candidates} that match, the first batch now and the rest as the client asks for it
         * (at most {@code limit}, or all in one answer when the client gives neither a batch size nor a limit).
         */
        private QueryResult lazily(Stream<Document> candidates, Document query, int skip, int limit, int batchSize,
                Document fields) {
            // a matcher of its own: the rest is read outside the collection's lock, and the backend's matcher keeps
            // state for positional updates
            var matcher = new DefaultQueryMatcher();
            Stream<Document> matching = candidates.filter(document -> matcher.matches(document, query));
            if (skip > 0) {
                matching = matching.skip(skip);
            }
            if (limit > 0) {
                matching = matching.limit(limit);
            }
            // each batch projected as the backend projects: the whole batch through its own matching, of every document
            UnaryOperator<List<Document>> projection = fields == null || fields.isEmpty() ? batch -> batch
                    : batch -> {
                        synchronized (this) {
                            return matchDocumentsFromStream(new Document(), batch.stream(), 0, 0, 0, null, fields)
                                    .collectDocuments();
                        }
                    };
            var cursor = new ScanCursor(cursorRegistry.generateCursorId(), matching.iterator(), projection);
            List<Document> first = cursor.takeDocuments(batchSize > 0 ? batchSize : Integer.MAX_VALUE);
            if (cursor.isEmpty()) {
                return new QueryResult(first);
            }
            cursorRegistry.add(cursor);
            return new QueryResult(first, cursor);
        }
    }

    /** The rest of a scan, read as the client takes it. */
    private static final class ScanCursor extends AbstractCursor {

        /** What a client asking for more without a batch size gets, as MongoDB caps a batch by size. */
        private static final int DEFAULT_BATCH = 1_000;

        private final Iterator<Document> rest;
        private final UnaryOperator<List<Document>> projection;

        ScanCursor(long id, Iterator<Document> rest, UnaryOperator<List<Document>> projection) {
            super(id);
            this.rest = rest;
            this.projection = projection;
        }

        @Override
        public synchronized boolean isEmpty() {
            return !rest.hasNext();
        }

        @Override
        public synchronized List<Document> takeDocuments(int count) {
            int wanted = count > 0 ? count : DEFAULT_BATCH;
            List<Document> batch = new ArrayList<>(Math.min(wanted, DEFAULT_BATCH));
            while (batch.size() < wanted && rest.hasNext()) {
                batch.add(rest.next());
            }
            return projection.apply(batch);
        }
    }
}
