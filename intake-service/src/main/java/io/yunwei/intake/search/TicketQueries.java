package io.yunwei.intake.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.intake.ticket.TicketSearch;
import io.yunwei.intake.ticket.TicketStatus;

/**
 * Turns a list request into a Lucene query. {@code q} is words, not a query language: each word (split at white
 * space) must match somewhere — as a phrase of its analysed tokens (Chinese as character pairs) in any part of the record, as the start of the
 * ticket number, as an asset's id or serial number, or as the start or end of the reporter's phone number. Filters
 * and what the caller may see are filters of the same query, so paging never drops what another page would show.
 */
final class TicketQueries {

    static final int MAX_Q = 200;
    static final int MAX_WORDS = 12;
    private static final Pattern KEY = Pattern.compile("[\\p{Alnum}._/-]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{3,}");

    private final Analyzer analyzer;

    TicketQueries(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    Query query(TicketSearch.Query request, Actor actor) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        boolean scored = false;
        if (request.q() != null && !request.q().isBlank()) {
            for (String word : words(request.q())) {
                query.add(word(word), Occur.MUST);
                scored = true;
            }
        }
        if (!scored) {
            query.add(new MatchAllDocsQuery(), Occur.MUST);
        }
        if (request.statuses() != null && !request.statuses().isEmpty()) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            for (TicketStatus status : request.statuses()) {
                any.add(term(TicketFields.STATUS, status.name()), Occur.SHOULD);
            }
            query.add(any.build(), Occur.FILTER);
        }
        filter(query, TicketFields.CUSTOMER, request.customerId());
        filter(query, TicketFields.SITE, request.siteId());
        filter(query, TicketFields.ASSET, request.assetId());
        filter(query, TicketFields.PRIORITY, request.priority() == null ? null : request.priority().name());
        filter(query, TicketFields.CHANNEL, request.channel() == null ? null : request.channel().name());
        filter(query, TicketFields.ENGINEER, request.engineerId());
        filter(query, TicketFields.RECORDED_BY, request.recordedBy());
        filter(query, TicketFields.SLA_BREACHED, request.slaBreached() == null ? null : request.slaBreached().toString());
        if (request.from() != null || request.to() != null) {
            long from = request.from() == null ? Long.MIN_VALUE : request.from().toEpochMilli();
            long to = request.to() == null ? Long.MAX_VALUE : request.to().toEpochMilli() - 1;
            query.add(LongPoint.newRangeQuery(TicketFields.RECORDED_AT, from, to), Occur.FILTER);
        }
        query.add(visibleTo(actor), Occur.FILTER);
        return query.build();
    }

    /** Customers see their organisation's tickets, engineers (not supervisors) theirs and the ones they recorded. */
    static Query visibleTo(Actor actor) {
        if (actor.hasRole("CUSTOMER")) {
            return term(TicketFields.CUSTOMER, actor.customerId() == null ? "" : actor.customerId());
        }
        if (actor.hasRole("ENGINEER") && !actor.hasRole("SUPERVISOR")) {
            BooleanQuery.Builder mine = new BooleanQuery.Builder();
            if (actor.engineerId() != null) {
                mine.add(term(TicketFields.ENGINEER, actor.engineerId()), Occur.SHOULD);
            }
            mine.add(term(TicketFields.RECORDED_BY, actor.subject()), Occur.SHOULD);
            return mine.build();
        }
        return new MatchAllDocsQuery();
    }

    /** The words of {@code q}; a 400 problem naming {@code q} when it is too long or holds nothing to search for. */
    static List<String> words(String q) {
        if (q.length() > MAX_Q) {
            throw invalid("must be at most " + MAX_Q + " characters");
        }
        if (q.chars().anyMatch(c -> Character.isISOControl(c) && !Character.isWhitespace(c))) {
            throw invalid("must not contain control characters");
        }
        List<String> words = List.of(q.strip().split("\\s+"));
        if (words.size() > MAX_WORDS) {
            throw invalid("must be at most " + MAX_WORDS + " words");
        }
        return words;
    }

    private Query word(String word) {
        BooleanQuery.Builder anywhere = new BooleanQuery.Builder();
        int clauses = 0;
        List<Token> tokens = tokens(word);
        if (!tokens.isEmpty()) {
            for (String field : TicketFields.TEXT) {
                anywhere.add(phrase(field, tokens), Occur.SHOULD);
                clauses++;
            }
        }
        String key = word.toLowerCase(Locale.ROOT);
        if (KEY.matcher(word).matches()) {
            // an exact number, asset id or serial ranks above the same characters found in the text
            anywhere.add(new BoostQuery(new PrefixQuery(new Term(TicketFields.NUMBER_KEY, key)), 4f), Occur.SHOULD);
            anywhere.add(new BoostQuery(term(TicketFields.ASSET_KEY, key), 4f), Occur.SHOULD);
            clauses += 2;
        }
        String digits = word.replaceAll("[\\s()+-]", "");
        if (DIGITS.matcher(digits).matches()) {
            anywhere.add(new BoostQuery(new PrefixQuery(new Term(TicketFields.PHONE, digits)), 4f), Occur.SHOULD);
            anywhere.add(new BoostQuery(new PrefixQuery(new Term(TicketFields.PHONE_REVERSED,
                    new StringBuilder(digits).reverse().toString())), 4f), Occur.SHOULD);
            clauses += 2;
        }
        if (clauses == 0) {
            throw invalid("'" + word + "' holds nothing to search for (letters, digits or Chinese characters)");
        }
        return anywhere.build();
    }

    private static Query phrase(String field, List<Token> tokens) {
        if (tokens.size() == 1) {
            return new TermQuery(new Term(field, tokens.getFirst().text()));
        }
        PhraseQuery.Builder phrase = new PhraseQuery.Builder();
        tokens.forEach(token -> phrase.add(new Term(field, token.text()), token.position()));
        return phrase.build();
    }

    /** A token of an analysed word and its position, which counts the stop words the analyzer left out. */
    record Token(String text, int position) {
    }

    /**
     * The word as the analysed fields hold it (every text field is analysed alike), at the positions the index has
     * them: Chinese as its character pairs, a single character only where no pair covers it (a one-character word),
     * so that the phrase lines up with the index's positions, where each character also stands alone.
     */
    List<Token> tokens(String word) {
        List<Token> all = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(TicketFields.SYMPTOM, word)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            TypeAttribute type = stream.addAttribute(TypeAttribute.class);
            stream.reset();
            int position = -1;
            while (stream.incrementToken()) {
                position += increment.getPositionIncrement();
                all.add(new Token(term.toString(), position));
                types.add(type.type());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.Set<Integer> paired = new java.util.HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            if (CJKBigramFilter.DOUBLE_TYPE.equals(types.get(i))) {
                paired.add(all.get(i).position());
                paired.add(all.get(i).position() + 1);
            }
        }
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            boolean single = CJKBigramFilter.SINGLE_TYPE.equals(types.get(i));
            if (!single || !paired.contains(all.get(i).position())) {
                tokens.add(all.get(i));
            }
        }
        return tokens;
    }

    private static void filter(BooleanQuery.Builder query, String field, String value) {
        if (value != null) {
            query.add(term(field, value), Occur.FILTER);
        }
    }

    private static Query term(String field, String value) {
        return new TermQuery(new Term(field, value));
    }

    static ApiProblem invalid(String message) {
        return ApiProblem.invalidField("q", message);
    }
}
