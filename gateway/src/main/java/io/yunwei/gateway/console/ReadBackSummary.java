package io.yunwei.gateway.console;

import java.util.Locale;

import org.springframework.context.MessageSource;

/**
 * The summary an agent reads to the caller, written from the 5W1H record in the agent's language; the agent may
 * edit it before reading it out. Its wording avoids what the courtesy check flags (no "maybe", no "可能").
 */
final class ReadBackSummary {

    private ReadBackSummary() {
    }

    static String of(CallForm call, MessageSource messages, Locale locale) {
        return messages.getMessage("readBack.template", new Object[] {
                or(call.getOccurredAt()).replace('T', ' '), or(call.getReportedBy()), or(call.getAffectedUsers()),
                or(call.getLocation()), or(call.getSymptom()), or(call.getSuspectedCause()), or(call.getDiscoveredHow()),
                level(call.getImpact(), messages, locale), level(call.getUrgency(), messages, locale)}, locale);
    }

    private static String level(String level, MessageSource messages, Locale locale) {
        return level == null ? "—" : messages.getMessage("level." + level, null, level, locale);
    }

    private static String or(String value) {
        return value == null || value.isBlank() ? "—" : value.strip();
    }
}
