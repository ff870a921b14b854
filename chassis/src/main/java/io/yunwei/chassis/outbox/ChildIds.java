package io.yunwei.chassis.outbox;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Items kept inside a per-ticket document (dispatches, visits, callbacks) carry ids like {@code <ticket>-D2}, so
 * the document holding one is found by its {@code _id}, the one lookup every store answers fast.
 */
public final class ChildIds {

    private ChildIds() {
    }

    public static String of(String parentId, char kind, int number) {
        return parentId + "-" + kind + number;
    }

    /** The parent document's id, or a 404 problem when the id is not of this kind. */
    public static String parentOf(String childId, char kind, Class<?> childType) {
        int cut = childId.lastIndexOf("-" + kind);
        if (cut <= 0 || cut + 2 >= childId.length()
                || !childId.substring(cut + 2).chars().allMatch(Character::isDigit)) {
            throw new DocumentNotFoundException(childType, childId);
        }
        return childId.substring(0, cut);
    }

    /**
     * Documents with at least one item in {@code arrayField} whose fields equal the given values; the
     * arguments after the array's name are field-value pairs, and a pair with a null value is left out.
     */
    public static Query withItem(String arrayField, String... fieldsAndValues) {
        Criteria item = null;
        for (int i = 0; i + 1 < fieldsAndValues.length; i += 2) {
            String field = fieldsAndValues[i];
            String value = fieldsAndValues[i + 1];
            if (value != null) {
                item = item == null ? where(field).is(value) : item.and(field).is(value);
            }
        }
        return item == null ? new Query() : query(where(arrayField).elemMatch(item));
    }
}
