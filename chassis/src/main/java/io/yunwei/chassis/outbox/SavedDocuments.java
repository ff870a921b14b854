package io.yunwei.chassis.outbox;

/**
 * Hears of every document {@link DocumentStore} has written, once the write succeeded, with the state it wrote (a
 * projection kept in step with the documents, such as a search index). Called on the writing thread: keep it quick,
 * and never let it fail the write, which has happened.
 */
public interface SavedDocuments {

    void saved(OutboxDocument document);
}
