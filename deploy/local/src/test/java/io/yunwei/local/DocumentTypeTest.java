package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

class DocumentTypeTest {

    private static final Document TICKET = new Document("_id", "T-1").append("version", 7L).append("attempts", 3)
            .append("score", 4.5).append("open", true).append("closedAt", null)
            .append("recordedAt", Instant.parse("2026-11-25T01:30:00.123Z")).append("ref", new ObjectId())
            .append("who", new Document("reportedBy", "王工").append("phone", "13800000000"))
            .append("timeline", List.of(new Document("type", "ticket.recorded.v1"), new Document("type", "ticket.opened.v1")))
            .append("assetIds", List.of("acme-ups-01", "acme-ups-02"));

    @Test
    void keepsADocumentAsBsonAndReadsItBackEqual() {
        ByteBuffer written = write(TICKET, DocumentType.INSTANCE);

        assertThat(written.get(0)).isEqualTo(DocumentType.BSON);
        assertThat(DocumentType.INSTANCE.read(written)).isEqualTo(TICKET);
        assertThat(written.hasRemaining()).as("the whole value is consumed, and no more").isFalse();
    }

    @Test
    void readsSeveralValuesWrittenOneAfterAnother() {
        Document second = new Document("_id", "T-2").append("status", "CLOSED");
        WriteBuffer buffer = new WriteBuffer();
        DocumentType.INSTANCE.write(buffer, TICKET);
        DocumentType.INSTANCE.write(buffer, second);
        ByteBuffer written = buffer.getBuffer().flip();

        assertThat(DocumentType.INSTANCE.read(written)).isEqualTo(TICKET);
        assertThat(DocumentType.INSTANCE.read(written)).isEqualTo(second);
    }

    @Test
    void readsADocumentAnOlderStoreWroteByJavaSerialization() {
        ByteBuffer written = write(TICKET, new ObjectDataType());

        assertThat(written.get(0)).isNotEqualTo(DocumentType.BSON);
        assertThat(DocumentType.INSTANCE.read(written)).isEqualTo(TICKET);
        assertThat(written.hasRemaining()).isFalse();
    }

    @Test
    void writesWhatBsonCannotHoldByJavaSerializationAndReadsItBack() {
        Document odd = new Document("_id", "T-3").append("duration", java.time.Duration.ofSeconds(5));
        ByteBuffer written = write(odd, DocumentType.INSTANCE);

        assertThat(written.get(0)).isNotEqualTo(DocumentType.BSON);
        assertThat(DocumentType.INSTANCE.read(written)).isEqualTo(odd);
    }

    @Test
    void takesAFractionOfTheSpaceOfJavaSerialization() {
        assertThat(write(TICKET, DocumentType.INSTANCE).remaining())
                .isLessThan(write(TICKET, new ObjectDataType()).remaining() / 2);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static ByteBuffer write(Document document, org.h2.mvstore.type.DataType type) {
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, document);
        return buffer.getBuffer().flip();
    }
}
