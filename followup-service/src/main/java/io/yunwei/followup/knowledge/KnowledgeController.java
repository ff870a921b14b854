package io.yunwei.followup.knowledge;

import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.chassis.security.Actor;
import io.yunwei.followup.knowledge.KnowledgeArticle.ArticleStatus;
import io.yunwei.followup.knowledge.KnowledgeBase.ArticleView;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

@RestController
@Validated
class KnowledgeController {

    private final KnowledgeBase knowledge;

    KnowledgeController(KnowledgeBase knowledge) {
        this.knowledge = knowledge;
    }

    /** With {@code q}: approved articles by relevance; without: the articles in {@code status}. */
    @GetMapping("/api/v1/knowledge/articles")
    @PreAuthorize("hasAnyRole('AGENT', 'DISPATCHER', 'ENGINEER', 'SUPERVISOR', 'ADMIN')")
    List<ArticleView> articles(@RequestParam(required = false) @Size(max = 200) String q,
            @RequestParam(defaultValue = "APPROVED") ArticleStatus status,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return q == null || q.isBlank() ? knowledge.list(status, size) : knowledge.search(q, size);
    }

    @PostMapping("/api/v1/knowledge/articles/{id}/approval")
    @PreAuthorize("hasRole('SUPERVISOR')")
    ArticleView approve(@PathVariable @Size(max = 120) String id) {
        return ArticleView.of(knowledge.approve(id, Actor.current().orElseThrow().subject()), null);
    }
}
