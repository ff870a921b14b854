package io.yunwei.local;

import java.util.List;
import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;

/**
 * A unique index, kept as the backend keeps it (a map of key to document position, named as it names it), with its
 * keys ordered by their values. The backend's map orders a key by H2's default, which compares objects of a class it
 * does not know, as {@link KeyValue} is, by serializing both with Java serialization: every lookup and insert did so
 * a dozen times over, behind the index's lock, and under load that garbage was two thirds of what the store allocated.
 * A file whose unique indexes were ordered the old way has them rebuilt when it is opened ({@link StoreServer}).
 */
final class UniqueIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> entries;

    UniqueIndex(MVMap<KeyValue, Object> entries, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.entries = entries;
    }

    /** The map type: keys written as H2 writes them, ordered by their values. */
    static MVMap.Builder<KeyValue, Object> mapType() {
        return new MVMap.Builder<KeyValue, Object>().keyType(new KeyType());
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return entries.remove(key);
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return entries.putIfAbsent(key, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return entries.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return entries.get(key);
    }

    @Override
    public long getCount() {
        return entries.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    /**
     * H2's type for any object, comparing two keys value by value as MongoDB orders values: numbers by value whatever
     * their type ({@code 1} and {@code 1.0} are one key, as in MongoDB), then by kind. One per map: the type remembers
     * the kind it last wrote.
     */
    static final class KeyType extends ObjectDataType {

        private static final ValueComparator VALUES = ValueComparator.ascWithoutListHandling();

        @Override
        public int compare(Object a, Object b) {
            if (a instanceof KeyValue x && b instanceof KeyValue y) {
                int common = Math.min(x.size(), y.size());
                for (int i = 0; i < common; i++) {
                    int order = VALUES.compare(x.get(i), y.get(i));
                    if (order != 0) {
                        return order;
                    }
                }
                return Integer.compare(x.size(), y.size());
            }
            return super.compare(a, b);
        }
    }
}
