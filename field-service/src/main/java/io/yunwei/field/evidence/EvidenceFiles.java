package io.yunwei.field.evidence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.gridfs.GridFsResource;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.mongodb.client.gridfs.model.GridFSFile;

import io.yunwei.chassis.web.ApiProblem;

/**
 * Keeps evidence files in GridFS. Only PNG, JPEG and PDF are accepted, told by their bytes; each file is capped in
 * size and stored with its SHA-256, so a download can be checked against what was uploaded.
 */
@Component
public class EvidenceFiles {

    private final GridFsTemplate gridFs;
    private final EvidenceProperties properties;

    EvidenceFiles(GridFsTemplate gridFs, EvidenceProperties properties) {
        this.gridFs = gridFs;
        this.properties = properties;
    }

    /** Refuses a file over the cap before it is read. */
    public void requireWithinCap(long size) {
        if (size > properties.maxSize().toBytes()) {
            throw new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "EVIDENCE_TOO_LARGE",
                    "An evidence file may be at most " + properties.maxSize().toBytes() + " bytes.")
                    .with("maxBytes", properties.maxSize().toBytes());
        }
    }

    /** Checks a file's size and type by its bytes, and takes its checksum; nothing is stored yet. */
    public CheckedFile check(byte[] content) {
        requireWithinCap(content.length);
        if (content.length == 0) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "EMPTY_EVIDENCE", "The evidence file is empty.");
        }
        String contentType = ContentSniffer.sniff(content).orElseThrow(() -> new ApiProblem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_EVIDENCE_TYPE",
                "Evidence must be a PNG or JPEG image or a PDF document."));
        return new CheckedFile(content, contentType, sha256(content));
    }

    public StoredFile store(String owner, String filename, CheckedFile file) {
        ObjectId id = gridFs.store(new ByteArrayInputStream(file.content()), filename, file.contentType(),
                new Document("owner", owner).append("sha256", file.sha256()));
        return new StoredFile(id.toHexString(), file.contentType(), file.content().length, file.sha256());
    }

    public Optional<byte[]> read(String fileId) {
        if (!ObjectId.isValid(fileId)) {
            return Optional.empty();
        }
        GridFSFile file = gridFs.findOne(query(where("_id").is(new ObjectId(fileId))));
        if (file == null) {
            return Optional.empty();
        }
        GridFsResource resource = gridFs.getResource(file);
        try (InputStream in = resource.getInputStream()) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String fileId) {
        gridFs.delete(query(where("_id").is(new ObjectId(fileId))));
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public record CheckedFile(byte[] content, String contentType, String sha256) {
    }

    public record StoredFile(String fileId, String contentType, long size, String sha256) {
    }
}
