package io.yunwei.local;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.exception.MongoServerException;

/**
 * Applies changes to the store and returns only once they are committed to its file, many writers sharing one
 * commit: a writer whose change is applied waits for a commit that started after it; one writer at a time commits
 * for everyone waiting, and they are released together.
 * <p>
 * Changes and the start of a commit exclude each other: MVStore captures its maps one after the other as it commits,
 * so a change running meanwhile could reach the file half done (a document without its unique-index entry, which
 * nothing repairs on open).
 */
final class GroupCommit {

    private final MVStore store;
    private final boolean fsync;
    /** Shared by changes being applied, exclusive for the commit that captures them. */
    private final ReentrantReadWriteLock capture = new ReentrantReadWriteLock();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition committed = lock.newCondition();
    private long started;
    private long finished;
    private boolean committing;
    private RuntimeException lastFailure;

    /** @param fsync whether a commit also forces the file to the disk, to survive a power cut, not only a crash */
    GroupCommit(MVStore store, boolean fsync) {
        this.store = store;
        this.fsync = fsync;
    }

    /**
     * Applies a change and waits until it is committed, also when the change failed part way: what another client
     * may already have read is then in the file too.
     */
    <T> T apply(Supplier<T> change) {
        try {
            capture.readLock().lock();
            try {
                return change.get();
            } finally {
                capture.readLock().unlock();
            }
        } finally {
            awaitCommitStartedAfterNow();
        }
    }

    /** Runs an action no change runs beside and no commit follows, such as closing the store. */
    void exclusively(Runnable action) {
        capture.writeLock().lock();
        try {
            action.run();
        } finally {
            capture.writeLock().unlock();
        }
    }

    private void awaitCommitStartedAfterNow() {
        lock.lock();
        try {
            // a commit running now may have captured the maps before this change: only the next one surely holds it
            long needed = started + 1;
            while (finished < needed) {
                if (committing) {
                    committed.awaitUninterruptibly();
                } else {
                    commitForAllWaiting();
                }
            }
            if (lastFailure != null) {
                throw new MongoServerException("the store could not commit to its file: " + lastFailure.getMessage(),
                        lastFailure);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called holding {@link #lock}; commits without it, so that writers finishing meanwhile can queue. */
    private void commitForAllWaiting() {
        committing = true;
        long generation = ++started;
        RuntimeException failure = null;
        lock.unlock();
        try {
            commit();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            lock.lock();
            committing = false;
            finished = generation;
            lastFailure = failure;
            committed.signalAll();
        }
    }

    private void commit() {
        long version;
        capture.writeLock().lock();
        try {
            version = store.commit();
        } finally {
            capture.writeLock().unlock();
        }
        // the fsync needs no exclusion: changes of the next group may go on while the disk catches up
        if (fsync && version >= 0) {
            store.sync();
        }
    }
}
