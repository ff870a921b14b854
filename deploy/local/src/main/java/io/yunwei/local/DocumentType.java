package io.yunwei.local;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * How the store keeps a collection's documents in its file: as BSON, behind a tag byte that H2's own object type
 * never writes first. A document written before, by Java serialization through {@link ObjectDataType}, is still read
 * as it was, and one BSON cannot hold is written that way too; a page rewritten holds BSON from then on. BSON is a
 * fraction of the size and of the work: every commit writes each changed page whole, neighbouring documents included.
 */
final class DocumentType extends BasicDataType<Document> {

    static final DocumentType INSTANCE = new DocumentType();

    /** Above every tag {@link ObjectDataType} starts a value with (0–119). */
    static final byte BSON = (byte) 0xB5;

    /**
     * How much more a decoded document takes in the heap than its BSON, for the page cache's accounting: a field of a
     * few bytes becomes a map entry, a key string and a value object (a ticket: about ten times its BSON).
     */
    private static final int HEAP_PER_BSON_BYTE = 10;

    private final ObjectDataType serialized = new ObjectDataType();
    private volatile int averageBsonSize = 1024;

    private DocumentType() {
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
        ByteBuf bson = Unpooled.buffer(averageBsonSize + 64);
        try {
            BsonEncoder.encodeDocument(document, bson);
        } catch (RuntimeException notBson) {
            bson.release();
            serialized.write(buffer, document);
            return;
        }
        int size = bson.readableBytes();
        averageBsonSize = (averageBsonSize * 15 + size) / 16;
        buffer.put(BSON).put(bson.nioBuffer());
        bson.release();
    }

    @Override
    public Document read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != BSON) {
            return (Document) serialized.read(buffer);
        }
        buffer.get();
        // a BSON document begins with its whole length, little-endian
        int size = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt();
        // documents read count too: a store that has only been read since it opened would otherwise account
        // every cached document at the initial guess
        averageBsonSize = (averageBsonSize * 15 + size) / 16;
        ByteBuffer bson = buffer.slice(buffer.position(), size);
        buffer.position(buffer.position() + size);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    @Override
    public int getMemory(Document document) {
        return averageBsonSize * HEAP_PER_BSON_BYTE;
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }

    /** Values are never ordered; equal ones compare 0, which is all a map asks when it replaces one conditionally. */
    @Override
    public int compare(Document a, Document b) {
        return a.equals(b) ? 0 : 1;
    }
}
