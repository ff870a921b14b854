package io.yunwei.followup.knowledge;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/** What one resolution cycle taught: drafted at closure, searchable once a supervisor approved it. */
@Document("knowledge_articles")
@CompoundIndex(name = "status_drafted", def = "{'status': 1, 'draftedAt': -1}")
record KnowledgeArticle(@Id String id, String ticketId, int cycle, String title, String symptoms, String cause,
        String solution, List<String> assetIds, ArticleStatus status, Instant draftedAt, String approvedBy,
        Instant approvedAt) {

    enum ArticleStatus {
        DRAFT, APPROVED
    }
}
