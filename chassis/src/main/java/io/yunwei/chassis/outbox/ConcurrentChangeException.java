package io.yunwei.chassis.outbox;

import org.springframework.dao.OptimisticLockingFailureException;

/** Someone else changed the document between our read and our write. */
public class ConcurrentChangeException extends OptimisticLockingFailureException {

    public ConcurrentChangeException(String collection, String id) {
        super("document " + collection + "/" + id + " was changed concurrently");
    }
}
