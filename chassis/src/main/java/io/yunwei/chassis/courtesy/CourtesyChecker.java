package io.yunwei.chassis.courtesy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * Finds the phrases a customer should never hear. Chinese phrases match anywhere in the text, except inside a
 * longer word listed as an exception; English phrases match whole words, ignoring case. Where phrases overlap,
 * the longest one is reported.
 */
public class CourtesyChecker {

    private static final Map<String, Boolean> BUILT_IN = Map.of("zh", false, "en", true);

    private final Map<String, Lexicon> lexicons;
    private final MeterRegistry meters;
    private final CourtesyRefusals refusals;

    CourtesyChecker(Map<String, Lexicon> lexicons, MeterRegistry meters, CourtesyRefusals refusals) {
        this.lexicons = Map.copyOf(lexicons);
        this.meters = meters;
        this.refusals = refusals;
    }

    /** The built-in Chinese and English lexicons. */
    public static CourtesyChecker standard() {
        return withExtraLexicons(List.of(), Metrics.globalRegistry);
    }

    /**
     * The built-in lexicons extended by files named {@code <language>.tsv} (for example {@code zh.tsv}) that a
     * service organisation keeps with its own phrases and exceptions.
     */
    public static CourtesyChecker withExtraLexicons(List<Path> files, MeterRegistry meters) {
        return withExtraLexicons(files, meters, CourtesyRefusals.NONE);
    }

    /** As {@link #withExtraLexicons(List, MeterRegistry)}, telling {@code refusals} of every text it refuses. */
    public static CourtesyChecker withExtraLexicons(List<Path> files, MeterRegistry meters,
            CourtesyRefusals refusals) {
        Map<String, Lexicon> lexicons = new LinkedHashMap<>();
        BUILT_IN.forEach((language, words) -> {
            try (InputStream in = CourtesyChecker.class.getResourceAsStream("/courtesy/" + language + ".tsv")) {
                lexicons.put(language, Lexicon.read(language, words, in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        for (Path file : files) {
            String language = file.getFileName().toString().replaceFirst("\\.tsv$", "");
            try (InputStream in = Files.newInputStream(file)) {
                Lexicon extra = Lexicon.read(language, BUILT_IN.getOrDefault(language, false), in);
                lexicons.merge(language, extra, Lexicon::plus);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new CourtesyChecker(lexicons, meters, refusals);
    }

    /**
     * Checks a text in the lexicon of its locale's language; without a locale, or for a language without a
     * lexicon, in every lexicon (texts to customers often mix Chinese and English).
     */
    public List<CourtesyFinding> check(String text, Locale locale) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        Lexicon chosen = locale == null ? null : lexicons.get(locale.getLanguage());
        List<Lexicon> applied = chosen == null ? List.copyOf(lexicons.values()) : List.of(chosen);
        List<CourtesyFinding> found = new ArrayList<>();
        for (Lexicon lexicon : applied) {
            found.addAll(find(text, lexicon));
        }
        List<CourtesyFinding> findings = longestOnly(found);
        findings.forEach(f -> Counter.builder("yunwei.courtesy.findings").description("Wording the courtesy checker flagged")
                .tag("category", f.category().name()).register(meters).increment());
        return findings;
    }

    /** Refuses a customer-facing text that has findings, and tells the checker's {@link CourtesyRefusals} of it. */
    public void requireCourteous(String field, String text, Locale locale) {
        List<CourtesyFinding> findings = check(text, locale);
        if (!findings.isEmpty()) {
            refusals.refused(field, findings);
            throw new DiscourteousTextException(field, findings);
        }
    }

    private static List<CourtesyFinding> find(String text, Lexicon lexicon) {
        String haystack = Lexicon.normalise(text, lexicon.wordBoundaries());
        List<int[]> excepted = new ArrayList<>();
        for (String exception : lexicon.exceptions()) {
            for (int at = haystack.indexOf(exception); at >= 0; at = haystack.indexOf(exception, at + 1)) {
                excepted.add(new int[] { at, at + exception.length() });
            }
        }
        List<CourtesyFinding> findings = new ArrayList<>();
        for (Lexicon.Entry entry : lexicon.entries()) {
            String phrase = entry.phrase();
            for (int at = haystack.indexOf(phrase); at >= 0; at = haystack.indexOf(phrase, at + 1)) {
                int start = at;
                int end = at + phrase.length();
                boolean covered = excepted.stream().anyMatch(range -> range[0] <= start && range[1] >= end);
                if (!covered && (!lexicon.wordBoundaries() || wholeWord(haystack, start, end))) {
                    findings.add(new CourtesyFinding(entry.category(), text.substring(start, end), start, end,
                            entry.suggestion()));
                }
            }
        }
        return findings;
    }

    private static boolean wholeWord(String text, int start, int end) {
        return (start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1)))
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)));
    }

    /** Drops a finding that lies inside a longer one (哥们 inside 哥们儿), and sorts by position. */
    private static List<CourtesyFinding> longestOnly(List<CourtesyFinding> found) {
        List<CourtesyFinding> kept = new ArrayList<>();
        for (CourtesyFinding candidate : found) {
            boolean inside = found.stream().anyMatch(other -> other != candidate
                    && other.start() <= candidate.start() && other.end() >= candidate.end()
                    && (other.end() - other.start()) > (candidate.end() - candidate.start()));
            boolean repeated = kept.stream().anyMatch(k -> k.start() == candidate.start() && k.end() == candidate.end());
            if (!inside && !repeated) {
                kept.add(candidate);
            }
        }
        kept.sort(Comparator.comparingInt(CourtesyFinding::start).thenComparingInt(CourtesyFinding::end));
        return List.copyOf(kept);
    }
}
