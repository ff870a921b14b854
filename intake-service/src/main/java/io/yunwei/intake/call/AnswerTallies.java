package io.yunwei.intake.call;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.UpdateOptions;

/**
 * Calls counted per agent and calendar day, so the three-ring report reads one small document per day by its id
 * instead of every call: {@code {_id: "2026-12-05", agents: {<agent>: {agentId, answered, withinThreeRings,
 * unanswered}}}}. Counted once, when a call is first stored; a process that stops between storing the call and
 * counting it leaves that call out of the report (the Prometheus counters have the same gap).
 */
@Component
class AnswerTallies {

    static final String COLLECTION = "call_tallies";

    private final MongoTemplate mongo;
    private final CallPolicy policy;

    AnswerTallies(MongoTemplate mongo, CallPolicy policy) {
        this.mongo = mongo;
        this.policy = policy;
    }

    void count(Call call) {
        String agent = "agents." + fieldName(call.agentId());
        Document increments = new Document();
        if (call.withinThreeRings() == null) {
            increments.append(agent + ".unanswered", 1);
        } else {
            increments.append(agent + ".answered", 1).append(agent + ".withinThreeRings",
                    call.withinThreeRings() ? 1 : 0);
        }
        mongo.getCollection(COLLECTION).updateOne(eq("_id", dayOf(call)),
                new Document("$inc", increments).append("$set", new Document(agent + ".agentId", call.agentId())),
                new UpdateOptions().upsert(true));
    }

    /** Each agent's calls over the days {@code from} to {@code to}, both included, by agent id. */
    List<AgentAnswers> between(LocalDate from, LocalDate to) {
        List<String> days = from.datesUntil(to.plusDays(1)).map(LocalDate::toString).toList();
        Map<String, long[]> byAgent = new TreeMap<>();
        for (Document day : mongo.getCollection(COLLECTION).find(in("_id", days))) {
            Document agents = day.get("agents", Document.class);
            if (agents == null) {
                continue;
            }
            for (Object value : agents.values()) {
                Document agent = (Document) value;
                long[] counts = byAgent.computeIfAbsent(agent.getString("agentId"), id -> new long[3]);
                counts[0] += count(agent, "answered");
                counts[1] += count(agent, "withinThreeRings");
                counts[2] += count(agent, "unanswered");
            }
        }
        List<AgentAnswers> answers = new ArrayList<>();
        byAgent.forEach((agent, counts) -> answers.add(new AgentAnswers(agent, counts[0], counts[1], counts[2])));
        return answers;
    }

    private String dayOf(Call call) {
        return call.ringingAt().atZone(policy.zone()).toLocalDate().toString();
    }

    /** An agent id as a field name: the characters a field name may not hold escaped, reversibly. */
    static String fieldName(String agentId) {
        return agentId.replace("%", "%25").replace(".", "%2E").replace("$", "%24").replace("\0", "%00");
    }

    private static long count(Document agent, String field) {
        Number value = agent.get(field, Number.class);
        return value == null ? 0 : value.longValue();
    }

    /** One agent's calls: answered (and of those, within three rings) and not answered at all. */
    record AgentAnswers(String agentId, long answered, long withinThreeRings, long unanswered) {
    }
}
