package io.yunwei.chassis.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.bson.Document;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.index.IndexResolver;
import org.springframework.data.mongodb.core.index.MongoPersistentEntityIndexResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

/**
 * The indexes a document class declares, by name, as Spring Data resolves them from the mapping and would create
 * them on MongoDB. Tests ask this rather than the embedded store, which ignores compound indexes.
 */
public final class DeclaredIndexes {

    private DeclaredIndexes() {
    }

    /** Index name → its keys in order (field → 1 or -1). */
    public static Map<String, Document> of(Class<?> documentClass) {
        MongoMappingContext mapping = new MongoMappingContext();
        mapping.setAutoIndexCreation(true);
        mapping.setSimpleTypeHolder(new MongoCustomConversions(List.of()).getSimpleTypeHolder());
        IndexResolver resolver = new MongoPersistentEntityIndexResolver(mapping);
        Map<String, Document> byName = new LinkedHashMap<>();
        StreamSupport.stream(resolver.resolveIndexFor(documentClass).spliterator(), false)
                .forEach(index -> byName.put(index.getIndexOptions().getString("name"), index.getIndexKeys()));
        return byName;
    }
}
