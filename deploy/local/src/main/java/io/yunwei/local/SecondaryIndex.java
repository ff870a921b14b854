package io.yunwei.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.type.StringDataType;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.Json;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * A non-unique index, kept in the store's file beside the documents, where the backend it extends keeps none and
 * scans the whole collection for every filter but an {@code _id} or a unique key. It narrows a filter on the index's
 * first field to the documents whose value could match: a value ({@code {f: v}}, {@code $eq}, {@code $in}), a range
 * of dates or numbers ({@code $lt}, {@code $lte}, {@code $gt}, {@code $gte}), or {@code {$exists: true}}; the whole
 * filter is then checked on each document found, as MongoDB checks the fields an index does not cover, and the order
 * asked for is made from those documents. The further fields of a compound index are kept out of it: the first field
 * is the one filtered on. An array is indexed by its elements, as MongoDB's multikey indexes are, and an index of a
 * field of an array's documents ({@code dispatches.status}) narrows an {@code $elemMatch} on that field as well.
 *
 * <p>An entry is one string, ordered as the values are: a tag for the value's kind, the value written so that
 * strings sort as the values do (numbers as doubles, dates as milliseconds), then {@code \0} and the document's
 * {@code _id}; the entry's value is the document's position. It changes in the same commit as the document, as the
 * store commits whole commands only ({@link GroupCommit}).
 */
final class SecondaryIndex extends Index<Object> {

    private static final char NUMBER = 'N';
    private static final char STRING = 'S';
    private static final char DATE = 'D';
    private static final char OBJECT_ID = 'O';
    private static final char BOOLEAN = 'B';
    /** A value no filter this index answers narrows by value ({@code null}, a document, an empty array): found by {@code $exists}. */
    private static final char OTHER = 'X';
    private static final char END = '\0';
    private static final Set<String> RANGE = Set.of("$lt", "$lte", "$gt", "$gte");
    /**
     * The entry that says the index holds every stored document, sorted before every other (each starts with a
     * tag): an index without entries may be one over documents none of which has the field, or one still to be built.
     */
    private static final String BUILT = "";
    /** Below every tag. */
    private static final String FIRST = "A";

    private static final Pattern POSITION = Pattern.compile("[0-9]{1,6}");

    private final MVMap<String, Object> entries;
    private final String field;
    private final List<String> path;

    SecondaryIndex(MVMap<String, Object> entries, String name, List<IndexKey> keys) {
        // sparse as far as the collection asks: a document without the field has no entry to remove
        super(name, keys, true);
        this.entries = entries;
        this.field = keys.getFirst().getKey();
        this.path = List.of(field.split("\\."));
    }

    static MVMap.Builder<String, Object> mapType() {
        return new MVMap.Builder<String, Object>().keyType(StringDataType.INSTANCE);
    }

    @Override
    public Object getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        // nothing to check: values may repeat
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        for (String entry : entries(document, position)) {
            entries.put(entry, position);
        }
    }

    @Override
    public Object remove(Document document) {
        Object position = Utils.getSubdocumentValue(document, "_id");
        for (String entry : entries(document, position)) {
            entries.remove(entry);
        }
        return position;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        // nothing to check: values may repeat
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position,
            MongoCollection<Object> collection) {
        Set<String> before = entries(oldDocument, position);
        Set<String> after = entries(newDocument, position);
        if (before.equals(after)) {
            return;
        }
        before.stream().filter(entry -> !after.contains(entry)).forEach(entries::remove);
        after.stream().filter(entry -> !before.contains(entry)).forEach(entry -> entries.put(entry, position));
    }

    @Override
    public boolean canHandle(Document query) {
        return ranges(query) != null;
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
        Set<Object> positions = new LinkedHashSet<>();
        positions(query, false).forEachRemaining(positions::add);
        return positions;
    }

    /**
     * Whether the index gives the order asked for walking down ({@code true}) or up ({@code false}); {@code null}
     * when it does not give it. No order asked for is any order.
     */
    Boolean direction(Document orderBy) {
        if (orderBy == null || orderBy.isEmpty()) {
            return Boolean.FALSE;
        }
        if (orderBy.size() != 1 || !(orderBy.get(field) instanceof Number direction)) {
            return null;
        }
        return direction.intValue() < 0;
    }

    /**
     * The positions of the documents that could match, in the order of their values, each once (a document with an
     * array is found at its lowest value walking up and at its highest walking down, as MongoDB sorts arrays), read
     * from the index only as far as they are taken.
     */
    Iterator<Object> positions(Document query, boolean descending) {
        List<Range> ranges = new ArrayList<>(ranges(query));
        ranges.sort(Comparator.comparing(Range::from));
        if (descending) {
            Collections.reverse(ranges);
        }
        Set<Object> seen = new HashSet<>();
        return ranges.stream().flatMap(range -> walk(range, descending)).filter(seen::add).iterator();
    }

    private Stream<Object> walk(Range range, boolean descending) {
        String start = descending ? entries.lowerKey(range.to()) : range.from();
        if (start == null) {
            return Stream.empty();
        }
        Cursor<String, Object> cursor = entries.cursor(start, null, descending);
        return StreamSupport.stream(new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED) {
            @Override
            public boolean tryAdvance(Consumer<? super Object> action) {
                if (!cursor.hasNext()) {
                    return false;
                }
                String key = cursor.next();
                if (descending ? key.compareTo(range.from()) < 0 : key.compareTo(range.to()) >= 0) {
                    return false;
                }
                action.accept(cursor.getValue());
                return true;
            }
        }, false);
    }

    @Override
    public long getCount() {
        return entries.sizeAsLong() - (isEmpty() ? 0 : 1);
    }

    /** Whether the index is still to be built from the stored documents. */
    @Override
    public boolean isEmpty() {
        return !entries.containsKey(BUILT);
    }

    /** Notes that the index holds every stored document: it is built once, not each time the file is opened. */
    void built() {
        entries.put(BUILT, Boolean.TRUE);
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void drop() {
        entries.clear();
    }

    /** The entries of a document: one per value of the field, none when the field is missing. */
    private Set<String> entries(Document document, Object position) {
        List<Object> values = new ArrayList<>();
        valuesAt(document, path, 0, values);
        Set<String> found = new LinkedHashSet<>();
        String id = END + idKey(position);
        values.forEach(value -> found.add(key(value) + id));
        return found;
    }

    /**
     * The values a path reaches, as MongoDB's filters see them: through a document by name; through an array by
     * position when the step is a number ({@code outbox.0.time}) and into each of its documents by name; at the end,
     * each element of an array (an empty one is a value too: the field exists).
     */
    private static void valuesAt(Object node, List<String> path, int step, List<Object> found) {
        if (step == path.size()) {
            if (node instanceof Collection<?> elements && !elements.isEmpty()) {
                found.addAll(elements);
            } else {
                found.add(node instanceof Collection<?> ? null : node);
            }
            return;
        }
        String name = path.get(step);
        if (node instanceof Document document && document.containsKey(name)) {
            valuesAt(document.get(name), path, step + 1, found);
        } else if (node instanceof List<?> elements) {
            if (POSITION.matcher(name).matches() && Integer.parseInt(name) < elements.size()) {
                valuesAt(elements.get(Integer.parseInt(name)), path, step + 1, found);
            }
            for (Object element : elements) {
                if (element instanceof Document) {
                    valuesAt(element, path, step, found);
                }
            }
        }
    }

    /**
     * The key ranges, each {@code [from, to)}, holding every entry that could match the filter's condition on the
     * field; {@code null} when the filter has none this index can narrow.
     */
    private List<Range> ranges(Document query) {
        Object condition = query.get(field);
        if (condition == null && query.get("$and") instanceof List<?> conditions) {
            for (Object each : conditions) {
                List<Range> ranges = each instanceof Document part ? ranges(part) : null;
                if (ranges != null) {
                    return ranges;
                }
            }
            return null;
        }
        if (condition == null) {
            return elementRanges(query);
        }
        if (!(condition instanceof Document operators) || operators.keySet().stream().noneMatch(k -> k.startsWith("$"))) {
            return equal(condition);
        }
        if (operators.size() == 1 && operators.get("$eq") != null) {
            return equal(operators.get("$eq"));
        }
        if (operators.size() == 1 && operators.get("$in") instanceof Collection<?> values && !values.isEmpty()) {
            List<Range> ranges = new ArrayList<>();
            for (Object value : values) {
                List<Range> one = equal(value);
                if (one == null) {
                    return null;
                }
                ranges.addAll(one);
            }
            return ranges;
        }
        if (operators.size() == 1 && Boolean.TRUE.equals(operators.get("$exists"))) {
            return List.of(new Range(FIRST, String.valueOf(Character.MAX_VALUE)));
        }
        return range(operators);
    }

    /**
     * The ranges of {@code {array: {$elemMatch: {field: …}}}} on an index of {@code array.field}: an element that
     * matches holds a value the condition on the field allows, so the document has that entry.
     */
    private List<Range> elementRanges(Document query) {
        int dot = field.indexOf('.');
        if (dot < 0 || !(query.get(field.substring(0, dot)) instanceof Document array)
                || !(array.get("$elemMatch") instanceof Document element)) {
            return null;
        }
        String inElement = field.substring(dot + 1);
        return element.containsKey(inElement) ? ranges(new Document(field, element.get(inElement))) : null;
    }

    private static List<Range> equal(Object value) {
        if (!isKeyed(value)) {
            return null;
        }
        String key = key(value) + END;
        return List.of(new Range(key, key.substring(0, key.length() - 1) + (char) (END + 1)));
    }

    /** A range of dates or of numbers, its bounds widened to whole values: the filter decides at the bounds. */
    private static List<Range> range(Document operators) {
        Character kind = null;
        String from = null;
        String to = null;
        for (Map.Entry<String, Object> operator : operators.entrySet()) {
            Object bound = operator.getValue();
            if (!RANGE.contains(operator.getKey()) || !(isDate(bound) || bound instanceof Number)) {
                return null;
            }
            char tag = key(bound).charAt(0);
            if (kind != null && kind != tag) {
                return null;
            }
            kind = tag;
            if (operator.getKey().startsWith("$g")) {
                from = key(bound) + END;
            } else {
                to = key(bound) + (char) (END + 1);
            }
        }
        if (kind == null) {
            return null;
        }
        return List.of(new Range(from == null ? String.valueOf(kind) : from,
                to == null ? String.valueOf((char) (kind + 1)) : to));
    }

    private static boolean isKeyed(Object value) {
        return value instanceof String || value instanceof Number number && !Double.isNaN(number.doubleValue())
                || isDate(value) || value instanceof ObjectId || value instanceof Boolean;
    }

    private static boolean isDate(Object value) {
        return value instanceof Instant || value instanceof Date;
    }

    /** The value written so that keys sort as the values do within their kind. */
    static String key(Object value) {
        if (value instanceof String text) {
            return STRING + text;
        }
        if (value instanceof Number number && !Double.isNaN(number.doubleValue())) {
            double d = number.doubleValue() == 0 ? 0 : number.doubleValue();
            long bits = Double.doubleToLongBits(d);
            return NUMBER + hex(bits < 0 ? ~bits : bits ^ Long.MIN_VALUE);
        }
        if (isDate(value)) {
            long millis = value instanceof Instant instant ? instant.toEpochMilli() : ((Date) value).getTime();
            return DATE + hex(millis ^ Long.MIN_VALUE);
        }
        if (value instanceof ObjectId id) {
            return OBJECT_ID + id.getHexData();
        }
        if (value instanceof Boolean flag) {
            return BOOLEAN + (flag ? "1" : "0");
        }
        return String.valueOf(OTHER);
    }

    private static String hex(long value) {
        return HexFormat.of().toHexDigits(value);
    }

    /** The keys from {@code from} up to, not including, {@code to}. */
    private record Range(String from, String to) {
    }

    private static String idKey(Object position) {
        return position instanceof String id ? id : Json.toCompactJsonValue(position);
    }
}
