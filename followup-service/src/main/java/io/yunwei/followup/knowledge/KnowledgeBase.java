package io.yunwei.followup.knowledge;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.followup.ticket.TicketFollowup;
import io.yunwei.followup.knowledge.ArticleIndex.Hit;
import io.yunwei.followup.knowledge.KnowledgeArticle.ArticleStatus;

/** Drafts an article from each closure, publishes it on a supervisor's approval and answers searches. */
@Service
public class KnowledgeBase {

    private final MongoTemplate mongo;
    private final DocumentStore store;
    private final Clock clock;
    private final ArticleIndex index = new ArticleIndex();

    KnowledgeBase(MongoTemplate mongo, DocumentStore store, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.clock = clock;
    }

    /** The draft of a closure's article; drafting the same cycle again changes nothing. */
    public void draft(String ticketId, int cycle, String title, String symptoms, String cause, String solution,
            List<String> assetIds) {
        String id = ChildIds.of(ticketId, 'K', cycle);
        try {
            mongo.insert(new KnowledgeArticle(id, ticketId, cycle, title, symptoms, cause, solution, assetIds,
                    ArticleStatus.DRAFT, clock.instant(), null, null));
        } catch (DuplicateKeyException e) {
            // drafted when this closure was first seen
        }
    }

    KnowledgeArticle approve(String articleId, String approvedBy) {
        KnowledgeArticle article = mongo.findById(articleId, KnowledgeArticle.class);
        if (article == null) {
            throw new DocumentNotFoundException(KnowledgeArticle.class, articleId);
        }
        if (article.status() == ArticleStatus.APPROVED) {
            throw new ApiProblem(HttpStatus.CONFLICT, "ARTICLE_ALREADY_APPROVED", "This article is already published.")
                    .with("currentStatus", article.status()).with("allowedNext", List.of());
        }
        Instant now = clock.instant();
        // the event first, in the ticket's own sequence; approving again after a crash publishes nothing twice
        store.update(TicketFollowup.class, article.ticketId(), null,
                followup -> followup.articlePublished(articleId, article.title(), approvedBy, now));
        mongo.updateFirst(query(where("_id").is(articleId).and("status").is(ArticleStatus.DRAFT.name())),
                new Update().set("status", ArticleStatus.APPROVED.name()).set("approvedBy", approvedBy)
                        .set("approvedAt", now), KnowledgeArticle.class);
        KnowledgeArticle approved = mongo.findById(articleId, KnowledgeArticle.class);
        index.put(approved);
        return approved;
    }

    List<ArticleView> search(String text, int limit) {
        List<Hit> hits = index.search(text, limit);
        Map<String, KnowledgeArticle> articles = mongo
                .find(query(where("_id").in(hits.stream().map(Hit::articleId).toList())), KnowledgeArticle.class)
                .stream().collect(Collectors.toMap(KnowledgeArticle::id, Function.identity()));
        List<ArticleView> views = new ArrayList<>();
        for (Hit hit : hits) {
            KnowledgeArticle article = articles.get(hit.articleId());
            if (article != null) {
                views.add(ArticleView.of(article, hit.score()));
            }
        }
        return views;
    }

    List<ArticleView> list(ArticleStatus status, int limit) {
        // the latest first: a supervisor approves what closures have just taught while it is fresh
        return mongo.find(query(where("status").is(status.name()))
                        .with(Sort.by(Sort.Order.desc("draftedAt"), Sort.Order.asc("_id"))).limit(limit),
                        KnowledgeArticle.class).stream()
                .map(a -> ArticleView.of(a, null)).toList();
    }

    /** Builds the index from the store on start, and again now and then to take in other instances' approvals. */
    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelayString = "${yunwei.followup.knowledge.refresh:60s}",
            initialDelayString = "${yunwei.followup.knowledge.refresh:60s}")
    void rebuild() {
        index.replaceAll(mongo.find(query(where("status").is(ArticleStatus.APPROVED.name())), KnowledgeArticle.class));
    }

    record ArticleView(String id, String ticketId, int cycle, String title, String symptoms, String cause,
            String solution, List<String> assetIds, ArticleStatus status, Instant draftedAt, String approvedBy,
            Instant approvedAt, Float score) {

        static ArticleView of(KnowledgeArticle a, Float score) {
            return new ArticleView(a.id(), a.ticketId(), a.cycle(), a.title(), a.symptoms(), a.cause(), a.solution(),
                    a.assetIds(), a.status(), a.draftedAt(), a.approvedBy(), a.approvedAt(), score);
        }
    }
}
