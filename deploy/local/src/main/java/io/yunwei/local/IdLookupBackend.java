package io.yunwei.local;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * The H2 backend, answering a filter that names one {@code _id} by that document alone, as MongoDB does: the
 * backend it extends uses an index only for a filter made of exactly the index's fields, and scans the whole
 * collection for {@code {_id: X, outbox.0: {$exists: true}}}, for a compound {@code _id} with one more condition,
 * and for {@code {_id: {$in: [...]}, ...}}. The other conditions are then checked on the documents found. The maps are H2's, by the names it gives them; documents are kept as BSON ({@link DocumentType}).
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
    }

    private static final class Collection extends H2Collection {

        Collection(MongoDatabase database, String name, CollectionOptions options,
                MVMap<Object, Document> data, MVMap<String, Object> meta,
                CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
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
            return super.queryDocuments(query, orderBy, skip, limit, batchSize, fields);
        }
    }
}
