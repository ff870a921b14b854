package io.yunwei.chassis.health;

import org.springframework.dao.DataAccessResourceFailureException;

import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/**
 * Whether a failure means the store could not be reached or did not answer in time (down, partitioned, failing
 * over), rather than that the work itself was wrong: such work is tried again when the store is back, never
 * dead-lettered, and a request that meets it is answered 503, not 500.
 */
public final class StoreOutage {

    private StoreOutage() {
    }

    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof MongoSocketException || cause instanceof MongoTimeoutException
                    || cause instanceof MongoNotPrimaryException || cause instanceof MongoNodeIsRecoveringException
                    || cause instanceof DataAccessResourceFailureException) {
                return true;
            }
        }
        return false;
    }
}
